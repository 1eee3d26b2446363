// The handoff policy: every number the guards use, with the defaults of DESIGN section 3.
import type { Route } from '../machines/types';

export interface HandoffPolicy {
  /** Confidence a route needs when no threshold was learned for the message's pattern. */
  routeThresholds: Record<Route, number>;
  /** A chain is a run of handoffs each less than this apart. */
  chainWindowMs: number;
  /** A handoff that would make the chain this long escalates instead. */
  maxChainDepth: number;
  /** Successful handoffs allowed per sliding hour / day, per contact. */
  maxPerHour: number;
  maxPerDay: number;
  /** No second handoff on the same source→target pair within this. */
  pairCooldownMs: number;
  /** No handoff at all this soon after the previous one (racing messages; the contact has not read the new bot yet). */
  handoffSettleMs: number;
  /** A target is unhealthy when P95 >= factor × SLA or error rate >= maxErrorRate... */
  healthP95Factor: number;
  healthMaxErrorRate: number;
  /** ...but only once it has at least this many samples (the seed had none: one error blocked a bot). */
  healthMinSamples: number;
  /** Lifetime of a context package. */
  packageTtlMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_POLICY: HandoffPolicy = {
  routeThresholds: { 'lead>buyer': 0.7, 'lead>seller': 0.7, 'buyer>seller': 0.8, 'seller>buyer': 0.6 },
  chainWindowMs: 30 * MINUTE,
  maxChainDepth: 3,
  maxPerHour: 3,
  maxPerDay: 10,
  pairCooldownMs: 30 * MINUTE,
  handoffSettleMs: MINUTE,
  healthP95Factor: 1.2,
  healthMaxErrorRate: 0.1,
  healthMinSamples: 20,
  packageTtlMs: 24 * HOUR,
};

export const HOUR_MS = HOUR;
export const DAY_MS = 24 * HOUR;
