// The Redis store's outbox: a contact's pending effects (a LIST of ids in commit order + a HASH of items), their
// in-flight markers, and the delivery steps around the head, each one round trip on the contact's slot.
import type { z } from 'zod';
import { contactIdFromOutboxKey, outboxPattern, type ContactKeys } from './keys';
import { runScript } from './redis-scripts';
import { scanNodes, type RedisConnection } from './redis-client';
import { effectHeadReplySchema, outboxItemSchema } from './schemas';
import type { BegunEffect, ContactStore, OutboxItem } from './types';

/** An in-flight marker outlives a contact's last attempt by this long (a pending effect older than that is resent without a read-back). */
const ATTEMPT_MARK_TTL_MS = 7 * 24 * 3_600_000;

/** An in-flight marker: `<time>` (older hosts, and attempts nobody named) or `<time>|<owner>`; null when unreadable. */
export function parseAttemptMarker(text: string): { at: number; by: string | null } | null {
  const bar = text.indexOf('|');
  const at = Number(bar === -1 ? text : text.slice(0, bar));
  if (!Number.isFinite(at)) return null;
  return { at, by: bar === -1 ? null : text.slice(bar + 1) };
}

/** Outbox ids read per step when looking for the next effect (normally the first one is it). */
const NEXT_EFFECT_BATCH = 4;

type OutboxMethods = Pick<
  ContactStore,
  | 'pendingEffects'
  | 'nextEffect'
  | 'contactsWithPendingEffects'
  | 'markDeliveredAndNext'
  | 'markEffect'
  | 'beginEffectAttempt'
  | 'beginNextEffect'
  | 'markDeliveredAndBeginNext'
  | 'handOverEffectAttempt'
  | 'clearEffectAttempt'
  | 'failedEffects'
>;

export interface RedisOutboxDeps {
  client: RedisConnection;
  prefix: string;
  keys: (contactId: string) => ContactKeys;
  /** Waits for the connection and turns a Redis failure into a StoreError. */
  op: <T>(fn: () => Promise<T>) => Promise<T>;
  /** JSON + schema, a StoreCorruptError naming the key when either fails. */
  parse: <T>(schema: z.ZodType<T>, text: string, contactId: string, key: string) => T;
}

export function createRedisOutbox({ client, prefix, keys, op, parse }: RedisOutboxDeps): OutboxMethods {
  /** effect-head.lua: the contact's next pending effect in one script, after marking `effectId` delivered and/or beginning an attempt. */
  async function effectHead(contactId: string, mode: 'next' | 'delivered' | 'begin' | 'delivered-begin', effectId: string, at = 0, owner = ''): Promise<BegunEffect> {
    const k = keys(contactId);
    const reply = await op(() => runScript(client, 'batonEffectHead', [k.outbox, k.effects, k.attempts], [mode, effectId, NEXT_EFFECT_BATCH, at, ATTEMPT_MARK_TTL_MS, owner]));
    const [text, began, earlier] = effectHeadReplySchema.parse(reply);
    const next = text === null ? null : parse(outboxItemSchema, text, contactId, k.effects);
    if (began === 0 || next === null) return { began: false, next };
    const marker = earlier === null ? null : parseAttemptMarker(earlier);
    return { began: true, next, earlier: marker?.at ?? null, earlierBy: marker?.by ?? null };
  }

  async function outboxItems(contactId: string, ids: string[]): Promise<OutboxItem[]> {
    if (ids.length === 0) return [];
    const k = keys(contactId);
    const values = await op(() => client.hmget(k.effects, ...ids));
    return values.flatMap((text) => (text === null ? [] : [parse(outboxItemSchema, text, contactId, k.effects)]));
  }

  return {
    async pendingEffects(contactId) {
      const ids = await op(() => client.lrange(keys(contactId).outbox, 0, -1));
      return outboxItems(contactId, ids);
    },

    async nextEffect(contactId) {
      return (await effectHead(contactId, 'next', '')).next;
    },

    async contactsWithPendingEffects() {
      return op(async () => {
        const found = new Set<string>();
        // SCAN may return a key twice; the set removes repeats. On a cluster each master holds its own
        // slots, so the SCAN runs on every master (no cross-slot index, no cross-slot script).
        for (const node of scanNodes(client)) {
          const stream = node.scanStream({ match: outboxPattern(prefix), type: 'list', count: 1_000 });
          for await (const batch of stream) {
            if (!Array.isArray(batch)) continue;
            for (const key of batch) {
              const contactId = typeof key === 'string' ? contactIdFromOutboxKey(prefix, key) : null;
              if (contactId !== null) found.add(contactId);
            }
          }
        }
        return [...found];
      });
    },

    async markDeliveredAndNext(contactId, effectId) {
      return (await effectHead(contactId, 'delivered', effectId)).next;
    },

    async markEffect(contactId, effectId, outcome) {
      // Delivered: the same step as markDeliveredAndNext (removing what is already gone does nothing).
      if (outcome.status === 'delivered') {
        await effectHead(contactId, 'delivered', effectId);
        return;
      }
      // Failed: the item stays, with its error. Only the dispatcher marks effects, one at a time per effect, so read-then-write needs no script.
      const k = keys(contactId);
      const text = await op(() => client.hget(k.effects, effectId));
      if (text === null) return;
      const item = parse(outboxItemSchema, text, contactId, k.effects);
      await op(() =>
        client
          .multi()
          .lrem(k.outbox, 0, effectId)
          .hdel(k.attempts, effectId)
          .hset(k.effects, effectId, JSON.stringify({ ...item, attempts: item.attempts + 1, status: 'failed', lastError: outcome.error }))
          .exec(),
      );
    },

    async beginEffectAttempt(contactId, effectId, at) {
      const k = keys(contactId);
      // One round trip on one slot: keep the first attempt's time, read back whichever is there.
      const [set, earlier] = await op(async () => {
        const replies = await client.multi().hsetnx(k.attempts, effectId, at).hget(k.attempts, effectId).pexpire(k.attempts, ATTEMPT_MARK_TTL_MS).exec();
        return (replies ?? []).map(([error, value]) => {
          if (error !== null) throw error;
          return value;
        });
      });
      if (set === 1 || typeof earlier !== 'string') return null;
      return parseAttemptMarker(earlier)?.at ?? null;
    },

    async beginNextEffect(contactId, effectId, at, owner) {
      return effectHead(contactId, 'begin', effectId, at, owner);
    },

    async markDeliveredAndBeginNext(contactId, effectId, at, owner) {
      return effectHead(contactId, 'delivered-begin', effectId, at, owner);
    },

    async handOverEffectAttempt(contactId, effectId, owner) {
      const k = keys(contactId);
      // Only the run that holds the marker hands it over, so read-then-write needs no script.
      const earlier = await op(() => client.hget(k.attempts, effectId));
      const marker = earlier === null ? null : parseAttemptMarker(earlier);
      if (marker === null) return;
      await op(() => client.hset(k.attempts, effectId, `${marker.at}|${owner}`));
    },

    async clearEffectAttempt(contactId, effectId) {
      await op(() => client.hdel(keys(contactId).attempts, effectId));
    },

    async failedEffects(contactId) {
      const k = keys(contactId);
      const all = await op(() => client.hvals(k.effects));
      return all
        .map((text) => parse(outboxItemSchema, text, contactId, k.effects))
        .filter((item) => item.status === 'failed')
        .sort((a, b) => a.effect.at - b.effect.at);
    },
  };
}
