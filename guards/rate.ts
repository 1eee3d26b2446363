// Guard 3: fewer than maxPerHour successful handoffs in the last hour and maxPerDay in the last 24 h (sliding windows).
import { DAY_MS, HOUR_MS } from '../domain/time';
import type { HandoffGuard } from './types';

export const rateGuard: HandoffGuard = (attempt, policy) => {
  let lastHour = 0;
  let lastDay = 0;
  for (const handoff of attempt.handoffs) {
    const age = attempt.at - handoff.at;
    if (age < DAY_MS) lastDay += 1;
    if (age < HOUR_MS) lastHour += 1;
  }
  const hourFull = lastHour >= policy.maxPerHour;
  const dayFull = lastDay >= policy.maxPerDay;
  return {
    pass: !hourFull && !dayFull,
    reason: hourFull ? 'rate_hour' : 'rate_day',
    details: { lastHour, lastDay, maxPerHour: policy.maxPerHour, maxPerDay: policy.maxPerDay },
  };
};
