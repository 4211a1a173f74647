/** `lienthong send` reads a node's refusal of an API field in terms of the option the user gave. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inOptionTerms } from '../../src/cli/send-options.js';

describe('send: refusals in the options\' terms', () => {
  const given: Record<string, unknown> = { 'due-date': '2026-13-45', to: ['000.00.01.H44'], subject: 'x', expiry: undefined, number: '07' };
  it('names the option (and its value, where the node\'s rule does not quote it) for each field the command fills', () => {
    assert.equal(inOptionTerms('document.dueDate: "2026-13-45" is not a date', (o) => given[o]), '--due-date: "2026-13-45" is not a date');
    assert.equal(inOptionTerms('document.codeNumber: is over 11 characters', (o) => given[o]), '--number 07: is over 11 characters');
    assert.equal(inOptionTerms('to: recipient 000.00.01.H44 is listed twice', (o) => given[o]), '--to: recipient 000.00.01.H44 is listed twice');
    assert.equal(inOptionTerms('expirySeconds: longer than 7d', (o) => given[o]), '--expiry: longer than 7d', 'no value when none was given');
  });
  it('leaves other messages alone', () => {
    assert.equal(inOptionTerms('createdAtMs: in the future', (o) => given[o]), null);
    assert.equal(inOptionTerms('no colon here', (o) => given[o]), null);
  });
});
