// Guard 5: the target bot is healthy (P95 under factor × SLA, error rate under the limit); too few samples counts as healthy.
import type { HealthRules } from '../domain/policy';
import type { BotHealth } from '../domain/types';
import type { HandoffGuard } from './types';

/** The verdict the guard applies, also shown at GET /v1/bots/health. */
export function botIsHealthy(health: BotHealth, rules: HealthRules): boolean {
  const measured = health.samples >= rules.minSamples;
  const slow = health.p95Ms >= rules.p95Factor * health.slaMs;
  const failing = health.errorRate >= rules.maxErrorRate;
  return !measured || (!slow && !failing);
}

export const healthGuard: HandoffGuard = (attempt, policy) => {
  const health = attempt.health[attempt.to];
  return {
    pass: botIsHealthy(health, policy.health),
    reason: 'target_unhealthy',
    details: {
      target: attempt.to,
      p95Ms: health.p95Ms,
      slaMs: health.slaMs,
      errorRate: health.errorRate,
      samples: health.samples,
      minSamples: policy.health.minSamples,
    },
  };
};
