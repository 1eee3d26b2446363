// What each of the chart's actions leaves in the context and in its effects: escalations, replies, takeover, release, opt-out/in, handoffs.
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { policyFrom } from '../../../domain/policy';
import { createConversationMachine } from '../../../machines/conversation';
import type { ConversationEvent } from '../../../machines/events';
import { OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from '../../../machines/notices';
import { initialSnapshot } from '../../../services/engine/snapshot';
import { HOUR, intentFor, message, MINUTE, T0 } from '../../support/attempts';
import { drive, startIn, type Driver } from '../../support/drive';

const effects = (d: Driver, type: 'sendSms' | 'writeCrmFields') => d.actions.filter((a) => a.type === type).map((a) => a.params);
const reply = (at: number, bot: 'lead' | 'buyer' | 'seller', asks: Array<'budget' | 'preapproval'>): ConversationEvent => ({
  type: 'BOT_REPLIED',
  at,
  bot,
  text: `${bot} asks`,
  asks,
  scores: { temperature: 'hot', readiness: 40, motivation: 5 },
});

describe('escalation effects', () => {
  it('on the 4th handoff of a chain: records depth_limit with no admin, tells the contact a team member is coming, and writes the reason', () => {
    const d = drive().say(0, 'buyer', 0.95).say(MINUTE, 'seller', 0.95).say(2 * MINUTE, 'buyer', 0.95).say(3 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('escalated');
    expect(d.snapshot.context.escalation).toEqual({ reason: 'depth_limit', at: T0 + 3 * MINUTE, by: null });
    const [sms] = effects(d, 'sendSms') as Array<{ bot: string; text: string; asks: string[] }>;
    expect(sms).toMatchObject({ bot: 'buyer', asks: [] });
    expect(sms?.text).toContain('patience');
    expect(effects(d, 'writeCrmFields')).toEqual([{ fields: { baton_owner: 'human', baton_escalation_reason: 'depth_limit' } }]);
    expect(d.snapshot.context.messageCount).toBe(4);
  });

  it('on a request for a person: records human_requested and writes it as the reason, from the bot that owned the contact', () => {
    const d = startIn('seller').say(MINUTE, null, 0, { command: 'human' });
    expect(d.snapshot.context.escalation).toEqual({ reason: 'human_requested', at: T0 + MINUTE, by: null });
    expect(effects(d, 'sendSms')).toEqual([expect.objectContaining({ bot: 'seller', asks: [] })]);
    expect(effects(d, 'writeCrmFields')).toEqual([{ fields: { baton_owner: 'human', baton_escalation_reason: 'human_requested' } }]);
  });
});

describe('bot replies', () => {
  it('appends what the owning bot asked, keeps its scores, ends the first turn and sends the text as that bot', () => {
    const d = drive().send(reply(T0, 'lead', ['budget'])).send(reply(T0 + MINUTE, 'lead', ['preapproval']));
    expect(d.snapshot.context).toMatchObject({
      asked: ['budget', 'preapproval'],
      lastAsked: ['preapproval'],
      scores: { temperature: 'hot', readiness: 40, motivation: 5 },
      awaitingFirstTurn: false,
      lastAt: T0 + MINUTE,
    });
    expect(effects(d, 'sendSms')).toEqual([{ bot: 'lead', text: 'lead asks', asks: ['preapproval'] }]);
  });

  it('keeps each asked fact once however often it is asked again, so the context does not grow with the conversation', () => {
    let d = drive();
    for (let i = 0; i < 200; i++) d = d.send(reply(T0 + i * MINUTE, 'lead', i % 2 === 0 ? ['budget'] : ['budget', 'preapproval']));
    expect(d.snapshot.context.asked).toEqual(['budget', 'preapproval']);
    expect(d.snapshot.context.lastAsked).toEqual(['budget', 'preapproval']);
  });

  it('never moves the clock back on a late reply', () => {
    const d = drive().say(5 * MINUTE, null, 0).send(reply(T0, 'lead', []));
    expect(d.snapshot.context.lastAt).toBe(T0 + 5 * MINUTE);
  });

  it('ignores a reply from a bot that does not own the contact: nothing sent, nothing recorded', () => {
    const d = startIn('buyer');
    const before = d.snapshot.context;
    d.send(reply(T0 + MINUTE, 'seller', ['budget']));
    expect(d.actions).toEqual([]);
    expect(d.snapshot.context).toEqual(before);
  });
});

describe('takeover and release', () => {
  it('records who took over and when, hands the CRM owner to a human, and keeps the clock monotonic', () => {
    const d = startIn('buyer').say(10 * MINUTE, null, 0);
    d.send({ type: 'HUMAN_TAKEOVER', at: T0 + 5 * MINUTE, by: 'agent-7' });
    expect(d.snapshot.context.escalation).toEqual({ reason: 'human_takeover', at: T0 + 5 * MINUTE, by: 'agent-7' });
    expect(d.snapshot.context.decision).toMatchObject({ from: 'buyer', to: 'escalated', details: { by: 'agent-7' } });
    expect(d.snapshot.context.lastAt).toBe(T0 + 10 * MINUTE);
    expect(effects(d, 'writeCrmFields')).toEqual([{ fields: { baton_owner: 'human' } }]);
  });

  it('releases to the chosen bot: clears the escalation, awaits the bot\'s first turn, resets the chain and names the new owner', () => {
    const d = drive().say(0, null, 0, { command: 'human' }).send(reply(T0, 'lead', []));
    d.send({ type: 'HUMAN_RELEASE', at: T0 + HOUR, by: 'agent-7', bot: 'seller' });
    expect(d.top()).toBe('seller');
    expect(d.snapshot.context).toMatchObject({ escalation: null, awaitingFirstTurn: true, chainResetAt: T0 + HOUR, lastAt: T0 + HOUR });
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'release', from: 'escalated', to: 'seller' });
    expect(effects(d, 'writeCrmFields')).toEqual([{ fields: { baton_owner: 'seller' } }]);
  });

  it('releases to the lead bot too, though no handoff ever goes back to lead', () => {
    const d = startIn('buyer').send({ type: 'HUMAN_TAKEOVER', at: T0 + MINUTE, by: 'a' }).send({ type: 'HUMAN_RELEASE', at: T0 + 2 * MINUTE, by: 'a', bot: 'lead' });
    expect(d.top()).toBe('lead');
  });
});

