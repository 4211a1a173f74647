import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import { EDXML_NAMESPACE } from '../../src/edxml/edxml-types.js';
import { blobDirs, inPieces } from '../helpers/edxml-blob-dir.js';

const blobDir = blobDirs();

describe('edXML parse: the root element', () => {
  it('an envelope written as the root is refused with how to wrap it', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NAMESPACE}"><edXML:edXMLHeader/></edXML:edXMLEnvelope>`;
    await assert.rejects(parseEdxml(inPieces(Buffer.from(xml), 64), await blobDir(), { now: Date.now }), (err: Error) => {
      assert.match(err.message, /the root element is <edXML:edXMLEnvelope>, expected <edXML xmlns="http:\/\/www\.mic\.gov\.vn\/TBT\/QCVN_102_2016"> holding it/);
      assert.match(err.message, /wrap the envelope in <edXML>/);
      return true;
    });
  });
});
