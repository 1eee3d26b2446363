// Model-based: on generated paths each handoff guard is reached failing first and passing, and the pre-guard rules decide first.
import { describe, expect, it } from 'vitest';
import { type GuardName } from '../../guards';
import { DEFAULT_POLICY as POLICY } from '../../domain/policy';
import type { DecisionKind, DecisionReason } from '../../domain/types';
import { ownerOf, topOf } from './alphabet';
import { generatedTraces, lastSteps, MODELS } from './model';
import { detail, fromBot, handoffCountDelta, messageSteps, stayedPut, type MessageStep } from './steps';

const traces = [...generatedTraces(MODELS.guards), ...generatedTraces(MODELS.busyDay)];
const steps = fromBot(messageSteps(lastSteps(traces)));
const handoffs = steps.filter((step) => step.decision.kind === 'handoff');

const FAILING: Array<{ guard: GuardName; kind: DecisionKind; reasons: DecisionReason[]; escalates: boolean }> = [
  { guard: 'confidence', kind: 'stay', reasons: ['below_threshold'], escalates: false },
  { guard: 'depth', kind: 'escalate', reasons: ['depth_limit'], escalates: true },
  { guard: 'rate', kind: 'stay', reasons: ['rate_hour', 'rate_day'], escalates: false },
  { guard: 'cooldown', kind: 'stay', reasons: ['cooldown'], escalates: false },
  { guard: 'health', kind: 'defer', reasons: ['target_unhealthy'], escalates: false },
];

describe('model: each handoff guard fails first on some generated path', () => {
  it('generates enough decisions to judge', () => {
    expect(traces.length).toBeGreaterThan(10_000);
    expect(handoffs.length).toBeGreaterThan(1_000);
  });

  it.each(FAILING.map((row) => [row.guard, row] as const))(
    'reaches a decision where %s is the first guard to fail, with its kind, reason, inputs and no handoff',
    (guard, row) => {
      const decided = steps.filter((step) => step.decision.decidedBy === guard);
      for (const reason of row.reasons) expect(decided.some((step) => step.decision.reason === reason), `${guard} reaches ${reason}`).toBe(true);
      for (const step of decided) {
        expect(step.decision.kind).toBe(row.kind);
        expect(row.reasons).toContain(step.decision.reason);
        expect(handoffCountDelta(step)).toBe(0);
        expect(Object.keys(step.decision.details).length).toBeGreaterThan(5);
        if (row.escalates) expect(topOf(step.after)).toBe('escalated');
        else expect(stayedPut(step)).toBe(true);
      }
    },
  );

  it('blocks on both cooldown scopes: the same pair within 30 min, and any handoff within the 60 s settle time', () => {
    const scopes = new Set(steps.filter((step) => step.decision.decidedBy === 'cooldown').map((step) => step.decision.details['scope']));
    expect([...scopes].sort()).toEqual(['pair', 'settle']);
  });
});