describe('qualification sub-states and silence', () => {
  it('starts a bot at its first open question and moves on only as the facts arrive', () => {
    const d = startIn('buyer');
    expect(d.state()).toBe('buyer.budget');
    d.send(message(T0 + MINUTE, intentFor(null, 0), { facts: { budget: { min: null, max: 400_000, currency: 'USD' } } }));
    expect(d.state()).toBe('buyer.preapproval');
  });

  it('records a message to an escalated contact as silenced by the human state, and a second takeover by whoever took it', () => {
    const d = drive().say(0, null, 0, { command: 'human' }).say(MINUTE, 'buyer', 0.99);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'silent', from: 'escalated', to: 'escalated' });
    d.send({ type: 'HUMAN_TAKEOVER', at: T0 + 2 * MINUTE, by: 'agent-9' });
    expect(d.top()).toBe('escalated');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'takeover', from: 'escalated', to: 'escalated', details: { by: 'agent-9' } });
    expect(d.snapshot.context.escalation).toEqual({ reason: 'human_takeover', at: T0 + 2 * MINUTE, by: 'agent-9' });
  });
});

describe('opt-out and opt-in effects', () => {
  it('words the confirmations as carriers require: the opt-out names START, the opt-in welcomes back', () => {
    expect(OPT_OUT_CONFIRMATION).toMatch(/unsubscribed.*START/);
    expect(OPT_IN_CONFIRMATION).toMatch(/resubscribed/);
  });

  it('confirms an opt-out from the owning bot and remembers where START goes back to', () => {
    const d = startIn('seller').say(MINUTE, null, 0, { command: 'opt_out' });
    expect(effects(d, 'sendSms')).toEqual([{ bot: 'seller', text: OPT_OUT_CONFIRMATION, asks: [] }]);
    expect(d.snapshot.context.resumeTo).toBe('seller');
    d.say(2 * MINUTE, null, 0, { command: 'opt_in' });
    expect(effects(d, 'sendSms')).toEqual([{ bot: 'seller', text: OPT_IN_CONFIRMATION, asks: [] }]);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'opt_in', from: 'seller', to: 'seller' });
  });

  it('confirms as the lead bot when the contact was with a human, and resumes with the human', () => {
    const d = drive().say(0, null, 0, { command: 'distress' }).say(MINUTE, null, 0, { command: 'opt_out' });
    expect(effects(d, 'sendSms')).toEqual([{ bot: 'lead', text: OPT_OUT_CONFIRMATION, asks: [] }]);
    expect(d.snapshot.context.resumeTo).toBe('escalated');
    d.say(2 * MINUTE, null, 0, { command: 'opt_in' });
    expect(d.top()).toBe('escalated');
    expect(effects(d, 'sendSms')).toEqual([{ bot: 'lead', text: OPT_IN_CONFIRMATION, asks: [] }]);
  });

  it('stays opted out on a message that is not START, counting it', () => {
    const d = drive().say(0, null, 0, { command: 'opt_out' }).say(MINUTE, 'buyer', 0.99);
    expect(d.top()).toBe('optedOut');
    expect(d.snapshot.context.messageCount).toBe(2);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'silent', from: 'optedOut', details: { command: null } });
  });
});

