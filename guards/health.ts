// Guard 5: the target bot is healthy (P95 under factor × SLA, error rate under the limit); too few samples counts as healthy.
import type { HandoffGuard } from './types';

export const healthGuard: HandoffGuard = (attempt, policy) => {
  const health = attempt.health[attempt.to];
  const measured = health.samples >= policy.healthMinSamples;
  const slow = health.p95Ms >= policy.healthP95Factor * health.slaMs;
  const failing = health.errorRate >= policy.healthMaxErrorRate;
  return {
    pass: !measured || (!slow && !failing),
    reason: 'target_unhealthy',
    details: {
      target: attempt.to,
      p95Ms: health.p95Ms,
      slaMs: health.slaMs,
      errorRate: health.errorRate,
      samples: health.samples,
      minSamples: policy.healthMinSamples,
    },
  };
};
