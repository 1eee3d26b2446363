// The Redis ContactStore: every commit is one Lua script on one hash-tagged slot; see keys.ts for the layout.
import type { z } from 'zod';
import type { CommitInput, CommitResult, ContactRecord, ContactStore, JournalEntry, OutboxItem, TranscriptEntry } from './types';
import { StoreCorruptError, StoreScriptError, VersionConflictError } from './errors';
import { DEFAULT_PREFIX, contactChangesKey, type ContactKeys, contactKeys, processedMember } from './keys';
import { DEFAULT_POLICY, type RetentionRules } from '../../domain/policy';
import { historyCutoff } from './retention';
import { createReadiness, createRedisConnection, toStoreError, type RedisConnection, type RedisTarget } from './redis-client';
import { createRedisLocks } from './redis-lock';
import { createLockLoad } from './redis-lock-load';
import { defineScripts, runScript } from './redis-scripts';
import { commitReplySchema, contactRecordSchema } from './schemas';
import { createRedisOutbox } from './redis-outbox';
import { compactTranscriptLine, decodeTranscriptEntry } from './transcript-codec';
import { packTranscriptLine, unpackTranscriptLine } from './transcript-pack';
import { compactJournalEntry, decodeJournalEntry, healthToken } from './journal-codec';
import { packJournalEntry, unpackJournalEntry } from './journal-pack';
import { encodeRecordBody, explicitSection, locationSection, packageHash, packageSection, sectionPackage, snapshotPackage, splitStoredRecord, type StoredRecord } from './record-codec';

export type RedisStoreOptions = ({ url: string } | { target: RedisTarget } | { client: RedisConnection }) & {
  /** Key prefix, default `baton:`; tests use one per file. */
  prefix?: string;
  /** How long the first command waits for the initial connection. Default 2000 ms. */
  firstConnectTimeoutMs?: number;
  onError?: (error: Error) => void;
  onLockLost?: (contactId: string) => void;
  /** How much history a contact keeps (the policy's retention). */
  retention?: RetentionRules;
};

const COMMIT_KEY_NAMES = ['record', 'seen', 'outbox', 'effects', 'journal', 'transcript', 'package', 'legacy processed mark', 'lock'] as const;

