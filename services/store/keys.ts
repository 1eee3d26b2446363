// Every Redis key Baton writes, in one place; a contact's keys are hash-tagged by contact so a commit touches one Cluster slot.
//
// Per contact (prefix defaults to `baton:`; builder: contactKeys):
//   {c}:record          STRING  `<version>:<package section><location section>z<deflated ContactRecord JSON>`
//                                (record-codec.ts: the package section keeps the handoff package, mostly as a reference
//                                to the snapshot's own; the location section `~<bytes>:<id>` the contact's GoHighLevel
//                                location, which the GoHighLevel registry reads; the body is raw deflate with the preset
//                                dictionary in record-dictionary.ts); older hosts wrote `<version>:<JSON>` or a HASH
//                                {v, data}: read, and replaced on the contact's next commit
//   {c}:seen            ZSET    processed messageIds (processedMember: the id, or `#` + its SHA-1 when longer than 60
//                                characters, empty or starting with `#`, so a member stays small enough for a listpack),
//                                score = epoch ms when marked; processed while the score is within processedIdsMs
//                                (7 days). Each mark drops the members past it and sets PX 7 days on the key, so an idle
//                                contact's set expires whole. One small set instead of a key per message (~70 B each).
//   {c}:msg:<messageId> STRING  legacy, no longer written: "1", PX 7 days, one key per processed messageId; still
//                                honoured by every processed check until they expire (legacyProcessed)
//   {c}:outbox          LIST    ids of pending effects in commit order; Redis deletes an empty list, so
//                                the key exists exactly while the contact has something to deliver
//   {c}:effects         HASH    effect id → OutboxItem JSON (pending and failed; delivered ones are removed)
//   {c}:attempts        HASH    effect id → epoch ms the first send attempt began (the in-flight marker;
//                                dropped when the effect is marked; PX 7 days from the latest attempt)
//   {c}:journal         LIST    JournalEntry packed (journal-pack.ts: `<at36>;<health>:y<deflated compact entry>`, the time in
//                                base 36, the health short (journal-health.ts), the texts in its dictionary 2; written
//                                before and still read: `<at>:<health>:y` and `:z` with the time in decimal and the health
//                                as JSON tuples, compact JSON, full JSON), newest first (LPUSH), capped
//   {c}:transcript      LIST    TranscriptEntry packed (transcript-pack.ts: `<at36>;z<deflated compact line>`; `<at>:z` with
//                                the time in decimal, the compact JSON array and the full object written before still
//                                read), oldest first (RPUSH), capped
//   {c}:package         STRING  legacy, no longer written: an older host's handoff package JSON, PX its TTL (24 h); read
//                                while the record has no section, carried into the record by the next commit, deleted
//   {c}:lock            STRING  the lock token, PX the lock TTL
//   {c}:changes         LIST    legacy, no longer written: the live feed's old resume log (PX 10 min, so gone 10 min
//                                after an upgrade; erase deletes it). A resume now reads the journal (change-history.ts)
//
// Shared by every host (same prefix):
//   learning:patterns                     HASH    `<route>|<pattern>|n` and `|ok` → counts (learningPatternsKey)
//   {health}:<bot>:<bucketStart>          HASH    calls, errors, l:<latency edge> → count; PX window + 2 buckets
//                                                  (healthBucketKey; one tag, so a read pipeline stays on one slot)
//   {ghl-rate:<location>}:recent          ZSET    requests in the current interval, score = time ms
//   {ghl-rate:<location>}:day:<utcDay>    STRING  requests that UTC day
//   {ghl-rate:<location>}:paused          STRING  epoch ms until which GoHighLevel asked us to stop
//                                                  (ghlRateBudgetKeys; one tag, so the Lua script's keys share a slot)
//   {ghl-sent}:<messageId>                STRING  "1", PX 24 h: a message GoHighLevel accepted (ghlSentKey)
//   {<contactId>}:location                STRING  legacy, no longer written: an older host's copy of the contact's
//                                                  GoHighLevel location, PX 30 d (ghlLocationKey; the raw id, not
//                                                  encodeTag: single-key commands only); read while the contact's
//                                                  record keeps no location (services/ghl/registry.ts)
//   {contacts}:recent                     ZSET    contact id, score = last message time (contactIndexKeys)
//   {contacts}:summary                    HASH    contact id → ContactSummary JSON
//   {contacts}:counts                     HASH    state name (top-level and full, e.g. `buyer`, `buyer.budget`) → contacts in it
//   {contacts}:state:<top>                ZSET    contact ids in one top-level state, score = last message time
//                                                  (one tag: contact-index.lua updates them in one step on one slot)
// Pub/sub channel (not a key): `<prefix>changes:<contactId>` carries each committed ContactChange (contactChangesChannel).
// BullMQ writes its own keys under `{baton-bull}:baton-effects:…` (DEFAULT_BULLMQ_PREFIX, EFFECTS_QUEUE_NAME).
// SQLite uses no keys.
//
// Inside the braces the contact id is percent-encoded for `%`, `{` and `}` (encodeTag), so no id can
// end the tag early or move a contact's keys to another slot.
//
// After a restart the dispatcher needs the contacts with pending effects. A global index (one SET of
// contact ids) would live in another slot and turn every commit into a cross-slot operation, so
// there is none: the sweep SCANs for `<prefix>{*}:outbox` (TYPE list) and reads the contact id
// back out of the key. On Redis Cluster the sweep runs that SCAN on every master. SCAN is O(keyspace)
// but runs once per restart (and on an idle timer at most), never per message.

import { createHash } from 'node:crypto';

export const DEFAULT_PREFIX = 'baton:';

