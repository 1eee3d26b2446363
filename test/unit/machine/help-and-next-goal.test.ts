// HELP is answered in every state without changing it; a "both" lead moves from the qualified Seller bot to the Buyer bot (next_goal) through the guards.
import { describe, expect, it } from 'vitest';
import type { Facts } from '../../../domain/types';
import { NEXT_GOAL_PATTERN } from '../../../machines/attempt';
import { HELP_REPLY } from '../../../machines/notices';
import { intentFor, message, MINUTE, T0 } from '../../support/attempts';
import { drive, startIn, type Driver } from '../../support/drive';

const sms = (d: Driver) => d.actions.filter((a) => a.type === 'sendSms').map((a) => a.params);
const SELLER_ANSWERS: Partial<Facts> = { motivation: 'relocating', timeline: { text: 'in 2 months', months: 2 }, condition: 'good', price: 500_000 };

describe('HELP', () => {
  it('names who is texting and how to stop and start', () => {
    expect(HELP_REPLY).toMatch(/real-estate.*STOP.*START/);
  });

  it.each([
    ['lead', () => drive(), 'lead'],
    ['buyer', () => startIn('buyer'), 'buyer'],
    ['seller', () => startIn('seller'), 'seller'],
    ['escalated', () => drive().say(0, null, 0, { command: 'human' }), 'lead'],
    ['optedOut', () => drive().say(0, null, 0, { command: 'opt_out' }), 'lead'],
  ] as const)('answers HELP in %s as the %s bot, asks nothing and stays put', (place, start, bot) => {
    const d = start();
    const before = d.top();
    d.say(5 * MINUTE, 'buyer', 0.99, { command: 'help' });
    expect(d.top()).toBe(before);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'help', reason: 'help_requested', decidedBy: 'command', from: place });
    expect(sms(d)).toEqual([{ bot, text: HELP_REPLY, asks: [] }]);
  });
});

describe('next_goal', () => {
  /** A lead who wants to sell and buy, handed to the Seller bot at T0 with 0.9. */
  const both = () => drive().send(message(T0, intentFor('seller', 0.9), { facts: { goal: 'both' } }));

  it('moves a qualified "both" contact from the Seller bot to the Buyer bot, recorded as next_goal with the package and the handoff', () => {
    const d = both();
    expect(d.top()).toBe('seller');
    d.send(message(T0 + 2 * MINUTE, intentFor(null, 0), { facts: SELLER_ANSWERS }));
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'handoff', reason: 'next_goal', decidedBy: 'all', from: 'seller', to: 'buyer', at: T0 + 2 * MINUTE });
    expect(d.snapshot.context.handoffs.at(-1)).toEqual({ from: 'seller', to: 'buyer', at: T0 + 2 * MINUTE, pattern: NEXT_GOAL_PATTERN, confidence: 0.9 });
    expect(d.snapshot.context).toMatchObject({
      handoffCount: 2,
      awaitingFirstTurn: true,
      pendingOutcome: { route: 'seller>buyer', pattern: NEXT_GOAL_PATTERN, at: T0 + 2 * MINUTE },
      contextPackage: { from: 'seller', to: 'buyer', intent: { target: 'buyer', confidence: 0.9, pattern: NEXT_GOAL_PATTERN } },
    });
    expect(d.actions.filter((a) => a.type === 'writeCrmFields').map((a) => a.params)).toContainEqual({ contextPackage: d.snapshot.context.contextPackage });
  });

  it('keeps a seller-only contact with the Seller bot once qualified', () => {
    const d = startIn('seller').send(message(T0 + 2 * MINUTE, intentFor(null, 0), { facts: SELLER_ANSWERS }));
    expect(d.state()).toBe('seller.qualified');
  });

  it('waits for the guards: within the settle time of the first handoff it stays qualified, and moves on the next message', () => {
    const d = both().send(message(T0 + 30_000, intentFor(null, 0), { facts: SELLER_ANSWERS }));
    expect(d.state()).toBe('seller.qualified');
    d.send(message(T0 + 2 * MINUTE, intentFor(null, 0)));
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.decision?.reason).toBe('next_goal');
  });
});
