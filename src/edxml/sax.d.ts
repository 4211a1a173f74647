/**
 * The part of sax 1.6 (a CommonJS package without its own types) that the edXML parser uses:
 * strict mode with namespaces (`xmlns: true`).
 */
declare module 'sax' {
  export interface QualifiedTag {
    name: string;
    prefix: string;
    local: string;
    uri: string;
    isSelfClosing: boolean;
  }

  export interface ProcessingInstruction {
    name: string;
    body: string;
  }

  export interface SAXParser {
    line: number;
    column: number;
    /** Characters read so far (with `position: true`). */
    position: number;
    /** Where the tag or processing instruction being read or just read starts (its "<", counted from 1). */
    startTagPosition: number;
    /** What the parser is in the middle of: one of sax.STATE. */
    state: number;
    /** Text read and not yet emitted. */
    textNode: string;
    /** The entity being read (its name without & and ;), e.g. when it is refused. */
    entity: string;
    onerror: (err: Error) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    onopentag: (tag: QualifiedTag) => void;
    onclosetag: (name: string) => void;
    onprocessinginstruction: (pi: ProcessingInstruction) => void;
    ondoctype: (doctype: string) => void;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }

  const sax: {
    parser(strict: boolean, opt?: { xmlns?: boolean; position?: boolean; strictEntities?: boolean }): SAXParser;
    MAX_BUFFER_LENGTH: number;
    STATE: { TEXT: number } & Record<string, number>;
  };
  export default sax;
}
