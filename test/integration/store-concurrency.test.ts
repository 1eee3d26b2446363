// Two engine instances on separate Redis connections race for the same contacts: exactly-once, gapless versions, guards hold.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type BatonEngine } from '../../services/engine/engine';
import { LockBusyError, type InboundMessage, type InboundResult } from '../../services/engine/types';
import { createRedisStore } from '../../services/store/redis';
import { StoreError } from '../../services/store/errors';
import type { ContactStore, JournalEntry } from '../../services/store/types';
import { DEFAULT_POLICY } from '../../domain/policy';
import { DAY_MS, HOUR_MS } from '../../domain/time';
import { useTestRedis } from '../setup/redis';

const redis = useTestRedis();
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;
const TEXTS = [
  'I want to sell my house',
  "We're pre-approved and looking to buy a 3 bed around $450k",
  'ok sounds good',
  'what’s my home worth?',
  'need to sell before buying',
  'looking to buy a new home, budget $600k',
];

interface Pair {
  stores: ContactStore[];
  engines: BatonEngine[];
}

const opened: ContactStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

/** Two engines sharing a prefix, each with its own store and connection, as two host processes would. */
function twoEngines(prefix: string): Pair {
  const stores = [createRedisStore({ url: redis.url, prefix }), createRedisStore({ url: redis.url, prefix })];
  opened.push(...stores);
  const engines = stores.map((store) =>
    createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 }, lock: { ttlMs: 5_000, waitMs: 500 } }),
  );
  return { stores, engines };
}

function messages(contactId: string, count: number): InboundMessage[] {
  // 7 minutes apart: a day of conversation, so the hourly, daily and pair limits all come into play.
  return Array.from({ length: count }, (_, i) => ({
    contactId,
    messageId: `${contactId}-m${i}`,
    text: TEXTS[i % TEXTS.length] ?? 'ok',
    at: T0 + i * 7 * MINUTE,
    locationId: null,
    conversationId: null,
  }));
}

/** What GoHighLevel does with a 429 (lock busy, store unavailable, conflict): deliver the same message again. */
async function deliver(engine: BatonEngine, message: InboundMessage): Promise<{ result: InboundResult; retries: number }> {
  for (let retries = 0; ; retries++) {
    try {
      return { result: await engine.handleInbound(message), retries };
    } catch (error) {
      const retryable = error instanceof LockBusyError || (error instanceof StoreError && error.retryable);
      if (!retryable || retries >= 1_000) throw error;
    }
  }
}

async function sendConcurrently(pair: Pair, all: InboundMessage[]) {
  // Alternate engines so both always compete for the same contact.
  return Promise.all(all.map((message, i) => deliver(pair.engines[i % 2] as BatonEngine, message)));
}

/** Checks one contact's history against the guards' limits, using every handoff decision in the journal. */
async function assertContactInvariants(store: ContactStore, engine: BatonEngine, sent: InboundMessage[]) {
  const contactId = sent[0]?.contactId ?? '';
  const journal: JournalEntry[] = (await store.journal(contactId, 500)).reverse();
  expect(journal.map((entry) => entry.version)).toEqual(sent.map((_, i) => i + 1));
  expect(new Set(journal.map((entry) => entry.messageId))).toEqual(new Set(sent.map((m) => m.messageId)));

  const inbound = (await store.transcript(contactId)).filter((entry) => entry.direction === 'inbound');
  expect(inbound.map((entry) => entry.messageId).sort()).toEqual(sent.map((m) => m.messageId).sort());

  const view = await engine.view(contactId);
  expect(view?.version).toBe(sent.length);
  const handoffs = journal.filter((entry) => entry.decision.kind === 'handoff').map((entry) => entry.decision);
  // One decision per version and a handoff count equal to the handoff decisions: no decision handed off twice.
  const context = view?.context;
  const handoffCount = typeof context === 'object' && context !== null && 'handoffCount' in context ? context.handoffCount : null;
  expect(handoffCount).toBe(handoffs.length);

  handoffs.forEach((handoff, i) => {
    const earlier = handoffs.slice(0, i);
    expect(earlier.filter((h) => handoff.at - h.at < HOUR_MS).length).toBeLessThan(DEFAULT_POLICY.maxPerHour);
    expect(earlier.filter((h) => handoff.at - h.at < DAY_MS).length).toBeLessThan(DEFAULT_POLICY.maxPerDay);
    const samePair = earlier.filter((h) => h.from === handoff.from && h.to === handoff.to);
    for (const h of samePair) expect(handoff.at - h.at).toBeGreaterThanOrEqual(DEFAULT_POLICY.cooldownMs);
  });
  return handoffs.length;
}

describe('two engines on one Redis', () => {
  it('processes 200 concurrent messages for one contact exactly once, as versions 1..200, within every guard limit', async () => {
    const pair = twoEngines(redis.nextPrefix());
    const sent = messages('solo', 200);
    const outcomes = await sendConcurrently(pair, sent);

    const versions = outcomes.map(({ result }) => (result.status === 'processed' ? result.version : -1)).sort((a, b) => a - b);
    expect(versions).toEqual(sent.map((_, i) => i + 1));
    const handoffs = await assertContactInvariants(pair.stores[0] as ContactStore, pair.engines[0] as BatonEngine, sent);
    expect(handoffs).toBeGreaterThan(0);

    // A redelivery of any of them, to either engine, is a duplicate and changes nothing.
    const again = await Promise.all(sent.slice(0, 20).map((message, i) => deliver(pair.engines[(i + 1) % 2] as BatonEngine, message)));
    expect(again.every(({ result }) => result.status === 'duplicate')).toBe(true);
    expect((await pair.stores[1]?.load('solo'))?.version).toBe(200);
  });

  it('does the same for 50 contacts at once', async () => {
    const pair = twoEngines(redis.nextPrefix());
    const perContact = Number(process.env['STORE_CONCURRENCY_PER_CONTACT'] ?? 40);
    const byContact = Array.from({ length: 50 }, (_, c) => messages(`contact-${c}`, perContact));
    // Interleave the contacts so all 50 are in flight together.
    const all = Array.from({ length: perContact }, (_, i) => byContact.map((list) => list[i])).flat().filter((m) => m !== undefined);
    const outcomes = await sendConcurrently(pair, all);
    expect(outcomes.every(({ result }) => result.status === 'processed')).toBe(true);

    let handoffs = 0;
    for (const sent of byContact) handoffs += await assertContactInvariants(pair.stores[1] as ContactStore, pair.engines[1] as BatonEngine, sent);
    expect(handoffs).toBeGreaterThan(0);
  });
});
