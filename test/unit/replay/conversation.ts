// A recorded conversation for the replay tests: scripted messages through the real engine on the memory store, read back as a replay source.
import type { Intent } from '../../../domain/types';
import { createEngine } from '../../../services/engine/engine';
import type { RecordedConversation } from '../../../services/replay/types';
import { createMemoryStore } from '../../../services/store/memory';

export const MINUTE = 60_000;
export const START = Date.UTC(2026, 10, 23, 9, 0, 0);

function reading(target: 'buyer' | 'seller' | null, confidence: number, pattern: string): Intent {
  return {
    target,
    goal: target === null ? null : target === 'buyer' ? 'buy' : 'sell',
    confidence,
    pattern,
    scores: { buyer: target === 'buyer' ? confidence : 0, seller: target === 'seller' ? confidence : 0 },
    command: null,
  };
}

/** A scripted classifier, so the tests do not move when the intent model is retrained. */
export const SCRIPTED: Record<string, Intent> = {
  'I want to buy a house': reading('buyer', 0.9, 'buyer.buy'),
  'actually we want to sell our house': reading('seller', 0.95, 'seller.sell_my_house'),
  "no wait, I'd rather buy": reading('buyer', 0.85, 'buyer.buy'),
  'ok thanks': reading(null, 0, ''),
};

export function classifyScripted(text: string): Intent {
  return SCRIPTED[text] ?? reading(null, 0, '');
}

/**
 * lead→buyer, then (65 min later, a new chain outside the hour) buyer→seller, seller→buyer, and a second
 * buyer→seller 10 minutes after the first: blocked by the pair cooldown (30 min), nothing else.
 */
export const BOUNCES: ReadonlyArray<readonly [string, number]> = [
  ['I want to buy a house', 0],
  ['ok thanks', 2 * MINUTE],
  ['actually we want to sell our house', 65 * MINUTE],
  ["no wait, I'd rather buy", 70 * MINUTE],
  ['actually we want to sell our house', 75 * MINUTE],
  ['ok thanks', 80 * MINUTE],
];

export async function recordConversation(contactId = 'bouncer-1'): Promise<RecordedConversation> {
  const store = createMemoryStore({ clock: () => START });
  const engine = createEngine({ store, classify: classifyScripted, clock: () => START, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
  for (const [index, [text, offset]] of BOUNCES.entries()) {
    await engine.handleInbound({ contactId, messageId: `m${index + 1}`, text, at: START + offset, locationId: null, conversationId: null });
  }
  const conversation = { contactId, journal: (await store.journal(contactId, 500)).reverse(), transcript: await store.transcript(contactId) };
  await store.close();
  return conversation;
}
