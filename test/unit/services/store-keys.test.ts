// Hash tags in keys.ts: whatever a contact id holds (braces included), all its keys share one tag, and the sweep reads the id back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactIdFromOutboxKey, contactKeys, encodeTag } from '../../../services/store/keys';

/** Redis Cluster's rule: the text between the first `{` and the next `}`, when non-empty; else the whole key. */
function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

const nasty = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom('a}b', '{x}', '}', '{', '{}', '%7D', '%', 'a%7Bb', '}{', 'c}:record'),
  fc.array(fc.constantFrom('{', '}', '%', 'a', ':', '7', 'D', 'B'), { minLength: 1, maxLength: 12 }).map((chars) => chars.join('')),
);

describe('contact keys', () => {
  it('gives every key of a contact the same hash tag, whatever braces or percent signs the id holds', () => {
    fc.assert(
      fc.property(nasty, fc.string({ unit: fc.constantFrom('a', 'b', ':', '*', '['), maxLength: 6 }), (contactId, prefix) => {
        const keys = contactKeys(prefix, contactId);
        const all = [keys.record, keys.outbox, keys.effects, keys.journal, keys.transcript, keys.package, keys.lock, keys.seen, keys.legacyProcessed('m}1{')];
        const tags = new Set(all.map(hashTagOf));
        expect(tags).toEqual(new Set([encodeTag(contactId)]));
        expect(encodeTag(contactId)).not.toMatch(/[{}]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never lets two different ids share a tag, and reads the id back out of its outbox key', () => {
    fc.assert(
      fc.property(nasty, nasty, (a, b) => {
        if (a !== b) expect(encodeTag(a)).not.toBe(encodeTag(b));
        expect(contactIdFromOutboxKey('baton:', contactKeys('baton:', a).outbox)).toBe(a);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps the plain ids of GoHighLevel unchanged inside the tag', () => {
    expect(contactKeys('baton:', 'nmFmQEsNgz6AVpgLVUJ0').record).toBe('baton:{nmFmQEsNgz6AVpgLVUJ0}:record');
  });

  it('refuses a prefix with a brace, which would move the tag', () => {
    expect(() => contactKeys('ba{ton:', 'c')).toThrow(/prefix/);
  });
});
