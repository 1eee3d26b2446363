// Guard 4: no handoff on the same ordered source→target pair within pairCooldown (the reverse pair is not blocked).
import type { HandoffGuard } from './types';

export const cooldownGuard: HandoffGuard = (attempt, policy) => {
  let lastOnPair: number | null = null;
  for (const handoff of attempt.handoffs) {
    if (handoff.from === attempt.from && handoff.to === attempt.to) lastOnPair = handoff.at;
  }
  const sinceMs = lastOnPair === null ? null : attempt.at - lastOnPair;
  return {
    pass: sinceMs === null || sinceMs >= policy.pairCooldownMs,
    reason: 'cooldown',
    details: { route: attempt.route, sinceMs, cooldownMs: policy.pairCooldownMs },
  };
};
