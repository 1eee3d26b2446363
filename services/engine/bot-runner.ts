// Calls the owning bot for one turn with a timeout, and feeds its latency and outcome to the health monitor.
import type { BotName, BotReply, BotTurn } from '../../domain/types';
import type { BotHealthMonitor } from '../health/monitor';

/** A bot as the engine sees it: possibly slow or failing (a future LLM-backed bot), hence async. */
export interface BotPort {
  reply(turn: BotTurn): BotReply | Promise<BotReply>;
}

export type BotTurnResult = { ok: true; reply: BotReply } | { ok: false; error: string };

export async function runBotTurn(
  bots: Record<BotName, BotPort>,
  turn: BotTurn,
  options: { timeoutMs: number; health: BotHealthMonitor; now: () => number },
): Promise<BotTurnResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bot ${turn.bot} timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  try {
    const reply = await Promise.race([Promise.resolve().then(() => bots[turn.bot].reply(turn)), timeout]);
    options.health.record(turn.bot, { at: options.now(), latencyMs: performance.now() - started, ok: true });
    return { ok: true, reply };
  } catch (error) {
    options.health.record(turn.bot, { at: options.now(), latencyMs: performance.now() - started, ok: false });
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
