// Opt-out and back, escalation to a human, takeover and release, and the context transfer's package and effects.
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../../machines/events';
import { freshPackageFor } from '../../../machines/transfer';
import { effectsFrom } from '../../../services/engine/effects';
import { HOUR, intentFor, message, MINUTE, T0 } from '../../support/attempts';
import { drive, startIn } from '../../support/drive';

const smsTexts = (actions: Array<{ type: string; params?: unknown }>) =>
  actions.filter((a) => a.type === 'sendSms').map((a) => (a.params as { text: string }).text);
const reply = (at: number, bot: 'lead' | 'buyer' | 'seller'): ConversationEvent => ({
  type: 'BOT_REPLIED',
  at,
  bot,
  text: 'What price range are you looking in?',
  asks: ['budget'],
  scores: { temperature: 'warm', readiness: 20, motivation: 0 },
});

describe('opt-out', () => {
  it('goes to optedOut on STOP with one confirmation that asks nothing, then stays silent until START', () => {
    const d = startIn('buyer').say(MINUTE, null, 0, { command: 'opt_out' });
    expect(d.top()).toBe('optedOut');
    expect(smsTexts(d.actions)).toHaveLength(1);
    expect(d.actions.find((a) => a.type === 'sendSms')?.params).toMatchObject({ asks: [] });
    d.say(2 * MINUTE, 'seller', 0.99);
    expect(d.top()).toBe('optedOut');
    expect(smsTexts(d.actions)).toHaveLength(0);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'silent', reason: 'silenced' });
    d.send(reply(3 * MINUTE, 'buyer'));
    expect(smsTexts(d.actions)).toHaveLength(0);
    d.say(4 * MINUTE, null, 0, { command: 'opt_in' });
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'opt_in' });
  });

  it('opts out of an escalated conversation too, and START returns it to the human', () => {
    const d = drive().say(0, null, 0, { command: 'human' }).say(MINUTE, null, 0, { command: 'opt_out' });
    expect(d.top()).toBe('optedOut');
    d.say(2 * MINUTE, null, 0, { command: 'opt_in' });
    expect(d.top()).toBe('escalated');
  });
});

describe('escalation and human control', () => {
  it('escalates at once when the contact asks for a person, whatever the intent', () => {
    const d = drive().say(0, 'buyer', 0.99, { command: 'human' });
    expect(d.top()).toBe('escalated');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'escalate', reason: 'human_requested' });
    expect(d.actions.find((a) => a.type === 'writeCrmFields')?.params).toMatchObject({ fields: { baton_owner: 'human' } });
  });

  it('keeps the bots silent while escalated: no reply is sent and no handoff happens', () => {
    const d = drive().say(0, null, 0, { command: 'distress' }).say(MINUTE, 'seller', 0.99);
    expect(d.top()).toBe('escalated');
    d.send(reply(2 * MINUTE, 'lead'));
    expect(smsTexts(d.actions)).toHaveLength(0);
  });

  it('takes over from a bot and releases to a chosen bot with the chain reset', () => {
    const d = drive().say(0, 'buyer', 0.95).say(MINUTE, 'seller', 0.95).say(2 * MINUTE, 'buyer', 0.95);
    d.send({ type: 'HUMAN_TAKEOVER', at: T0 + 3 * MINUTE, by: 'agent-7' });
    expect(d.top()).toBe('escalated');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'takeover', reason: 'human_takeover' });
    d.send({ type: 'HUMAN_RELEASE', at: T0 + 4 * MINUTE, by: 'agent-7', bot: 'buyer' });
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.chainResetAt).toBe(T0 + 4 * MINUTE);
    expect(d.snapshot.context.lastAt).toBe(T0 + 4 * MINUTE);
    // Without the reset this would be the 4th in a chain; after it, only the rate and cooldown still apply.
    d.say(HOUR + 5 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('seller');
  });
});

describe('context transfer', () => {
  it('builds the package with the facts, scores, intent and a 24 h expiry, and writes it to the CRM', () => {
    const d = drive();
    d.send(message(T0, intentFor(null, 0), { facts: { budget: { min: null, max: 450_000, currency: 'USD' }, timeline: { text: 'in 3 months', months: 3 } } }));
    d.send(message(T0 + MINUTE, intentFor('buyer', 0.85, 'buy.preapproved'), { facts: { preapproval: true } }));
    const pkg = d.snapshot.context.contextPackage;
    expect(pkg).toMatchObject({
      from: 'lead',
      to: 'buyer',
      at: T0 + MINUTE,
      expiresAt: T0 + MINUTE + 24 * HOUR,
      intent: { target: 'buyer', confidence: 0.85, pattern: 'buy.preapproved' },
      facts: { budget: { max: 450_000 }, timeline: { months: 3 }, preapproval: true },
    });
    expect(pkg?.answered).toEqual(expect.arrayContaining(['budget', 'timeline', 'preapproval']));
    const [crm] = effectsFrom(d.actions, 'contact-1', 'm', T0 + MINUTE).filter((e) => e.kind === 'write_crm_fields');
    expect(crm?.kind === 'write_crm_fields' && JSON.parse(crm.fields['baton_handoff_context'] ?? '{}')).toMatchObject({ to: 'buyer', expiresAt: T0 + MINUTE + 24 * HOUR });
    expect(crm?.kind === 'write_crm_fields' && crm.fields['baton_budget_max']).toBe('450000');
  });

  it('lands the receiving bot past every question the package answers', () => {
    const d = drive();
    d.send(message(T0, intentFor('buyer', 0.9), { facts: { budget: { min: null, max: 450_000, currency: 'USD' }, preapproval: true } }));
    expect(d.top()).toBe('buyer');
    expect(d.state()).not.toBe('buyer.budget');
    expect(d.state()).not.toBe('buyer.preapproval');
  });
});

describe('package freshness', () => {
  it('gives the receiving bot its package until expiresAt and ignores it from then on, and never hands it to another bot', () => {
    const d = drive().say(0, 'buyer', 0.9);
    const context = d.snapshot.context;
    expect(freshPackageFor(context, 'buyer', T0 + 24 * HOUR - 1)).not.toBeNull();
    expect(freshPackageFor(context, 'buyer', T0 + 24 * HOUR)).toBeNull();
    expect(freshPackageFor(context, 'seller', T0 + MINUTE)).toBeNull();
  });
});
