// Guard 5: the target bot is healthy (P95 under factor × SLA, error rate under the limit); too few samples counts as healthy.
import type { HandoffGuard } from './types';

export const healthGuard: HandoffGuard = (attempt, policy) => {
  const health = attempt.health[attempt.to];
  const measured = health.samples >= policy.health.minSamples;
  const slow = health.p95Ms >= policy.health.p95Factor * health.slaMs;
  const failing = health.errorRate >= policy.health.maxErrorRate;
  return {
    pass: !measured || (!slow && !failing),
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
