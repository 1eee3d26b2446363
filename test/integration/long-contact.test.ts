// 5,000 messages to one contact on Redis: its snapshot and its keys stay within the retention bound instead of growing with the conversation.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, policyFrom } from '../../domain/policy';
import { createEngine } from '../../services/engine/engine';
import { contactKeys } from '../../services/store/keys';
import { createRedisStore } from '../../services/store/redis';
import { useTestRedis } from '../setup/redis';

const redis = useTestRedis();
const T0 = 1_700_000_000_000;
const MESSAGES = 5_000;
/** Small caps, so the bound is reached early and then held for thousands of messages. */
const retention = { ...DEFAULT_POLICY.retention, journalEntries: 50, transcriptEntries: 100 };
const TEXTS = ['hi there', 'maybe', 'we are looking around', 'not sure yet', 'ok sounds good', 'what areas do you cover?', 'thanks', 'hmm let me think'];

const prefix = redis.nextPrefix();
const store = createRedisStore({ url: redis.url, prefix, retention });
afterAll(() => store.close());

describe('a contact that never stops talking', () => {
  it(`keeps its snapshot, journal and transcript keys at the size they had when the caps were first reached, after ${MESSAGES} messages`, async () => {
    const engine = createEngine({ store, policy: policyFrom({ retention }), clock: () => T0 + MESSAGES * 60_000, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
    const admin = redis.connect();
    const k = contactKeys(prefix, 'chatty');
    const sizes = async () => ({
      snapshot: Buffer.byteLength(JSON.stringify((await store.load('chatty'))?.snapshot ?? null)),
      record: Number(await admin.call('MEMORY', 'USAGE', k.record)),
      journal: Number(await admin.call('MEMORY', 'USAGE', k.journal)),
      transcript: Number(await admin.call('MEMORY', 'USAGE', k.transcript)),
      journalEntries: await admin.llen(k.journal),
      transcriptEntries: await admin.llen(k.transcript),
    });
    let atCaps: Awaited<ReturnType<typeof sizes>> | null = null;
    for (let i = 0; i < MESSAGES; i++) {
      const text = TEXTS[i % TEXTS.length] ?? 'ok';
      const result = await engine.handleInbound({ contactId: 'chatty', messageId: `m-${i}`, text, at: T0 + i * 60_000, locationId: null, conversationId: null });
      expect(result.status).toBe('processed');
      if (i === 2 * retention.journalEntries) atCaps = await sizes();
    }
    const end = await sizes();
    expect(atCaps).not.toBeNull();
    expect(end.journalEntries).toBe(retention.journalEntries);
    expect(end.transcriptEntries).toBe(retention.transcriptEntries);
    // Entries differ a little in size (texts, numbers); the growth seen before the fix was one entry per message.
    const bound = (bytes: number) => Math.ceil(bytes * 1.25);
    expect(end.snapshot).toBeLessThanOrEqual(bound(atCaps?.snapshot ?? 0));
    expect(end.record).toBeLessThanOrEqual(bound(atCaps?.record ?? 0));
    expect(end.journal).toBeLessThanOrEqual(bound(atCaps?.journal ?? 0));
    expect(end.transcript).toBeLessThanOrEqual(bound(atCaps?.transcript ?? 0));
    const record = await store.load('chatty');
    expect(record?.version).toBe(MESSAGES);
  }, 180_000);
});
