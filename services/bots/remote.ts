// A bot that is an HTTP service: POST the turn (zod-checked both ways), bounded by a deadline, retried only before it was reached.
import { request, type Dispatcher } from 'undici';
import { FACT_KEYS, type BotName, type BotReply, type BotTurn } from '../../domain/types';
import { knownFacts } from '../../bots/compose';
import type { BotCall, BotPort } from '../engine/bot-runner';
import { remoteBotResponseSchema, type RemoteBotRequest } from './contract';
import type { Bot } from '../../bots/types';

export interface RemoteBotOptions {
  name: BotName;
  url: string;
  /** The whole turn, retries included, must fit in this. */
  timeoutMs: number;
  /** Scores for a reply that carries none (the built-in bot's, which are a pure function of the facts). */
  builtin: Bot;
  /** undici's connection pool for the calls; its global dispatcher (kept-alive connections) by default. */
  dispatcher?: Dispatcher;
}

export class RemoteBotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteBotError';
  }
}

/** Connection refused or reset before any answer: the bot never saw the request, so sending it again is safe. */
function neverReached(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const codes = [(error as { code?: unknown }).code, (error.cause as { code?: unknown } | undefined)?.code];
  return codes.some((code) => code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE');
}

/** One answer read whole: its status and body text. */
interface Answer {
  status: number;
  text: string;
}

export function remoteRequest(call: BotCall, turn: BotTurn): RemoteBotRequest {
  const known = knownFacts(turn);
  return {
    contactId: call.contactId,
    bot: turn.bot,
    message: { text: turn.text, at: call.at },
    context: { facts: { ...known }, asked: turn.asked, scores: call.scores, contextPackage: turn.contextPackage === null ? null : { ...turn.contextPackage } },
    asksAllowed: FACT_KEYS.filter((key) => known[key] === undefined),
  };
}

/**
 * Calls go through undici's `request`, not `fetch` (the same client without the WHATWG stream layers:
 * about a quarter of the CPU per call, `npm run bench:ghl-client`).
 */
export function createRemoteBot(options: RemoteBotOptions): BotPort {
  async function once(body: string, signal: AbortSignal): Promise<Answer> {
    const answer = await request(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    return { status: answer.statusCode, text: await answer.body.text() };
  }

  async function post(body: string, signal: AbortSignal): Promise<Answer> {
    // One retry at most, and only when the bot was never reached: a bot that answered (even 5xx) or
    // timed out may have done the work (an LLM call costs money), so it is not asked twice.
    try {
      return await once(body, signal);
    } catch (error) {
      if (!neverReached(error) || signal.aborted) throw error;
      return once(body, signal);
    }
  }

  return {
    kind: 'remote',
    async reply(turn, call): Promise<BotReply> {
      const signal = AbortSignal.timeout(options.timeoutMs);
      let answer: Answer;
      try {
        answer = await post(JSON.stringify(remoteRequest(call, turn)), signal);
      } catch (error) {
        const timedOut = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
        throw new RemoteBotError(timedOut ? `remote ${options.name} bot timed out after ${options.timeoutMs} ms` : `remote ${options.name} bot unreachable: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (answer.status < 200 || answer.status >= 300) throw new RemoteBotError(`remote ${options.name} bot answered ${answer.status}`);
      let json: unknown;
      try {
        json = JSON.parse(answer.text) as unknown;
      } catch {
        throw new RemoteBotError(`remote ${options.name} bot answered something that is not JSON`);
      }
      const parsed = remoteBotResponseSchema.safeParse(json);
      if (!parsed.success) throw new RemoteBotError(`remote ${options.name} bot answered an invalid reply: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const { text, asks, scores } = parsed.data;
      return { text, asks, scores: scores ?? options.builtin.reply(turn).scores };
    },
  };
}
