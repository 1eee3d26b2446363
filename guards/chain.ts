// The current handoff chain: the run of handoffs, each less than chainWindow after the one before, that an attempt at `at` would extend.
import type { HandoffRecord } from '../domain/types';

export function currentChainLength(
  handoffs: readonly HandoffRecord[],
  at: number,
  chainWindowMs: number,
  chainResetAt: number | null,
): number {
  let length = 0;
  let next = at;
  for (let i = handoffs.length - 1; i >= 0; i -= 1) {
    const handoff = handoffs[i];
    if (handoff === undefined) break;
    if (chainResetAt !== null && handoff.at <= chainResetAt) break;
    if (next - handoff.at >= chainWindowMs) break;
    length += 1;
    next = handoff.at;
  }
  return length;
}
