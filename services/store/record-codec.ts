// The Redis record's stored form: its version, the contact's handoff package (mostly a reference into the snapshot), the record deflated. Reads every older shape.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { RECORD_DICTIONARY_1 } from './record-dictionary';

/*
 * `<version>:<section><body>` (commit.lua reads the version and the section; it never reads the body)
 *   section, absent when no package is kept (or, on a record an older host wrote, when the package is in the
 *   contact's `package` key):
 *     !<expiresAt>=<hash>:          the package is the snapshot's own `context.contextPackage` (the engine's case:
 *                                   it commits that package at each handoff), stored once; hash = the first 16 hex
 *                                   digits of the SHA-1 of its JSON with its keys sorted (a snapshot read back through
 *                                   its zod schema holds the same package with its keys in another order),
 *                                   so commit.lua can tell whether a later snapshot still holds the same package.
 *                                   Read back as the snapshot holds it: the same JSON value as committed, its keys
 *                                   possibly in another order
 *     !<expiresAt>+<bytes>:<json>   any other package, as given (<bytes> = its UTF-8 length)
 *   expiresAt: epoch ms (the committing host's clock + the package's TTL) in base 36; an expired package is not
 *   returned and is dropped at the contact's next commit. Written before and still read: `@` and the expiry in decimal
 *   (commit.lua still writes that form when it carries an older host's package key into the record).
 *   location section, absent when no inbound message said one (or on a record written before it was kept here):
 *     ~<bytes>:<location>           the contact's GoHighLevel location as the latest inbound message said it (<bytes> =
 *                                   its UTF-8 length); commit.lua keeps it through a commit that says none. The
 *                                   GoHighLevel registry reads it (recordLocation) without inflating the body
 *   body: `z` + the ContactRecord JSON as raw deflate with the preset dictionary 1 (record-dictionary.ts), bytes,
 *   not text (~1.4 KB of JSON in ~170 B); or, as written before, the JSON itself (it starts with `{`).
 * An older host's record is `<version>:<JSON>` (no section) or a HASH { v, data }.
 */

const HASH_HEX = 16;

export interface PackageSection {
  expiresAt: number;
  /** The package's JSON, or null when it is the snapshot's `context.contextPackage` with this hash. */
  json: string | null;
  hash: string | null;
}

export interface StoredRecord {
  version: number;
  /** null: no section (no package kept, or an older host's record). */
  section: PackageSection | null;
  /** The contact's GoHighLevel location; null when the record keeps none. */
  location: string | null;
  /** The ContactRecord JSON, inflated. */
  body: string;
}

const DEFLATED_1 = 0x7a; // `z`
const JSON_START = 0x7b; // `{`

/** The body a commit stores: the record's JSON deflated with dictionary 1, behind its tag. */
export function encodeRecordBody(json: string): Buffer {
  const deflated = deflateRawSync(json, { dictionary: RECORD_DICTIONARY_1 });
  return Buffer.concat([Buffer.of(DEFLATED_1), deflated]);
}

/** The JSON of a stored body, either shape; null when it is neither (or does not inflate). */
function decodeRecordBody(body: Buffer): string | null {
  if (body[0] === JSON_START) return body.toString();
  if (body[0] !== DEFLATED_1) return null;
  try {
    return inflateRawSync(body.subarray(1), { dictionary: RECORD_DICTIONARY_1 }).toString();
  } catch {
    return null;
  }
}

/**
 * The package's JSON with its own keys sorted: the snapshot's zod schema moves the keys it names ahead of the others,
 * nothing deeper. A package whose nested keys differ in order only hashes differently: it is then kept whole, never
 * mistaken for another.
 */
function sortedJson(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value) ?? 'null';
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function packageHash(value: unknown): string {
  return createHash('sha1').update(sortedJson(value)).digest('hex').slice(0, HASH_HEX);
}

/** The snapshot's `context.contextPackage`, null when it holds none (or is not a conversation snapshot). */
export function snapshotPackage(snapshot: unknown): object | null {
  if (typeof snapshot !== 'object' || snapshot === null || !('context' in snapshot)) return null;
  const { context } = snapshot;
  if (typeof context !== 'object' || context === null || !('contextPackage' in context)) return null;
  const pkg = context.contextPackage;
  return typeof pkg === 'object' && pkg !== null ? pkg : null;
}

function parsedJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** The section a commit carrying a package writes: a reference when the package is the snapshot's own (hash: packageHash of that package, null when it holds none). */
export function packageSection(json: string, expiresAt: number, snapshotHash: string | null): string {
  const at = Math.floor(expiresAt);
  if (snapshotHash !== null) {
    const value = parsedJson(json);
    if (value !== undefined && packageHash(value) === snapshotHash) return `!${at.toString(36)}=${snapshotHash}:`;
  }
  return `!${at.toString(36)}+${Buffer.byteLength(json)}:${json}`;
}

/** The explicit section for a package read back (commit.lua asks for it when the snapshot stops holding it). */
export function explicitSection(section: PackageSection, json: string): string {
  return `!${section.expiresAt.toString(36)}+${Buffer.byteLength(json)}:${json}`;
}

/** The version, then the package section: `!` and the expiry in base 36, or `@` and the expiry in decimal as written before. */
const HEAD = /^(\d+):(?:(?:!([0-9a-z]+)|@(\d+))([=+])([0-9a-f]+):)?/;
const LOCATION = /^~(\d+):/;
/** The head is ASCII and short: the version, the expiry and the hash or length. */
const HEAD_MAX = 80;

/** The version and sections of a stored record, and where its body starts; a string when they do not read (the reason). */
function splitHead(stored: Buffer): { version: number; section: PackageSection | null; location: string | null; rest: Buffer } | string {
  const head = HEAD.exec(stored.subarray(0, HEAD_MAX).toString('latin1'));
  if (head === null) return 'a record without its version';
  const [whole, version, base36, decimal, kind, value] = head;
  let rest = stored.subarray(whole.length);
  let section: PackageSection | null = null;
  const expiresAt = base36 === undefined ? Number(decimal) : Number.parseInt(base36, 36);
  if ((base36 !== undefined || decimal !== undefined) && kind !== undefined && value !== undefined) {
    if (!Number.isSafeInteger(expiresAt)) return 'a package section whose expiry is out of range';
    if (kind === '=') section = { expiresAt, json: null, hash: value };
    else {
      const bytes = Number(value);
      if (!/^\d+$/.test(value) || bytes > rest.length) return 'a package section longer than the record';
      section = { expiresAt, json: rest.subarray(0, bytes).toString(), hash: null };
      rest = rest.subarray(bytes);
    }
  }
  let location: string | null = null;
  const located = LOCATION.exec(rest.subarray(0, HEAD_MAX).toString('latin1'));
  if (located !== null) {
    const [text, length] = located;
    const bytes = Number(length);
    if (text.length + bytes > rest.length) return 'a location section longer than the record';
    location = rest.subarray(text.length, text.length + bytes).toString();
    rest = rest.subarray(text.length + bytes);
  }
  return { version: Number(version), section, location, rest };
}

/**
 * Splits a stored record and inflates its body; a string null when it does not start with its version or its body
 * is neither shape (the reason). An older host's hash field (the JSON alone) is version 0 here.
 */
export function splitStoredRecord(stored: Buffer): StoredRecord | string {
  if (stored[0] === JSON_START) return { version: 0, section: null, location: null, body: stored.toString() };
  const head = splitHead(stored);
  if (typeof head === 'string') return head;
  const body = decodeRecordBody(head.rest);
  return body === null ? 'a record body that is neither JSON nor deflated' : { version: head.version, section: head.section, location: head.location, body };
}

/** The location a stored record keeps (its body is not read); null when none, or when the record does not read. */
export function recordLocation(stored: Buffer): string | null {
  if (stored[0] === JSON_START) return null;
  const head = splitHead(stored);
  return typeof head === 'string' ? null : head.location;
}

/** The section a commit saying a location writes. */
export function locationSection(location: string): string {
  return `~${Buffer.byteLength(location)}:${location}`;
}

/**
 * The package a section keeps, as of `now`: null when none or expired; for a reference, the snapshot's package
 * (`undefined` when the snapshot no longer holds that package: the record is corrupt).
 */
export function sectionPackage(section: PackageSection | null, snapshot: unknown, now: number): string | null | undefined {
  if (section === null || section.expiresAt <= now) return null;
  if (section.json !== null) return section.json;
  const pkg = snapshotPackage(snapshot);
  return pkg !== null && packageHash(pkg) === section.hash ? JSON.stringify(pkg) : undefined;
}
