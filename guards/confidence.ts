// Guard 1: the intent's confidence reaches the route's threshold (learned per pattern, else the route default).
import type { HandoffGuard } from './types';

/** Scores are sums of weights; absorb binary floating-point noise so 0.7 reaches a 0.7 threshold. */
const EPSILON = 1e-9;

export const confidenceGuard: HandoffGuard = (attempt, policy) => {
  const learned = attempt.thresholds[attempt.route];
  const threshold = learned ?? policy.thresholds[attempt.route];
  return {
    pass: attempt.intent.confidence + EPSILON >= threshold,
    reason: 'below_threshold',
    details: {
      confidence: attempt.intent.confidence,
      threshold,
      thresholdSource: learned === undefined ? 'route' : 'learned',
      pattern: attempt.intent.pattern,
      route: attempt.route,
    },
  };
};
