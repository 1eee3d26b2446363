// The decision each event leaves behind: kind, reason, who decided, from/to and the exact details, for every builder.
import { describe, expect, it } from 'vitest';
import { evaluateHandoff } from '../../../guards';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { initialContext } from '../../../machines/context';
import { adminDecision, blockedDecision, commandDecision, handoffDecision, silentDecision, stayDecision, type Judgement } from '../../../machines/decisions';
import { attempt, handoff, HEALTHY, HEALTHY_REPORT, intentFor, message, MINUTE, T0 } from '../../support/attempts';

const context = initialContext('c-1');
const buyerIntent = { ...intentFor('buyer', 0.9, 'buy.want'), scores: { buyer: 0.9, seller: 0.2 } };
const event = message(T0, buyerIntent, { messageId: 'm-1' });
const intentDetails = { target: 'buyer', confidence: 0.9, pattern: 'buy.want', buyerScore: 0.9, sellerScore: 0.2 };

function judged(overrides: Parameters<typeof attempt>[0] = {}): Judgement {
  const tried = attempt({ at: T0, intent: buyerIntent, ...overrides });
  return { attempt: tried, outcome: evaluateHandoff(tried, DEFAULT_POLICY) };
}

describe('stay decisions', () => {
  it('records no_intent with the intent\'s figures when the message asks for no bot, at the message\'s time and id', () => {
    const plain = message(T0 + MINUTE, intentFor(null, 0), { messageId: 'm-0' });
    expect(stayDecision(context, plain, 'lead')).toEqual({
      kind: 'stay',
      reason: 'no_intent',
      decidedBy: 'intent',
      from: 'lead',
      to: 'lead',
      at: T0 + MINUTE,
      messageId: 'm-0',
      details: { target: null, confidence: 0, pattern: '', buyerScore: 0, sellerScore: 0 },
    });
  });

  it('records same_bot when the intent names the bot that already owns the contact', () => {
    expect(stayDecision(context, event, 'buyer')).toMatchObject({ kind: 'stay', reason: 'same_bot', from: 'buyer', to: 'buyer' });
  });
});

describe('blocked decisions', () => {
  it('is a plain stay when there was no attempt to judge', () => {
    expect(blockedDecision(context, event, 'buyer', null)).toEqual(stayDecision(context, event, 'buyer'));
  });

  it('is the handoff itself when every guard passed', () => {
    const passing = judged();
    expect(blockedDecision(context, event, 'lead', passing)).toEqual(handoffDecision(event, 'lead', passing));
  });

  it('stays on a failed confidence guard, merging the intent with the guard\'s inputs', () => {
    const low = message(T0, { ...buyerIntent, confidence: 0.5 }, { messageId: 'm-1' });
    const verdict = judged({ intent: { ...buyerIntent, confidence: 0.5 } });
    expect(blockedDecision(context, low, 'lead', verdict)).toEqual({
      kind: 'stay',
      reason: 'below_threshold',
      decidedBy: 'confidence',
      from: 'lead',
      to: 'lead',
      at: T0,
      messageId: 'm-1',
      details: { ...intentDetails, confidence: 0.5, threshold: 0.7, thresholdSource: 'route', pattern: 'buy.want', route: 'lead>buyer' },
    });
  });

  it('escalates to a human on a failed depth guard', () => {
    const chain = [handoff('lead', 'seller', T0 - 3 * MINUTE), handoff('seller', 'buyer', T0 - 2 * MINUTE), handoff('buyer', 'seller', T0 - MINUTE)];
    const decision = blockedDecision(context, event, 'seller', judged({ from: 'seller', handoffs: chain }));
    expect(decision).toMatchObject({ kind: 'escalate', reason: 'depth_limit', decidedBy: 'depth', from: 'seller', to: 'escalated' });
    expect(decision.details).toMatchObject({ ...intentDetails, chainLength: 3, maxChainDepth: 3 });
  });

  it('defers on a failed health guard and stays on a failed rate or cooldown guard, never leaving the owning bot', () => {
    const sick = { ...HEALTHY_REPORT, buyer: { ...HEALTHY, errorRate: 0.5 } };
    expect(blockedDecision(context, event, 'lead', judged({ health: sick }))).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', decidedBy: 'health', to: 'lead' });
    const recent = [handoff('lead', 'buyer', T0 - 10 * MINUTE)];
    expect(blockedDecision(context, event, 'lead', judged({ handoffs: recent }))).toMatchObject({ kind: 'stay', reason: 'cooldown', decidedBy: 'cooldown', to: 'lead' });
    const busy = [handoff('lead', 'buyer', T0 - 50 * MINUTE), handoff('buyer', 'seller', T0 - 40 * MINUTE), handoff('seller', 'buyer', T0 - 2 * MINUTE)];
    expect(blockedDecision(context, event, 'lead', judged({ handoffs: busy, chainResetAt: T0 - 3 * MINUTE }))).toMatchObject({ kind: 'stay', reason: 'rate_hour', decidedBy: 'rate' });
  });
});

