// The shape a persisted snapshot must have to be restored: every value a live context can hold passes, anything else is refused.
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../domain/types';
import { initialContext, persistedContextSchema, persistedSnapshotSchema, type ConversationContext } from '../../../machines/context';
import { T0 } from '../../support/attempts';

const base = initialContext('c-1');
const accepts = (context: Partial<Record<keyof ConversationContext, unknown>>) => persistedContextSchema.safeParse({ ...base, ...context }).success;
const pkg = (from: string, to: string) => ({ from, to, at: T0, expiresAt: T0 + 1, facts: {}, answered: [], scores: base.scores });

describe('a new conversation', () => {
  it('starts in intake with nothing known, asked, handed off or decided, awaiting the lead bot\'s first turn', () => {
    expect(initialContext('c-9')).toEqual({
      contactId: 'c-9',
      facts: {},
      asked: [],
      lastAsked: [],
      scores: { temperature: 'cold', readiness: 0, motivation: 0 },
      handoffs: [],
      handoffCount: 0,
      chainResetAt: null,
      contextPackage: null,
      decision: null,
      lastAt: 0,
      messageCount: 0,
      resumeTo: 'lead',
      awaitingFirstTurn: true,
      escalation: null,
      pendingOutcome: null,
    });
  });
});

describe('persisted context', () => {
  it('accepts the initial context and a busy one: handoffs on every pair, a package, a decision, an escalation, a pending outcome', () => {
    expect(accepts({})).toBe(true);
    expect(
      accepts({
        handoffs: [
          { from: 'lead', to: 'buyer', at: T0, pattern: 'p', confidence: 0.9 },
          { from: 'buyer', to: 'seller', at: T0 + 1, pattern: 'p', confidence: 0.9 },
          { from: 'seller', to: 'buyer', at: T0 + 2, pattern: 'p', confidence: 0.9 },
        ],
        handoffCount: 3,
        chainResetAt: T0,
        contextPackage: { ...pkg('seller', 'buyer'), extra: 'kept' },
        decision: { kind: 'handoff', reason: 'handoff', decidedBy: 'all', from: 'seller', to: 'buyer', at: T0, messageId: 'm', details: { confidence: 0.9 } },
        escalation: { reason: 'human_takeover', at: T0, by: 'agent' },
        asked: ['budget'],
        lastAsked: ['budget'],
      }),
    ).toBe(true);
  });

  it.each(ROUTES)('accepts a pending outcome on %s', (route) => {
    expect(accepts({ pendingOutcome: { route, pattern: 'p', at: T0 } })).toBe(true);
  });

  it.each(['lead', 'buyer', 'seller', 'escalated'])('accepts START resuming to %s', (place) => {
    expect(accepts({ resumeTo: place })).toBe(true);
  });

  it.each(['hot', 'warm', 'cold'])('accepts a %s temperature', (temperature) => {
    expect(accepts({ scores: { ...base.scores, temperature } })).toBe(true);
  });

  it.each(['lead', 'buyer', 'seller'])('accepts a package from the %s bot, and an escalation by no one', (from) => {
    expect(accepts({ contextPackage: pkg(from, from === 'seller' ? 'buyer' : 'seller'), escalation: { reason: 'depth_limit', at: T0, by: null } })).toBe(true);
  });

  it.each([
    ['an empty contact id', { contactId: '' }],
    ['a handoff back to lead', { handoffs: [{ from: 'buyer', to: 'lead', at: T0, pattern: 'p', confidence: 1 }] }],
    ['a handoff from a human', { handoffs: [{ from: 'escalated', to: 'buyer', at: T0, pattern: 'p', confidence: 1 }] }],
    ['a package for the lead bot', { contextPackage: pkg('buyer', 'lead') }],
    ['a negative handoff count', { handoffCount: -1 }],
    ['a fractional message count', { messageCount: 1.5 }],
    ['START resuming to optedOut', { resumeTo: 'optedOut' }],
    ['a pending outcome on an unknown route', { pendingOutcome: { route: 'lead>lead', pattern: 'p', at: T0 } }],
    ['an unknown temperature', { scores: { ...base.scores, temperature: 'tepid' } }],
    ['a decision with an unknown reason', { decision: { kind: 'stay', reason: 'bored', decidedBy: 'intent', from: 'lead', to: 'lead', at: T0, messageId: null, details: {} } }],
    ['awaitingFirstTurn as a string', { awaitingFirstTurn: 'yes' }],
    ['an escalation without a time', { escalation: { reason: 'depth_limit', by: null } }],
    ['facts as a list', { facts: [] }],
  ])('refuses %s', (_name, context) => {
    expect(accepts(context)).toBe(false);
  });
});

describe('persisted snapshot', () => {
  it('accepts an active snapshot with a flat or nested state value and keeps what xstate adds', () => {
    expect(persistedSnapshotSchema.safeParse({ status: 'active', value: 'escalated', context: base }).success).toBe(true);
    const nested = persistedSnapshotSchema.parse({ status: 'active', value: { buyer: 'budget' }, context: base, historyValue: {} });
    expect(nested).toMatchObject({ value: { buyer: 'budget' }, historyValue: {} });
  });

  it('refuses a stopped or done snapshot and a numeric state value', () => {
    expect(persistedSnapshotSchema.safeParse({ status: 'done', value: 'lead', context: base }).success).toBe(false);
    expect(persistedSnapshotSchema.safeParse({ status: 'active', value: 3, context: base }).success).toBe(false);
  });
});