describe('model: each handoff guard passes on some generated handoff, at or near its boundary', () => {
  it('every handoff records what each guard checked: threshold, chainLength, lastHour, lastDay, target health', () => {
    for (const step of handoffs) {
      for (const key of ['threshold', 'chainLength', 'lastHour', 'lastDay', 'targetP95Ms', 'targetErrorRate']) {
        expect(detail(step.decision, key), key).not.toBeNull();
      }
      expect(step.decision.decidedBy).toBe('all');
      expect(topOf(step.after)).toBe(step.decision.to);
      expect(handoffCountDelta(step)).toBe(1);
    }
  });

  it('confidence: hands off 0.01 above the route threshold, and never below it', () => {
    const margin = (step: MessageStep) => (detail(step.decision, 'confidence') ?? 0) - (detail(step.decision, 'threshold') ?? 1);
    expect(handoffs.some((step) => margin(step) > 0 && margin(step) <= 0.01 + 1e-9)).toBe(true);
    for (const step of handoffs) expect(margin(step)).toBeGreaterThanOrEqual(-1e-9);
  });

  it('depth: hands off with a chain of maxChainDepth - 1 behind it, and never deeper', () => {
    expect(handoffs.some((step) => detail(step.decision, 'chainLength') === POLICY.maxChainDepth - 1)).toBe(true);
    for (const step of handoffs) expect(detail(step.decision, 'chainLength')).toBeLessThan(POLICY.maxChainDepth);
  });

  it('rate: hands off with maxPerHour - 1 handoffs in the last hour and with maxPerDay - 1 in the last day, never more', () => {
    expect(handoffs.some((step) => detail(step.decision, 'lastHour') === POLICY.maxPerHour - 1)).toBe(true);
    expect(handoffs.some((step) => detail(step.decision, 'lastDay') === POLICY.maxPerDay - 1)).toBe(true);
    for (const step of handoffs) {
      expect(detail(step.decision, 'lastHour')).toBeLessThan(POLICY.maxPerHour);
      expect(detail(step.decision, 'lastDay')).toBeLessThan(POLICY.maxPerDay);
    }
  });

  it('cooldown: hands off exactly at the settle time and on a pair last used 30-60 min before, never sooner', () => {
    const sincePrevious = (step: MessageStep) => {
      const last = step.before.context.handoffs.at(-1);
      return last === undefined ? null : step.event.at - last.at;
    };
    const sincePair = (step: MessageStep) => {
      const same = step.before.context.handoffs.filter((h) => h.from === step.decision.from && h.to === step.decision.to).at(-1);
      return same === undefined ? null : step.event.at - same.at;
    };
    expect(handoffs.some((step) => sincePrevious(step) === POLICY.settleMs)).toBe(true);
    expect(handoffs.some((step) => { const since = sincePair(step); return since !== null && since < 2 * POLICY.cooldownMs; })).toBe(true);
    for (const step of handoffs) {
      expect(sincePrevious(step) ?? Infinity).toBeGreaterThanOrEqual(POLICY.settleMs);
      expect(sincePair(step) ?? Infinity).toBeGreaterThanOrEqual(POLICY.cooldownMs);
    }
  });

  it('health: hands off on the message right after a defer to the same target, once the target is healthy again', () => {
    const redeemed = handoffs.filter((step) => {
      const previous = step.before.context.decision;
      return previous?.kind === 'defer' && previous.details['target'] === step.decision.to;
    });
    expect(redeemed.length).toBeGreaterThan(0);
    for (const step of handoffs) {
      const target = step.event.health[step.decision.to === 'buyer' ? 'buyer' : 'seller'];
      expect(target.p95Ms).toBeLessThan(POLICY.health.p95Factor * target.slaMs);
    }
  });
});

describe('model: the rules before the guards', () => {
  const withCommand = (command: string) => steps.filter((step) => step.event.intent.command === command);

  it('opts out on a STOP from every bot state, whatever the guards would say', () => {
    const stops = withCommand('opt_out');
    expect(new Set(stops.map((step) => ownerOf(step.before)))).toEqual(new Set(['lead', 'buyer', 'seller']));
    for (const step of stops) {
      expect(topOf(step.after)).toBe('optedOut');
      expect(step.decision).toMatchObject({ kind: 'opt_out', reason: 'opted_out', decidedBy: 'command' });
    }
  });

  it('escalates a request for a person and distress words from every bot state (human_requested)', () => {
    const asks = [...withCommand('human'), ...withCommand('distress')];
    expect(new Set(asks.map((step) => step.event.intent.command))).toEqual(new Set(['human', 'distress']));
    expect(new Set(asks.map((step) => ownerOf(step.before)))).toEqual(new Set(['lead', 'buyer', 'seller']));
    for (const step of asks) {
      expect(topOf(step.after)).toBe('escalated');
      expect(step.decision).toMatchObject({ kind: 'escalate', reason: 'human_requested', decidedBy: 'command' });
    }
  });

  it('stays on a message with no intent (no_intent) and on the owning bot\'s own intent (same_bot)', () => {
    const plain = steps.filter((step) => step.event.intent.target === null && step.event.intent.command === null);
    const own = steps.filter((step) => step.event.intent.target === ownerOf(step.before));
    expect(plain.length).toBeGreaterThan(0);
    expect(new Set(own.map((step) => ownerOf(step.before)))).toEqual(new Set(['buyer', 'seller']));
    for (const step of plain) expect(step.decision).toMatchObject({ kind: 'stay', reason: 'no_intent', decidedBy: 'intent' });
    for (const step of own) expect(step.decision).toMatchObject({ kind: 'stay', reason: 'same_bot', decidedBy: 'intent' });
    for (const step of [...plain, ...own]) {
      expect(stayedPut(step)).toBe(true);
      expect(handoffCountDelta(step)).toBe(0);
    }
  });
});
