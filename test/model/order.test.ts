// Property: on random handoff attempts the machine records the first failing guard in DESIGN section 3's order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY as POLICY } from '../../domain/policy';
import type { HandoffAttempt } from '../../guards/types';
import { QUESTION_ORDER } from '../../bots';
import { createConversationMachine } from '../../machines/conversation';
import { initialContext } from '../../machines/context';
import type { MessageReceivedEvent } from '../../machines/events';
import { ROUTES, type BotName, type HandoffRecord, type HandoffTarget, type Route } from '../../domain/types';
import { createDecide } from '../../services/engine/decide';
import { HEALTHY_REPORT, T0 } from '../support/attempts';
import { topOf } from './alphabet';
import { DESIGN_ORDER, referenceDecision, type ReferenceGuard } from './reference';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const AT = T0 + 30 * 24 * HOUR;

/** Gaps on and around every window the guards use, plus anything up to a day and more. */
const gap = fc.oneof(
  fc.constantFrom(10 * SECOND, 59 * SECOND, MINUTE, 29 * MINUTE + 59 * SECOND, 30 * MINUTE, 30 * MINUTE + SECOND, 59 * MINUTE + 59 * SECOND, HOUR, 24 * HOUR - SECOND, 24 * HOUR),
  fc.integer({ min: SECOND, max: 26 * HOUR }),
);

const source = fc.constantFrom<BotName>('lead', 'buyer', 'seller');
const targetFor = (from: BotName, pick: boolean): HandoffTarget => (from === 'lead' ? (pick ? 'buyer' : 'seller') : from === 'buyer' ? 'seller' : 'buyer');

const scenario = fc
  .record({
    from: source,
    pick: fc.boolean(),
    learned: fc.option(fc.constantFrom(0.5, 0.65, 0.75, 0.9), { nil: null }),
    offset: fc.oneof(fc.constantFrom(-0.01, -1e-10, 0, 0.01), fc.double({ min: -0.7, max: 0.3, noNaN: true })),
    gaps: fc.array(gap, { maxLength: 12 }),
    // The attempted route is offered often, so the pair cooldown is in play.
    pairs: fc.array(fc.oneof(fc.constant<Route | null>(null), fc.constantFrom<Route | null>(...ROUTES)), { minLength: 12, maxLength: 12 }),
    reset: fc.option(fc.constantFrom(5 * MINUTE, 29 * MINUTE, 45 * MINUTE, 2 * HOUR), { nil: null }),
    p95Factor: fc.constantFrom(0.2, 1.19, 1.2, 3),
    errorRate: fc.constantFrom(0, 0.099, 0.1, 0.5),
    samples: fc.constantFrom(0, POLICY.health.minSamples - 1, POLICY.health.minSamples, 200),
  })
  .map((s) => {
    const to = targetFor(s.from, s.pick);
    const route: Route = `${s.from}>${to}` as Route;
    const threshold = s.learned ?? POLICY.thresholds[route];
    const confidence = Math.min(1, Math.max(0.01, threshold + s.offset));
    let at = AT;
    const handoffs: HandoffRecord[] = s.gaps.map((g, index) => {
      at -= g;
      const [from, target] = (s.pairs[index] ?? route).split('>') as [BotName, HandoffTarget];
      return { from, to: target, at, pattern: 'order.pattern', confidence: 0.9 };
    });
    handoffs.reverse();
    const target = HEALTHY_REPORT[to];
    const health = { ...HEALTHY_REPORT, [to]: { ...target, p95Ms: s.p95Factor * target.slaMs, errorRate: s.errorRate, samples: s.samples } };
    const attempt: HandoffAttempt = {
      from: s.from,
      to,
      route,
      at: AT,
      intent: { target: to, goal: to === 'buyer' ? 'buy' : 'sell', confidence, pattern: 'order.pattern', scores: { buyer: to === 'buyer' ? confidence : 0, seller: to === 'seller' ? confidence : 0 }, command: null },
      thresholds: s.learned === null ? {} : { [route]: s.learned },
      health,
      handoffs,
      chainResetAt: s.reset === null ? null : AT - s.reset,
    };
    return attempt;
  });

describe('model: guard order on random attempts (fast-check)', () => {
  it('records the first failing guard in the order confidence, depth, rate, cooldown, health, as an independent reference does', () => {
    const machine = createConversationMachine(POLICY);
    const decide = createDecide(machine);
    const firsts = new Map<ReferenceGuard | 'none', number>();
    const bothFailed = new Set<string>();

    fc.assert(
      fc.property(scenario, (attempt) => {
        const context = { ...initialContext('order'), handoffs: [...attempt.handoffs], handoffCount: attempt.handoffs.length, chainResetAt: attempt.chainResetAt, lastAt: attempt.handoffs.at(-1)?.at ?? AT - HOUR };
        const snapshot = machine.resolveState({ value: { [attempt.from]: QUESTION_ORDER[attempt.from][0] ?? 'qualified' }, context });
        const event: MessageReceivedEvent = { type: 'MESSAGE_RECEIVED', messageId: 'order', text: 'order', at: attempt.at, intent: attempt.intent, facts: {}, health: attempt.health, thresholds: attempt.thresholds };
        const [next] = decide(snapshot, event);
        const decision = next.context.decision;
        const expected = referenceDecision(attempt, POLICY);

        firsts.set(expected.first?.guard ?? 'none', (firsts.get(expected.first?.guard ?? 'none') ?? 0) + 1);
        expected.failing.forEach((a, i) => expected.failing.slice(i + 1).forEach((b) => bothFailed.add(`${a}<${b}`)));

        expect(decision?.messageId).toBe('order');
        expect(decision?.kind).toBe(expected.kind);
        expect(topOf(next)).toBe(expected.to);
        if (expected.first === null) {
          expect(decision?.decidedBy).toBe('all');
          expect(next.context.handoffs.length).toBe(attempt.handoffs.filter((h) => AT - h.at < 24 * HOUR).length + 1);
        } else {
          expect(decision?.decidedBy).toBe(expected.first.guard);
          expect(decision?.reason).toBe(expected.first.verdict.reason);
          expect(decision?.details).toMatchObject(expected.first.verdict.details);
          expect(next.context.handoffs).toEqual(attempt.handoffs);
        }
      }),
      { numRuns: 3000, seed: 20261123 },
    );

    // Not vacuous: every guard decided some attempt, some handed off, and every pair of guards failed together at least once.
    for (const name of [...DESIGN_ORDER.map(([guard]) => guard), 'none' as const]) expect(firsts.get(name) ?? 0, name).toBeGreaterThan(10);
    const pairs = DESIGN_ORDER.flatMap(([a], i) => DESIGN_ORDER.slice(i + 1).map(([b]) => `${a}<${b}`));
    expect(pairs.filter((pair) => !bothFailed.has(pair))).toEqual([]);
  });
});
