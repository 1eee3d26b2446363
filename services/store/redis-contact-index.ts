// The contact list on Redis: a summary HASH, a recency ZSET, one ZSET per top-level state and exact counts, updated by contact-index.lua.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BOT_NAMES } from '../../domain/types';
import { before, page, topOf, type ContactIndex, type ContactSummary } from './contact-index';
import { contactIndexKeys } from './keys';
import type { RedisConnection } from './redis-client';

const LUA = readFileSync(new URL('./contact-index.lua', import.meta.url), 'utf8');

/** Defined once per client (EVALSHA, EVAL after a SCRIPT FLUSH), so a commit does not resend the script. */
const COMMAND = 'batonContactIndex';

const summarySchema = z.object({
  contactId: z.string(),
  state: z.string(),
  bot: z.enum(BOT_NAMES).nullable(),
  version: z.number().int(),
  lastMessageAt: z.number(),
});

export interface RedisContactIndexOptions {
  client: RedisConnection;
  prefix: string;
  /** The machine's top-level states: each gets its own ZSET, so `?state=` pages without scanning. */
  topStates: readonly string[];
}

function parseSummary(json: string | null | undefined): ContactSummary | null {
  if (json === null || json === undefined) return null;
  try {
    const parsed = summarySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function createRedisContactIndex(options: RedisContactIndexOptions): ContactIndex {
  const { client, topStates } = options;
  const keys = contactIndexKeys(options.prefix);
  const scriptKeys = [keys.recent, keys.summary, keys.counts, ...topStates.map(keys.state)];

  if (typeof Reflect.get(client, COMMAND) !== 'function') client.defineCommand(COMMAND, { numberOfKeys: scriptKeys.length, lua: LUA });
  const run = async (args: Array<string | number>): Promise<unknown> => {
    const command: unknown = Reflect.get(client, COMMAND);
    if (typeof command !== 'function') throw new Error(`${COMMAND} is not defined on this client`);
    const reply: unknown = await Reflect.apply(command, client, [...scriptKeys, ...args]);
    return reply;
  };

  /** Reads a ZSET newest first from the cursor on, in batches, until `limit + 1` summaries are found. */
  async function scan(zset: string, limit: number, cursor: ContactSummary | null, keep: (s: ContactSummary) => boolean): Promise<ContactSummary[]> {
    const found: ContactSummary[] = [];
    const cursorKey = cursor === null ? null : { at: cursor.lastMessageAt, id: cursor.contactId };
    const max = cursorKey === null ? '+inf' : String(cursorKey.at);
    const batch = Math.max(limit + 1, 50);
    for (let offset = 0; found.length <= limit; offset += batch) {
      const ids = await client.zrevrangebyscore(zset, max, '-inf', 'LIMIT', offset, batch);
      if (ids.length === 0) break;
      const raw = await client.hmget(keys.summary, ...ids);
      for (const json of raw) {
        const summary = parseSummary(json);
        if (summary !== null && before(summary, cursorKey) && keep(summary)) found.push(summary);
      }
      if (ids.length < batch) break;
    }
    return found;
  }

  return {
    async record(summary) {
      const top = topOf(summary.state);
      const slot = topStates.indexOf(top) + 1;
      await run(['record', summary.contactId, JSON.stringify(summary), summary.version, summary.lastMessageAt, slot, summary.state, top]);
    },
    async remove(contactId) {
      await run(['remove', contactId, '', 0, 0, 0, '', '']);
    },
    async list({ limit, cursor, state }) {
      const top = state === null ? null : topOf(state);
      const zset = top === null ? keys.recent : topStates.includes(top) ? keys.state(top) : null;
      if (zset === null) return { contacts: [], next: null };
      const at = cursor === null ? null : ({ contactId: cursor.id, lastMessageAt: cursor.at, state: '', bot: null, version: 0 } satisfies ContactSummary);
      const keep = (s: ContactSummary) => state === null || s.state === state || topOf(s.state) === state;
      return page(await scan(zset, limit, at, keep), limit);
    },
    async counts() {
      const raw = await client.hgetall(keys.counts);
      const counts: Record<string, number> = {};
      for (const [state, value] of Object.entries(raw)) {
        const n = Number.parseInt(value, 10);
        if (Number.isFinite(n) && n > 0) counts[state] = n;
      }
      return counts;
    },
    async close() {},
  };
}
