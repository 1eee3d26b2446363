// Runs the owning bot for one turn: deadline, no-re-ask check, health sample, and the configured fallback.
import type { Bot } from '../../bots/types';
import { knownFacts } from '../../bots/compose';
import type { BotName, BotReply, BotTurn, FactKey, Scores } from '../../domain/types';
import type { BotHealthMonitor } from '../health/monitor';

/** What a bot call knows beyond the pure turn (a remote bot gets it in its request). */
export interface BotCall {
  contactId: string;
  at: number;
  scores: Scores;
}

/** One bot interface, two kinds: a built-in rule bot (pure, in process) or a remote HTTP service. */
export interface BotPort {
  readonly kind: 'builtin' | 'remote';
  reply(turn: BotTurn, call: BotCall): BotReply | Promise<BotReply>;
}

/** When the bot fails, times out or is refused: answer with the built-in bot's reply, or send nothing. */
export type BotFallback = 'builtin' | 'none';

export function builtinPort(bot: Bot): BotPort {
  return { kind: 'builtin', reply: (turn) => bot.reply(turn) };
}

export type BotTurnResult =
  | { ok: true; reply: BotReply; source: 'bot' | 'fallback'; error: string | null }
  | { ok: false; error: string };

export interface BotTurnOptions {
  timeoutMs: number;
  health: BotHealthMonitor;
  now: () => number;
  fallback: BotFallback;
  builtin: Record<BotName, Bot>;
  /** A health sample that could not be stored (Redis down): reported, never fails the turn. */
  onRecordError?: (error: unknown) => void;
}

/** Fact keys a reply asks for although they are known: Baton enforces no-re-ask, it does not trust the bot. */
export function reAskedKeys(turn: BotTurn, reply: BotReply): FactKey[] {
  const known = knownFacts(turn);
  return reply.asks.filter((key) => known[key] !== undefined);
}

async function withDeadline<T>(work: () => T | Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runBotTurn(bots: Record<BotName, BotPort>, turn: BotTurn, call: BotCall, options: BotTurnOptions): Promise<BotTurnResult> {
  const started = performance.now();
  let error: string;
  try {
    const reply = await withDeadline(() => bots[turn.bot].reply(turn, call), options.timeoutMs, `bot ${turn.bot}`);
    const reAsked = reAskedKeys(turn, reply);
    if (reAsked.length === 0) {
      record(turn.bot, true);
      return { ok: true, reply, source: 'bot', error: null };
    }
    error = `bot ${turn.bot} re-asked known fact(s): ${reAsked.join(', ')}`;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  record(turn.bot, false);
  if (options.fallback === 'none' || bots[turn.bot].kind === 'builtin') return { ok: false, error };
  return { ok: true, reply: options.builtin[turn.bot].reply(turn), source: 'fallback', error };

  function record(bot: BotName, ok: boolean): void {
    const sample = { at: options.now(), latencyMs: performance.now() - started, ok };
    options.health.record(bot, sample).catch((caught: unknown) => options.onRecordError?.(caught));
  }
}
