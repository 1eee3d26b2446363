// Learned thresholds: with enough outcomes, a pattern's route threshold moves down when it succeeds and up when it fails.
import type { LearningRules } from '../../domain/policy';
import type { Route } from '../../domain/types';

export interface PatternCounts {
  route: Route;
  pattern: string;
  outcomes: number;
  successes: number;
}

/** The learned threshold for one (route, pattern), or null while it has too few outcomes or no reason to move. */
export function learnedThreshold(counts: PatternCounts, routeDefault: number, rules: LearningRules): number | null {
  if (counts.outcomes < rules.minOutcomes) return null;
  const rate = counts.successes / counts.outcomes;
  let threshold = routeDefault;
  if (rate > rules.successAbove) threshold = routeDefault - rules.lowerBy;
  else if (rate < rules.successBelow) threshold = routeDefault + rules.raiseBy;
  else return null;
  // Round away float noise (0.7 − 0.05 = 0.6499999…) so the figure shown is the figure applied.
  return Math.round(Math.min(rules.ceiling, Math.max(rules.floor, threshold)) * 1000) / 1000;
}