export function createRedisStore(options: RedisStoreOptions): ContactStore {
  const ownsClient = !('client' in options);
  const clientOptions = options.onError ? { onError: options.onError } : {};
  const client =
    'client' in options ? options.client : createRedisConnection('url' in options ? { kind: 'single', url: options.url } : options.target, clientOptions);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const retention = options.retention ?? DEFAULT_POLICY.retention;
  const keys = (contactId: string) => contactKeys(prefix, contactId);
  const ready = createReadiness(client, options.firstConnectTimeoutMs ?? 2_000);
  defineScripts(client);
  const locks = createRedisLocks({
    client,
    lockKey: (contactId) => keys(contactId).lock,
    ready,
    ...(options.onLockLost ? { onLost: options.onLockLost } : {}),
  });

  async function op<T>(fn: () => Promise<T>): Promise<T> {
    await ready();
    try {
      return await fn();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  function parseJson(text: string, contactId: string, key: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new StoreCorruptError(contactId, key, 'malformed JSON value');
    }
  }

  /** The record as stored (record-codec.ts): `<version>:<section><JSON>` (a string key), or the JSON alone (an older host's hash field). */
  function splitRecord(stored: Buffer, contactId: string, key: string): StoredRecord {
    const split = splitStoredRecord(stored);
    if (typeof split === 'string') throw new StoreCorruptError(contactId, key, split);
    return split;
  }

  function parseRecord(stored: Buffer, contactId: string, key: string): ContactRecord {
    return parse(contactRecordSchema, splitRecord(stored, contactId, key).body, contactId, key);
  }

  /** The stored record's text: a string since the version prefix, an older host's hash (WRONGTYPE for GET) until the contact's next commit. */
  async function readRecord(k: ContactKeys): Promise<Buffer | null> {
    return op(() =>
      client.getBuffer(k.record).catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return client.hgetBuffer(k.record, 'data');
        throw error;
      }),
    );
  }

  /** The package kept in the stored record as an explicit section, for commit.lua when the new snapshot no longer holds the one it refers to. */
  async function keptPackageSection(contactId: string): Promise<string> {
    const k = keys(contactId);
    const stored = await readRecord(k);
    const split = stored === null ? null : splitRecord(stored, contactId, k.record);
    if (split?.section == null) throw new StoreScriptError('commit.lua asked for a package the record does not keep');
    const record = parse(contactRecordSchema, split.body, contactId, k.record);
    const json = sectionPackage(split.section, record.snapshot, Number.NEGATIVE_INFINITY);
    if (json == null) throw new StoreCorruptError(contactId, k.record, 'a package reference the snapshot does not hold');
    return explicitSection(split.section, json);
  }

  function parse<T>(schema: z.ZodType<T>, text: string, contactId: string, key: string): T {
    const value = parseJson(text, contactId, key);
    const result = schema.safeParse(value);
    if (!result.success) throw new StoreCorruptError(contactId, key, `value of an unexpected shape (${result.error.issues[0]?.message ?? 'invalid'})`);
    return result.data;
  }

  async function commit(input: CommitInput, keptSection = ''): Promise<CommitResult> {
    const k = keys(input.contactId);
    const version = input.expectedVersion + 1;
    const now = Date.now();
    const own = snapshotPackage(input.record.snapshot);
    const ownHash = own === null ? null : packageHash(own);
    const pkg = input.contextPackage;
    const commitKeys = [k.record, k.seen, k.outbox, k.effects, k.journal, k.transcript, k.package, k.legacyProcessed(input.messageId ?? ''), k.lock];
    // The lock goes with the commit when it is this store's (its token in the lock key): one round trip fewer per message.
    const lockToken = input.releaseLock?.releasedByCommit === undefined ? '' : input.releaseLock.token;
    const effectArgs = input.effects.flatMap((effect) => {
      const item: OutboxItem = { effect, attempts: 0, status: 'pending', lastError: null };
      return [effect.id, JSON.stringify(item)];
    });
    const args: Array<string | number | Buffer> = [
      input.expectedVersion,
      encodeRecordBody(JSON.stringify({ ...input.record, version })),
      input.messageId === null ? '' : processedMember(input.messageId),
      retention.processedIdsMs,
      packJournalEntry(compactJournalEntry({ ...input.journal, version })),
      retention.journalEntries,
      retention.transcriptEntries,
      pkg === null ? keptSection : packageSection(pkg.json, now + pkg.ttlMs, ownHash),
      ownHash ?? '',
      input.effects.length,
      historyCutoff(input, retention),
      now,
      healthToken(input.journal),
      input.location == null || input.location === '' ? '' : locationSection(input.location),
      lockToken,
      ...effectArgs,
      ...input.transcript.map((entry) => packTranscriptLine(compactTranscriptLine(input.contactId, entry))),
    ];
    const reply = await op(() => runScript(client, 'batonCommit', commitKeys, args));
    const parsed = commitReplySchema.safeParse(reply);
    if (!parsed.success) throw new StoreScriptError(`commit.lua answered ${JSON.stringify(reply)}`);
    const [code, value] = parsed.data;
    switch (parsed.data[0]) {
      case 1:
        if (parsed.data[3] === 1) input.releaseLock?.releasedByCommit?.();
        return parsed.data[2] === null ? { status: 'committed', version: value } : { status: 'committed', version: value, nextEffectId: parsed.data[2] };
      case 0:
        return { status: 'duplicate' };
      case -1:
        throw new VersionConflictError(input.contactId, input.expectedVersion, value);
      case -3:
        // The kept package was the snapshot's own, and this snapshot holds another: keep it as given instead.
        if (keptSection !== '') throw new StoreScriptError('commit.lua asked twice for the kept package');
        return commit(input, await keptPackageSection(input.contactId));
      case -2: {
        const key = commitKeys[value - 1] ?? `KEYS[${value}]`;
        throw new StoreCorruptError(input.contactId, key, `${parsed.data[2]} (${COMMIT_KEY_NAMES[value - 1] ?? 'unknown'})`);
      }
      default:
        throw new StoreScriptError(`commit.lua answered code ${code}`);
    }
  }

  return {
    kind: 'redis',

    async load(contactId: string): Promise<ContactRecord | null> {
      const k = keys(contactId);
      const text = await readRecord(k);
      return text === null ? null : parseRecord(text, contactId, k.record);
    },

    async isProcessed(contactId: string, messageId: string): Promise<boolean> {
      const k = keys(contactId);
      // One round trip on one slot: the mark in the set (within its lifetime) or an older host's key.
      const [legacy, marked] = await op(async () => {
        const replies = await client.multi().exists(k.legacyProcessed(messageId)).zscore(k.seen, processedMember(messageId)).exec();
        return (replies ?? []).map(([error, value]) => {
          if (error !== null) throw error;
          return value;
        });
      });
      return legacy === 1 || (typeof marked === 'string' && Number(marked) > Date.now() - retention.processedIdsMs);
    },

    commit,

    acquireLock: (contactId, lockOptions) => locks.acquire(contactId, lockOptions),

    acquireAndLoad: createLockLoad({ client, locks, keys, processedMs: retention.processedIdsMs, parseRecord }),

    async journal(contactId: string, limit: number): Promise<JournalEntry[]> {
      if (limit <= 0) return [];
      const k = keys(contactId);
      const stored = await op(() => client.lrangeBuffer(k.journal, 0, limit - 1));
      // Newest first, as stored: an entry may take its health from the one before it in the list.
      const entries: JournalEntry[] = [];
      for (const bytes of stored) {
        const unpacked = unpackJournalEntry(bytes);
        if (!unpacked.ok) throw new StoreCorruptError(contactId, k.journal, `a journal entry that does not read (${unpacked.error})`);
        const decoded = decodeJournalEntry(unpacked.value, entries[entries.length - 1] ?? null);
        if (!decoded.ok) throw new StoreCorruptError(contactId, k.journal, `value of an unexpected shape (${decoded.error})`);
        entries.push(decoded.entry);
      }
      return entries;
    },

    async transcript(contactId: string): Promise<TranscriptEntry[]> {
      const k = keys(contactId);
      const stored = await op(() => client.lrangeBuffer(k.transcript, 0, -1));
      return stored.map((bytes) => {
        const unpacked = unpackTranscriptLine(bytes);
        if (!unpacked.ok) throw new StoreCorruptError(contactId, k.transcript, `a transcript line that does not read (${unpacked.error})`);
        const decoded = decodeTranscriptEntry(contactId, unpacked.value);
        if (!decoded.ok) throw new StoreCorruptError(contactId, k.transcript, `value of an unexpected shape (${decoded.error})`);
        return decoded.entry;
      });
    },

    async contextPackage(contactId: string): Promise<string | null> {
      const k = keys(contactId);
      const stored = await readRecord(k);
      const split = stored === null ? null : splitRecord(stored, contactId, k.record);
      // No section: no package, or an older host's record whose package is still the package key's.
      if (split?.section == null) return op(() => client.get(k.package));
      const record = parse(contactRecordSchema, split.body, contactId, k.record);
      const json = sectionPackage(split.section, record.snapshot, Date.now());
      if (json === undefined) throw new StoreCorruptError(contactId, k.record, 'a package reference the snapshot does not hold');
      return json;
    },

    ...createRedisOutbox({ client, prefix, keys, op, parse }),

    async erase(contactId: string, markProcessed?: string): Promise<void> {
      const k = keys(contactId);
      // One MULTI on one slot: the erase and the delete's own processed mark land together. The legacy change log
      // (written by hosts before it was dropped, PX 10 min) goes with the rest.
      const tx = client.multi().del(k.record, k.outbox, k.effects, k.attempts, k.journal, k.transcript, k.package, contactChangesKey(prefix, contactId));
      if (markProcessed !== undefined) {
        const now = Date.now();
        tx.zadd(k.seen, now, processedMember(markProcessed)).zremrangebyscore(k.seen, '-inf', now - retention.processedIdsMs).pexpire(k.seen, retention.processedIdsMs);
      }
      await op(() => tx.exec());
    },

    async ping(): Promise<boolean> {
      try {
        return (await op(() => client.ping())) === 'PONG';
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      locks.stopAll();
      if (ownsClient) await client.quit().catch(() => client.disconnect());
    },
  };
}
