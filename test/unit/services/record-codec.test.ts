// The Redis record's stored form: the deflated body round-trips, every older shape is still read, and the dictionary never changes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeRecordBody, locationSection, packageHash, packageSection, recordLocation, sectionPackage, splitStoredRecord } from '../../../services/store/record-codec';
import { RECORD_DICTIONARY_1 } from '../../../services/store/record-dictionary';

const pkg = { from: 'lead', to: 'buyer', at: 1, expiresAt: 2, facts: { goal: 'buy' } };
const record = {
  machineVersion: 2,
  version: 7,
  snapshot: { status: 'active', value: { buyer: 'budget' }, context: { contactId: 'c-1', facts: { goal: 'buy' }, note: 'ünïcode ✓', contextPackage: pkg } },
};
const json = JSON.stringify(record);
const stored = (...parts: Array<string | Buffer>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));

describe('record codec', () => {
  it('stores the body deflated behind its tag, far smaller than the JSON, and reads it back exactly', () => {
    const body = encodeRecordBody(json);
    expect(body[0]).toBe('z'.charCodeAt(0));
    expect(body.length).toBeLessThan(json.length / 2);
    expect(splitStoredRecord(stored('7:', body))).toEqual({ version: 7, section: null, location: null, body: json });
  });

  it('reads every shape written before: `<version>:<JSON>`, the JSON alone (an older hash field), a section before a JSON body', () => {
    expect(splitStoredRecord(stored(`7:${json}`))).toEqual({ version: 7, section: null, location: null, body: json });
    expect(splitStoredRecord(stored(json))).toEqual({ version: 0, section: null, location: null, body: json });
    expect(splitStoredRecord(stored(`7:@99=0123456789abcdef:${json}`))).toEqual({ version: 7, section: { expiresAt: 99, json: null, hash: '0123456789abcdef' }, location: null, body: json });
  });

  it('keeps a package that is not the snapshot\'s whole (its length in UTF-8 bytes), and one that is as a reference', () => {
    const other = '{"note":"über"}';
    const explicit = packageSection(other, 99, packageHash(pkg));
    expect(explicit).toBe(`!2r+${Buffer.byteLength(other)}:${other}`);
    const split = splitStoredRecord(stored(`7:${explicit}`, encodeRecordBody(json)));
    expect(split).toEqual({ version: 7, section: { expiresAt: 99, json: other, hash: null }, location: null, body: json });
    if (typeof split === 'string') throw new Error(split);
    expect(sectionPackage(split.section, record.snapshot, 98)).toBe(other);
    expect(sectionPackage(split.section, record.snapshot, 99)).toBeNull();

    // The same package with its keys in another order is still the snapshot's own.
    const reference = packageSection(JSON.stringify({ facts: pkg.facts, to: 'buyer', from: 'lead', expiresAt: 2, at: 1 }), 99, packageHash(pkg));
    expect(reference).toBe(`!2r=${packageHash(pkg)}:`);
    const byReference = splitStoredRecord(stored(`7:${reference}`, encodeRecordBody(json)));
    if (typeof byReference === 'string') throw new Error(byReference);
    expect(sectionPackage(byReference.section, record.snapshot, 0)).toBe(JSON.stringify(pkg));
    expect(sectionPackage(byReference.section, { context: { contextPackage: null } }, 0)).toBeUndefined();
  });

  it('keeps the location after the package section or alone (its length in UTF-8 bytes), read without inflating the body', () => {
    const location = locationSection('lök:~1');
    expect(location).toBe(`~${Buffer.byteLength('lök:~1')}:lök:~1`);
    const body = encodeRecordBody(json);
    const withBoth = stored(`7:${packageSection('{"a":1}', 99, null)}${location}`, body);
    expect(splitStoredRecord(withBoth)).toEqual({ version: 7, section: { expiresAt: 99, json: '{"a":1}', hash: null }, location: 'lök:~1', body: json });
    expect(recordLocation(withBoth)).toBe('lök:~1');
    expect(recordLocation(stored(`7:@99=0123456789abcdef:${location}`, 'zanything'))).toBe('lök:~1');
    expect(splitStoredRecord(stored(`7:${location}`, body))).toEqual({ version: 7, section: null, location: 'lök:~1', body: json });
    expect(recordLocation(stored('7:', body))).toBeNull();
    expect(recordLocation(stored(json))).toBeNull();
    expect(splitStoredRecord(stored('7:~5000:abc', body))).toBe('a location section longer than the record');
  });

  it('writes the expiry in base 36 behind `!`, and reads the decimal expiry behind `@` written before, with its location', () => {
    // As packageSection and locationSection wrote them at 84304e3: `@<expiresAt>=<hash>:` and `@<expiresAt>+<bytes>:<json>`.
    const byReference = stored(`5:@1796502603925=${packageHash(pkg)}:~6:loc-12`, encodeRecordBody(json));
    expect(splitStoredRecord(byReference)).toEqual({ version: 5, section: { expiresAt: 1_796_502_603_925, json: null, hash: packageHash(pkg) }, location: 'loc-12', body: json });
    expect(recordLocation(byReference)).toBe('loc-12');
    expect(splitStoredRecord(stored('5:@1796502603925+7:{"a":1}~6:loc-12', encodeRecordBody(json)))).toEqual({ version: 5, section: { expiresAt: 1_796_502_603_925, json: '{"a":1}', hash: null }, location: 'loc-12', body: json });
    const now = packageSection(JSON.stringify(pkg), 1_796_502_603_925, packageHash(pkg));
    expect(now).toBe(`!mxav9kt1=${packageHash(pkg)}:`);
    expect(`@1796502603925=${packageHash(pkg)}:`.length - now.length).toBe(5);
    expect(splitStoredRecord(stored(`5:${now}`, encodeRecordBody(json)))).toMatchObject({ section: { expiresAt: 1_796_502_603_925, hash: packageHash(pkg) } });
    expect(splitStoredRecord(stored('5:!zzzzzzzzzzzz=0123456789abcdef:', encodeRecordBody(json)))).toBe('a package section whose expiry is out of range');
  });

  it('names what is wrong with a record it cannot read', () => {
    expect(splitStoredRecord(stored('{"a"'.slice(1)))).toBe('a record without its version');
    expect(splitStoredRecord(stored('7:@99+500:{}', encodeRecordBody(json)))).toBe('a package section longer than the record');
    expect(splitStoredRecord(stored('7:zgarbage'))).toBe('a record body that is neither JSON nor deflated');
    expect(splitStoredRecord(stored('7:?'))).toBe('a record body that is neither JSON nor deflated');
  });

  it('has a dictionary that never changes (records in Redis need its exact bytes)', () => {
    expect(createHash('sha1').update(RECORD_DICTIONARY_1).digest('hex')).toBe('62c1c079f319a3b25047a9ee3ab211a5fe4ec92d');
  });
});
