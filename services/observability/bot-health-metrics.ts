// Bot health in /metrics: P95, error rate, samples, SLA and the verdict per bot, read from the shared window at scrape time.
import { Gauge, type Registry } from 'prom-client';
import type { BotName } from '../../domain/types';
import type { BotHealthView } from '../health/monitor';

export function registerBotHealthMetrics(registry: Registry, read: () => Promise<Record<BotName, BotHealthView>>): void {
  // One read per scrape, shared by the five gauges (prom-client collects each gauge on its own).
  let scrape: Promise<Record<BotName, BotHealthView>> | null = null;
  const figures = () => (scrape ??= read().finally(() => setImmediate(() => (scrape = null))));
  const gauge = (name: string, help: string, pick: (view: BotHealthView) => number): void => {
    const target: Gauge<'bot'> = new Gauge({
      name,
      help,
      labelNames: ['bot'] as const,
      registers: [registry],
      async collect() {
        for (const [bot, view] of Object.entries(await figures())) target.set({ bot }, pick(view));
      },
    });
  };
  gauge('baton_bot_p95_ms', 'P95 latency of bot turns over the health window (ms), as every host sees it', (v) => v.p95Ms);
  gauge('baton_bot_error_rate', 'Share of bot turns that failed, timed out or were refused (re-ask) over the window', (v) => v.errorRate);
  gauge('baton_bot_samples', 'Bot turns in the health window', (v) => v.samples);
  gauge('baton_bot_sla_ms', 'The P95 target of each bot (ms)', (v) => v.slaMs);
  gauge('baton_bot_healthy', '1 when the health guard allows handoffs to the bot, else 0', (v) => (v.healthy ? 1 : 0));
}