describe('handoff effects', () => {
  it('awaits the new bot\'s first turn, keeps the handoff pending for learning, counts it and writes the package', () => {
    const d = drive().send(reply(T0, 'lead', [])).say(MINUTE, 'seller', 0.8, { pattern: 'sell.list' });
    expect(d.snapshot.context).toMatchObject({
      awaitingFirstTurn: true,
      pendingOutcome: { route: 'lead>seller', pattern: 'sell.list', at: T0 + MINUTE },
      handoffCount: 1,
      handoffs: [{ from: 'lead', to: 'seller', at: T0 + MINUTE, pattern: 'sell.list', confidence: 0.8 }],
    });
    expect(effects(d, 'writeCrmFields')).toEqual([{ contextPackage: d.snapshot.context.contextPackage }]);
    d.say(2 * MINUTE, null, 0);
    expect(d.snapshot.context.pendingOutcome).toBeNull();
  });

  it('uses the policy it was built with: thresholds and the package lifetime', () => {
    const machine = createConversationMachine(policyFrom({ thresholds: { 'lead>buyer': 0.95 }, packageTtlMs: HOUR }));
    const d = drive(machine).say(0, 'buyer', 0.9);
    expect(d.top()).toBe('lead');
    expect(d.snapshot.context.decision).toMatchObject({ reason: 'below_threshold', details: { threshold: 0.95 } });
    d.say(MINUTE, 'buyer', 0.96);
    expect(d.snapshot.context.contextPackage?.expiresAt).toBe(T0 + MINUTE + HOUR);
  });

  /** In lead again a minute after a lead→buyer handoff, by a takeover and a release: that pair is cooling down. */
  const released = (machine: ReturnType<typeof createConversationMachine>) =>
    drive(machine)
      .say(MINUTE, 'buyer', 0.9)
      .send({ type: 'HUMAN_TAKEOVER', at: T0 + MINUTE, by: 'a' })
      .send({ type: 'HUMAN_RELEASE', at: T0 + MINUTE, by: 'a', bot: 'lead' }).snapshot;

  it('judges each (snapshot, message) afresh: the same snapshot with another message, or the same message on another snapshot', () => {
    const machine = createConversationMachine();
    const start = initialSnapshot(machine, 'c-1');
    const confident = message(T0 + 2 * MINUTE, intentFor('buyer', 0.9));
    const [handedOff] = transition(machine, start, confident);
    expect(handedOff.context.decision?.kind).toBe('handoff');
    const [doubtful] = transition(machine, start, message(T0 + 2 * MINUTE, intentFor('buyer', 0.5)));
    expect(doubtful.context.decision?.reason).toBe('below_threshold');
    const [cooled] = transition(machine, released(machine), confident);
    expect(cooled.context.decision).toMatchObject({ kind: 'stay', reason: 'cooldown' });
  });
});