describe('handoff decisions', () => {
  it('records a fixed set of figures every guard checked, decided by all, to the target', () => {
    const health = { ...HEALTHY_REPORT, buyer: { ...HEALTHY, p95Ms: 640, errorRate: 0.03 } };
    const earlier = [handoff('seller', 'buyer', T0 - 2 * 60 * MINUTE)];
    expect(handoffDecision(event, 'lead', judged({ health, handoffs: earlier }))).toEqual({
      kind: 'handoff',
      reason: 'handoff',
      decidedBy: 'all',
      from: 'lead',
      to: 'buyer',
      at: T0,
      messageId: 'm-1',
      details: { target: 'buyer', confidence: 0.9, pattern: 'buy.want', threshold: 0.7, chainLength: 0, lastHour: 0, lastDay: 1, targetP95Ms: 640, targetErrorRate: 0.03 },
    });
  });

  it('leaves the guards\' figures empty when the judgement did not pass', () => {
    const failed = judged({ intent: { ...buyerIntent, confidence: 0.1 } });
    expect(handoffDecision(event, 'lead', failed).details).toMatchObject({ threshold: null, chainLength: null, lastHour: null, lastDay: null, targetP95Ms: null, targetErrorRate: null });
  });
});

describe('command, silent and admin decisions', () => {
  const withCommand = (command: 'opt_out' | 'opt_in' | 'human' | 'distress') => message(T0, { ...buyerIntent, command }, { messageId: 'm-c' });

  it('opts out to optedOut and back in to where it was, decided by the command', () => {
    expect(commandDecision(withCommand('opt_out'), 'seller')).toEqual({
      kind: 'opt_out', reason: 'opted_out', decidedBy: 'command', from: 'seller', to: 'optedOut', at: T0, messageId: 'm-c', details: { command: 'opt_out' },
    });
    expect(commandDecision(withCommand('opt_in'), 'escalated')).toMatchObject({ kind: 'opt_in', reason: 'opted_in', decidedBy: 'command', from: 'escalated', to: 'escalated', details: { command: 'opt_in' } });
  });

  it('escalates a request for a person or distress with the command and the intent\'s figures', () => {
    for (const command of ['human', 'distress'] as const) {
      expect(commandDecision(withCommand(command), 'buyer')).toEqual({
        kind: 'escalate', reason: 'human_requested', decidedBy: 'command', from: 'buyer', to: 'escalated', at: T0, messageId: 'm-c', details: { command, ...intentDetails },
      });
    }
  });

  it('records a message to a silent place with its command, decided by the state', () => {
    expect(silentDecision(withCommand('opt_out'), 'optedOut')).toEqual({
      kind: 'silent', reason: 'silenced', decidedBy: 'state', from: 'optedOut', to: 'optedOut', at: T0, messageId: 'm-c', details: { command: 'opt_out' },
    });
  });

  it('records a takeover and a release by the admin who did it, with no message id', () => {
    expect(adminDecision('takeover', 'buyer', 'escalated', { at: T0, by: 'agent-7' })).toEqual({
      kind: 'takeover', reason: 'human_takeover', decidedBy: 'admin', from: 'buyer', to: 'escalated', at: T0, messageId: null, details: { by: 'agent-7' },
    });
    expect(adminDecision('release', 'escalated', 'seller', { at: T0, by: 'agent-7' })).toMatchObject({ kind: 'release', reason: 'human_release', to: 'seller' });
  });
});
