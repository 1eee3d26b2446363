// What every handoff guard reads (one attempted handoff) and what it answers (a verdict with its inputs).
import type { BotName, DecisionReason, HandoffRecord, HandoffTarget, HealthReport, Intent, Route, ThresholdOverrides } from '../domain/types';
import type { ConversationPolicy } from '../domain/policy';

export interface HandoffAttempt {
  from: BotName;
  to: HandoffTarget;
  route: Route;
  at: number;
  intent: Intent;
  thresholds: ThresholdOverrides;
  health: HealthReport;
  /** Successful handoffs of this contact, oldest first. */
  handoffs: readonly HandoffRecord[];
  /** Handoffs at or before this instant do not count toward the chain (a human released the contact). */
  chainResetAt: number | null;
}

export type VerdictDetails = Record<string, string | number | boolean | null>;

export interface GuardVerdict {
  pass: boolean;
  /** The reason recorded when this guard fails. */
  reason: DecisionReason;
  details: VerdictDetails;
}

export type HandoffGuard = (attempt: HandoffAttempt, policy: ConversationPolicy) => GuardVerdict;
