// Guard 4: no handoff on the same ordered source→target pair within pairCooldown (the reverse pair is not blocked),
// and none at all within handoffSettle of the previous handoff: a message sent before the contact could read the
// new bot's first reply (two messages racing in) must not bounce the contact again.
import type { HandoffGuard } from './types';

export const cooldownGuard: HandoffGuard = (attempt, policy) => {
  let lastOnPair: number | null = null;
  let lastAny: number | null = null;
  for (const handoff of attempt.handoffs) {
    lastAny = handoff.at;
    if (handoff.from === attempt.from && handoff.to === attempt.to) lastOnPair = handoff.at;
  }
  const sinceMs = lastOnPair === null ? null : attempt.at - lastOnPair;
  const sinceAnyMs = lastAny === null ? null : attempt.at - lastAny;
  const pairCool = sinceMs === null || sinceMs >= policy.cooldownMs;
  const settled = sinceAnyMs === null || sinceAnyMs >= policy.settleMs;
  return {
    pass: pairCool && settled,
    reason: 'cooldown',
    details: {
      route: attempt.route,
      scope: pairCool ? 'settle' : 'pair',
      sinceMs,
      cooldownMs: policy.cooldownMs,
      sinceAnyMs,
      settleMs: policy.settleMs,
    },
  };
};
