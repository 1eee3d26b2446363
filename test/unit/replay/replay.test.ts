// baton replay's core: journaled inputs, a pure re-run with the same or changed settings, old entries rebuilt from the transcript.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { fileSource, runReplay } from '../../../services/replay/run';
import { replayPolicy, type ReplayOverrides } from '../../../services/replay/settings';
import type { RecordedConversation } from '../../../services/replay/types';
import type { Intent } from '../../../domain/types';
import { BOUNCES, classifyScripted, MINUTE, recordConversation, START } from './conversation';

async function replay(conversations: RecordedConversation[], overrides: ReplayOverrides = {}, options: { reclassify?: (text: string) => Intent; since?: number } = {}) {
  return runReplay(fileSource(conversations), {
    policy: replayPolicy(DEFAULT_POLICY, overrides),
    overriddenRoutes: Object.keys(overrides.thresholds ?? {}) as Array<keyof NonNullable<ReplayOverrides['thresholds']>>,
    reclassify: options.reclassify ?? null,
    classify: classifyScripted,
    since: options.since ?? null,
    contactId: null,
    settings: {},
  });
}

describe('the journal', () => {
  it("keeps each message's text, time, messageId and enrichment next to its decision, with the bot's reply", async () => {
    const conversation = await recordConversation();
    const first = conversation.journal[0];
    expect(first?.input?.event).toMatchObject({
      type: 'MESSAGE_RECEIVED',
      messageId: 'm1',
      text: BOUNCES[0]?.[0],
      intent: { target: 'buyer', confidence: 0.9, pattern: 'buyer.buy' },
      thresholds: {},
    });
    expect(first?.input?.event.type === 'MESSAGE_RECEIVED' ? Object.keys(first.input.event.health).sort() : []).toEqual(['buyer', 'lead', 'seller']);
    expect(first?.input?.reply).toMatchObject({ type: 'BOT_REPLIED', bot: 'buyer' });
    expect(conversation.journal.map((entry) => entry.decision.reason)).toEqual(['handoff', 'no_intent', 'handoff', 'handoff', 'cooldown', 'no_intent']);
  });
});

describe('replaying a recorded conversation', () => {
  it('changes no decision and no figure when the settings are the recorded ones', async () => {
    const report = await replay([await recordConversation()]);
    expect(report).toMatchObject({ conversations: 1, replayed: BOUNCES.length, changed: 0, detailsChanged: 0, reconstructed: 0, unreplayable: [] });
    expect(report.handoffs).toMatchObject({ recorded: 3, replayed: 3 });
  });

  it('gains the handoff the pair cooldown blocked when the cooldown is 0, as the first change, and reports what follows as knock-on', async () => {
    const report = await replay([await recordConversation()], { cooldownMs: 0 });
    expect(report.changes[0]).toMatchObject({
      version: 5,
      cause: 'setting',
      recorded: { kind: 'stay', reason: 'cooldown', scope: 'pair' },
      replayed: { kind: 'handoff', from: 'buyer', to: 'seller' },
    });
    expect(report.handoffs.gained).toMatchObject({ total: 1, firstChanges: 1, byRoute: { 'buyer>seller': 1 }, byPattern: { 'seller.sell_my_house': 1 } });
    expect(report.blocks).toEqual({ recorded: { cooldown: 1 }, replayed: {} });
    expect(report.changes.slice(1).every((change) => change.cause === 'knock-on')).toBe(true);
  });

  it('loses the lead→buyer handoff when that route needs more confidence than the message had', async () => {
    const report = await replay([await recordConversation()], { thresholds: { 'lead>buyer': 0.95 } });
    expect(report.changes[0]).toMatchObject({ version: 1, cause: 'setting', recorded: { kind: 'handoff', to: 'buyer' }, replayed: { kind: 'stay', reason: 'below_threshold' } });
    expect(report.handoffs.lost.byRoute).toMatchObject({ 'lead>buyer': 1 });
    expect(report.handoffs.lost.firstChanges).toBe(1);
  });

  it('with a classifier that reads the seller switches as small talk, loses the buyer→seller handoff (--reclassify)', async () => {
    const shy = (text: string): Intent => (text.includes('sell') ? classifyScripted('ok thanks') : classifyScripted(text));
    const report = await replay([await recordConversation()], {}, { reclassify: shy });
    expect(report.changes[0]).toMatchObject({ version: 3, cause: 'setting', recorded: { kind: 'handoff', to: 'seller' }, replayed: { kind: 'stay', reason: 'no_intent' } });
    expect(report.handoffs.lost.byRoute['buyer>seller']).toBeGreaterThanOrEqual(1);
  });

  it('with --since compares only the decisions from then on, the earlier ones rebuild the state', async () => {
    const report = await replay([await recordConversation()], { cooldownMs: 0 }, { since: START + 72 * MINUTE });
    expect(report).toMatchObject({ replayed: 2, warmup: 4 });
    expect(report.changes[0]).toMatchObject({ version: 5, recorded: { reason: 'cooldown' }, replayed: { kind: 'handoff' } });
  });

  it('rebuilds entries journaled without their input from the transcript, says so, and decides the same', async () => {
    const conversation = await recordConversation();
    const old = { ...conversation, journal: conversation.journal.map(({ input: _input, ...entry }) => entry) };
    const report = await replay([old]);
    expect(report).toMatchObject({ replayed: BOUNCES.length, reconstructed: BOUNCES.length, changed: 0, unreplayable: [] });
  });

  it('says why a conversation cannot be replayed: a journal trimmed by retention, an old message gone from the transcript', async () => {
    const conversation = await recordConversation();
    const trimmed = { ...conversation, contactId: 'trimmed', journal: conversation.journal.slice(2) };
    const withoutInput = conversation.journal.map(({ input: _input, ...entry }) => entry);
    const forgotten = { contactId: 'forgotten', journal: withoutInput, transcript: conversation.transcript.slice(2) };
    const report = await replay([trimmed, forgotten]);
    expect(report.conversations).toBe(0);
    expect(report.unreplayable).toEqual([
      { contactId: 'trimmed', reason: expect.stringContaining('retention.journalEntries') },
      { contactId: 'forgotten', reason: expect.stringContaining('not in the transcript') },
    ]);
  });
});
