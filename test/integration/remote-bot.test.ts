// A remote bot over real HTTP: the contract both ways, a timeout falls back, a re-ask is refused, failures count against health.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, buildConnector } from 'undici';
import { BOTS } from '../../bots';
import { createRemoteBot } from '../../services/bots/remote';
import { builtinPort, type BotFallback } from '../../services/engine/bot-runner';
import { createEngine } from '../../services/engine/engine';
import type { Effect } from '../../domain/types';
import { createHealthMonitor } from '../../services/health/monitor';
import { createMemoryStore } from '../../services/store/memory';
import { REMOTE_TEXT, startFakeRemoteBot, type FakeRemoteBot } from '../fakes/remote-bot';

const T0 = Date.UTC(2026, 10, 23, 9);
/** Generous for bots that answer (a loaded CI runner); the hanging bot's test uses HANG_TIMEOUT_MS. */
const TIMEOUT_MS = 2_000;
const HANG_TIMEOUT_MS = 300;
let bot: FakeRemoteBot;

beforeEach(async () => {
  bot = await startFakeRemoteBot();
});
afterEach(async () => {
  await bot.close();
});

function engineWithRemoteBuyer(fallback: BotFallback = 'builtin', timeoutMs = TIMEOUT_MS) {
  const health = createHealthMonitor({ reportCacheMs: 0 });
  const errors: string[] = [];
  const engine = createEngine({
    store: createMemoryStore(),
    health,
    botFallback: fallback,
    botTimeoutMs: timeoutMs,
    bots: { lead: builtinPort(BOTS.lead), buyer: createRemoteBot({ name: 'buyer', url: bot.url, timeoutMs, builtin: BOTS.buyer }), seller: builtinPort(BOTS.seller) },
    window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 },
    onBackgroundError: (error, what) => errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { engine, health, errors };
}

const buyerMessage = { contactId: 'rb-1', messageId: 'm-1', text: 'we want to buy, our budget is $450k and we are pre-approved', at: T0, locationId: null, conversationId: null };
const smsOf = (effects: Effect[]) => effects.flatMap((effect) => (effect.kind === 'send_sms' ? [effect] : []));

/** What the built-in buyer bot answers to the same message (an engine with no remote bot). */
async function builtInReplyText(): Promise<string | undefined> {
  const plain = createEngine({ store: createMemoryStore(), window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
  const result = await plain.handleInbound(buyerMessage);
  return result.status === 'processed' ? smsOf(result.effects)[0]?.text : undefined;
}

describe('a remote bot over HTTP', () => {
  it('gets the turn as the documented contract (facts, asked, scores, package, asksAllowed) and its reply is sent', async () => {
    const { engine, health } = engineWithRemoteBuyer();
    const result = await engine.handleInbound(buyerMessage);
    expect(result.status === 'processed' && result.bot).toBe('buyer');
    expect(bot.invalid).toEqual([]);
    const request = bot.requests[0];
    expect(request).toMatchObject({ contactId: 'rb-1', bot: 'buyer', message: { text: buyerMessage.text, at: T0 } });
    expect(request?.context.facts).toHaveProperty('budget');
    expect(request?.context.contextPackage).toMatchObject({ from: 'lead', to: 'buyer' });
    expect(request?.asksAllowed).not.toContain('budget');
    expect(request?.asksAllowed).not.toContain('preapproval');
    const sms = result.status === 'processed' ? smsOf(result.effects) : [];
    expect(sms.map((s) => s.text)).toEqual([expect.stringContaining(REMOTE_TEXT)]);
    expect((await health.report(Date.now())).buyer).toMatchObject({ samples: 1, errorRate: 0 });
  });

  it('falls back to the built-in reply when the bot does not answer within BOT_TIMEOUT_MS, and counts the timeout as an error', async () => {
    bot.behave({ mode: 'hang' });
    const { engine, health, errors } = engineWithRemoteBuyer('builtin', HANG_TIMEOUT_MS);
    const result = await engine.handleInbound(buyerMessage);
    const sms = result.status === 'processed' ? smsOf(result.effects) : [];
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).not.toContain(REMOTE_TEXT);
    expect(sms[0]?.text).toBe(await builtInReplyText());
    expect(errors.join('\n')).toMatch(new RegExp(`timed out after ${HANG_TIMEOUT_MS} ms`));
    expect((await health.report(Date.now())).buyer).toMatchObject({ samples: 1, errorRate: 1 });
  });

  it('sends nothing for the turn when the fallback is none', async () => {
    bot.behave({ mode: 'fail' });
    const { engine, health } = engineWithRemoteBuyer('none');
    const result = await engine.handleInbound(buyerMessage);
    expect(result.status === 'processed' && result.bot).toBe('buyer');
    expect(result.status === 'processed' ? smsOf(result.effects) : null).toEqual([]);
    expect((await health.report(Date.now())).buyer.errorRate).toBe(1);
    // The bot answered (500): it may have done the work, so it is not asked twice.
    expect(bot.requests).toHaveLength(1);
  });

  it('sends the request again, once, only when the bot was never reached (connection refused)', async () => {
    // A connection pool whose first connection attempt is refused, as by a bot restarting; later ones connect.
    let refused = 0;
    const connect = buildConnector({});
    const flaky = new Agent({
      connect: (connectOptions, callback) => {
        if (refused === 0) {
          refused += 1;
          callback(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), null);
          return;
        }
        connect(connectOptions, callback);
      },
    });
    const remote = createRemoteBot({ name: 'buyer', url: bot.url, timeoutMs: TIMEOUT_MS, builtin: BOTS.buyer, dispatcher: flaky });
    const turn = { bot: 'buyer' as const, facts: {}, contextPackage: null, firstTurn: true, text: 'hi', asked: [], messageCount: 1 };
    const reply = await remote.reply(turn, { contactId: 'rb-2', at: T0, scores: { temperature: 'cold', readiness: 0, motivation: 0 } });
    expect(reply.text).toContain(REMOTE_TEXT);
    expect(refused).toBe(1);
    expect(bot.requests).toHaveLength(1);
    await flaky.close();
  });

  it('refuses a reply that asks for a fact already known, counts it as a bot error and sends the built-in reply instead', async () => {
    bot.behave({ mode: 'reask', reask: 'budget' });
    const { engine, health, errors } = engineWithRemoteBuyer();
    const result = await engine.handleInbound(buyerMessage);
    const sms = result.status === 'processed' ? smsOf(result.effects) : [];
    expect(bot.requests).toHaveLength(1);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).toBe(await builtInReplyText());
    expect(sms[0]?.asks).not.toContain('budget');
    expect(errors.join('\n')).toMatch(/re-asked known fact\(s\): budget/);
    expect((await health.report(Date.now())).buyer).toMatchObject({ samples: 1, errorRate: 1 });
  });
});

describe('the remote-bot contract in /openapi.json', () => {
  it('documents the request Baton POSTs and the reply it accepts, as a webhook of the API', async () => {
    const { buildOpenApi } = await import('../../server/openapi');
    const doc = buildOpenApi('test') as { webhooks: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } };
    expect(doc.webhooks).toHaveProperty('remoteBotTurn');
    expect(doc.components.schemas['RemoteBotRequest']?.required).toEqual(['contactId', 'bot', 'message', 'context', 'asksAllowed']);
    expect(doc.components.schemas['RemoteBotResponse']?.required).toEqual(['text', 'asks']);
  });
});
