// The pure context updates behind the chart's actions: facts merging, the 24 h handoff history, the package, notices, sub-states.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../domain/time';
import type { ContextPackage, Facts } from '../../../domain/types';
import { initialContext, type ConversationContext } from '../../../machines/context';
import { escalationNotice } from '../../../machines/notices';
import { qualificationStates } from '../../../machines/qualification';
import { absorb, mergeFacts, recordHandoff } from '../../../machines/reducers';
import { answeredKeys, buildPackage, freshPackageFor } from '../../../machines/transfer';
import { attempt, handoff, intentFor, message, MINUTE, T0 } from '../../support/attempts';

/** A facts object with keys explicitly set to undefined, as a spread of an extractor's result can produce at run time. */
const loose = (facts: Record<string, unknown>): Facts => facts as Facts;

const context = (overrides: Partial<ConversationContext> = {}): ConversationContext => ({ ...initialContext('c-1'), ...overrides });

describe('mergeFacts', () => {
  it('lets a newer fact win key by key, keeps the others, and never erases a fact with an undefined one', () => {
    const current: Facts = { budget: { min: null, max: 400_000, currency: 'USD' }, area: 'downtown' };
    const merged = mergeFacts(current, loose({ budget: { min: null, max: 450_000, currency: 'USD' }, area: undefined, preapproval: false }));
    expect(merged).toEqual({ budget: { min: null, max: 450_000, currency: 'USD' }, area: 'downtown', preapproval: false });
    expect(current.budget?.max).toBe(400_000);
  });

  it('merges preferences field by field, so "3 beds" does not erase "2 baths", and takes new preferences when there were none', () => {
    expect(mergeFacts({ preferences: { bathrooms: 2 } }, { preferences: { bedrooms: 3 } }).preferences).toEqual({ bathrooms: 2, bedrooms: 3 });
    expect(mergeFacts({}, { preferences: { bedrooms: 3 } }).preferences).toEqual({ bedrooms: 3 });
    expect(mergeFacts({ preferences: { bedrooms: 2 } }, { area: 'north' }).preferences).toEqual({ bedrooms: 2 });
  });
});

describe('recordHandoff', () => {
  it('appends the handoff with its pattern and confidence and counts it', () => {
    const recorded = recordHandoff(context({ handoffCount: 4 }), attempt({ at: T0, intent: intentFor('buyer', 0.83, 'buy.p') }));
    expect(recorded.handoffs).toEqual([{ from: 'lead', to: 'buyer', at: T0, pattern: 'buy.p', confidence: 0.83 }]);
    expect(recorded.handoffCount).toBe(5);
  });

  it('drops handoffs 24 h old or older and keeps one a millisecond younger, without touching the context it was given', () => {
    const old = [handoff('lead', 'buyer', T0 - DAY_MS), handoff('buyer', 'seller', T0 - DAY_MS + 1)];
    const before = context({ handoffs: old, handoffCount: 2 });
    const recorded = recordHandoff(before, attempt({ from: 'seller', to: 'buyer', at: T0 }));
    expect(recorded.handoffs.map((h) => h.at)).toEqual([T0 - DAY_MS + 1, T0]);
    expect(recorded.handoffCount).toBe(3);
    expect(before.handoffs).toHaveLength(2);
  });
});

describe('absorb', () => {
  it('merges the message facts, counts the message, keeps the clock monotonic and clears the pending outcome', () => {
    const before = context({ lastAt: T0 + 5 * MINUTE, messageCount: 2, facts: { area: 'north' }, pendingOutcome: { route: 'lead>buyer', pattern: 'p', at: T0 } });
    const late = absorb(before, message(T0 + 9 * MINUTE, intentFor(null, 0), { facts: { price: 500_000 } }));
    expect(late).toEqual({ facts: { area: 'north', price: 500_000 }, lastAt: T0 + 9 * MINUTE, messageCount: 3, pendingOutcome: null });
    expect(absorb(before, message(T0, intentFor(null, 0))).lastAt).toBe(T0 + 5 * MINUTE);
  });
});

describe('the context package', () => {
  const facts: Facts = { budget: { min: null, max: 450_000, currency: 'USD' }, timeline: { text: 'in 3 months', months: 3 }, preapproval: true };
  const scores = { temperature: 'hot' as const, readiness: 70, motivation: 10 };

  it('lists only the facts that are known as answered', () => {
    expect(answeredKeys(loose({ area: 'north', price: undefined, preapproval: false }))).toEqual(['area', 'preapproval']);
  });

  it('carries source, target, intent, facts, answered keys and scores, and expires ttl after the handoff', () => {
    const pkg = buildPackage(context({ facts, scores }), attempt({ from: 'lead', to: 'buyer', at: T0, intent: intentFor('buyer', 0.88, 'buy.p') }), 3 * MINUTE);
    expect(pkg).toEqual({
      from: 'lead',
      to: 'buyer',
      at: T0,
      expiresAt: T0 + 3 * MINUTE,
      intent: { target: 'buyer', confidence: 0.88, pattern: 'buy.p' },
      facts,
      answered: ['budget', 'timeline', 'preapproval'],
      scores,
    });
  });

  it('is read only by the bot it was written for, and only before expiresAt', () => {
    const pkg: ContextPackage = buildPackage(context({ facts }), attempt({ to: 'buyer', at: T0 }), MINUTE);
    const held = context({ contextPackage: pkg });
    expect(freshPackageFor(held, 'buyer', T0 + MINUTE - 1)).toBe(pkg);
    expect(freshPackageFor(held, 'buyer', T0 + MINUTE)).toBeNull();
    expect(freshPackageFor(held, 'seller', T0)).toBeNull();
    expect(freshPackageFor(context(), 'buyer', T0)).toBeNull();
  });
});

describe('notices and qualification sub-states', () => {
  it('tells a contact escalated for depth that a team member is coming, and anyone else that they are being connected', () => {
    const notice = (reason: string | null) => escalationNotice(context({ escalation: reason === null ? null : { reason, at: T0, by: null } }));
    expect(notice('depth_limit')).toContain('patience');
    expect(notice('human_requested')).toContain('connecting you');
    expect(notice(null)).toBe(notice('human_requested'));
  });

  it('chains one sub-state per question of the bot, each moving on once its fact is known, ending in qualified', () => {
    const seller = qualificationStates('seller');
    expect(seller.initial).toBe('motivation');
    expect(Object.keys(seller.states)).toEqual(['motivation', 'timeline', 'condition', 'price', 'qualified']);
    expect(seller.states['motivation']?.always).toEqual({ guard: { type: 'knowsFact', params: { key: 'motivation' } }, target: 'timeline' });
    expect(seller.states['price']?.always?.target).toBe('qualified');
    expect(seller.states['qualified']).toEqual({});
  });
});