/** BullMQ's own key prefix, hash-tagged so every key and script of a queue lives in one Cluster slot. */
export const DEFAULT_BULLMQ_PREFIX = '{baton-bull}';

/** The effect queue's name, the second part of every BullMQ key. */
export const EFFECTS_QUEUE_NAME = 'baton-effects';

export interface ContactKeys {
  record: string;
  outbox: string;
  effects: string;
  attempts: string;
  journal: string;
  transcript: string;
  package: string;
  lock: string;
  /** The processed messageIds (ZSET, member processedMember(id), score = when marked). */
  seen: string;
  /** The key older hosts marked one processed messageId with (read, never written). */
  legacyProcessed(messageId: string): string;
}

const MAX_PLAIN_MEMBER = 60;

/** A messageId's member in `{c}:seen`: the id itself when short, else `#` + its SHA-1 (a `#` first or an empty id is hashed too, so no two ids share a member). */
export function processedMember(messageId: string): string {
  if (messageId.length > 0 && messageId.length <= MAX_PLAIN_MEMBER && !messageId.startsWith('#')) return messageId;
  return `#${createHash('sha1').update(messageId).digest('hex')}`;
}

/**
 * Redis Cluster hashes the text between the first `{` and the next `}`. A contact id holding `}`
 * would end the tag early (and `{` in a prefix would start it early), moving a contact's keys to
 * other slots. So inside the tag `%`, `{` and `}` are percent-encoded: reversible, and the same id
 * always gives the same tag. The webhook already limits ids to [A-Za-z0-9_-]; this is the store's
 * own guarantee for every other caller.
 */
export function encodeTag(contactId: string): string {
  return contactId.replace(/[%{}]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeTag(encoded: string): string {
  return encoded.replace(/%(25|7B|7D)/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The hash tag: everything of one contact shares `{contactId}`, hence one slot. */
function tag(prefix: string, contactId: string): string {
  // An empty tag `{}` is ignored by Redis Cluster (the whole key is hashed), which would scatter the keys.
  if (contactId === '') throw new Error('contactId must not be empty');
  if (/[{}]/.test(prefix)) throw new Error('a key prefix must not contain { or } (it would move the hash tag)');
  return `${prefix}{${encodeTag(contactId)}}`;
}

export function contactKeys(prefix: string, contactId: string): ContactKeys {
  const base = tag(prefix, contactId);
  return {
    record: `${base}:record`,
    outbox: `${base}:outbox`,
    effects: `${base}:effects`,
    attempts: `${base}:attempts`,
    journal: `${base}:journal`,
    transcript: `${base}:transcript`,
    package: `${base}:package`,
    lock: `${base}:lock`,
    seen: `${base}:seen`,
    legacyProcessed: (messageId: string) => `${base}:msg:${messageId}`,
  };
}

/** Glob-escapes the prefix so a prefix with `*` or `[` cannot widen the sweep. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

const OUTBOX_SUFFIX = '}:outbox';

/** The SCAN MATCH pattern that finds every outbox list under `prefix`. */
export function outboxPattern(prefix: string): string {
  return `${escapeGlob(prefix)}{*${OUTBOX_SUFFIX}`;
}

/** The contact id inside an outbox key found by the sweep, or null for a key that is not one. */
export function contactIdFromOutboxKey(prefix: string, key: string): string | null {
  const head = `${prefix}{`;
  if (!key.startsWith(head) || !key.endsWith(OUTBOX_SUFFIX)) return null;
  const encoded = key.slice(head.length, key.length - OUTBOX_SUFFIX.length);
  if (encoded === '' || /[{}]/.test(encoded)) return null;
  return decodeTag(encoded);
}

/** The learned-threshold counts every host shares. */
export function learningPatternsKey(prefix: string): string {
  return `${prefix}learning:patterns`;
}

/** One bot's health bucket starting at `start` (epoch ms). */
export function healthBucketKey(prefix: string, bot: string, start: number): string {
  return `${prefix}{health}:${bot}:${start}`;
}

/** GoHighLevel's request budget for one location; `utcDay` is the day number since the epoch. */
export function ghlRateBudgetKeys(prefix: string, locationId: string, utcDay: number): { recent: string; day: string; paused: string } {
  const base = `${prefix}{ghl-rate:${locationId}}`;
  return { recent: `${base}:recent`, day: `${base}:day:${utcDay}`, paused: `${base}:paused` };
}

/** Marks a message GoHighLevel accepted, so a retried delivery is not sent twice. */
export function ghlSentKey(prefix: string, messageId: string): string {
  return `${prefix}{ghl-sent}:${messageId}`;
}

/** Where older hosts kept the GoHighLevel location a contact belongs to (read, no longer written: the record keeps it). */
export function ghlLocationKey(prefix: string, contactId: string): string {
  return `${prefix}{${contactId}}:location`;
}

/** A contact's legacy change log (no longer written; erase still deletes it), in the contact's slot. */
export function contactChangesKey(prefix: string, contactId: string): string {
  return `${tag(prefix, contactId)}:changes`;
}

/** The pub/sub channel a contact's committed changes are published on (channels are not keys: no slot). */
export function contactChangesChannel(prefix: string, contactId: string): string {
  return `${prefix}changes:${contactId}`;
}

export interface ContactIndexKeys {
  recent: string;
  summary: string;
  counts: string;
  /** One ZSET per top-level state. */
  state(top: string): string;
}

/** The contact list's keys, all under one `{contacts}` tag so contact-index.lua touches one slot. */
export function contactIndexKeys(prefix: string): ContactIndexKeys {
  const base = `${prefix}{contacts}`;
  return { recent: `${base}:recent`, summary: `${base}:summary`, counts: `${base}:counts`, state: (top: string) => `${base}:state:${top}` };
}
