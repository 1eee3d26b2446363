// State identity for the traversal: the state value plus a small summary of the context, so the graph stays finite.
import { currentChainLength } from '../../guards';
import { DEFAULT_POLICY, type ConversationPolicy } from '../../domain/policy';
import { DAY_MS, HOUR_MS } from '../../domain/time';
import type { ConversationSnapshot } from '../../services/engine/snapshot';
import { nowOf } from './alphabet';

/** How long ago the latest handoff was, in the buckets the guards distinguish (settle, cooldown, hour, day). */
function ageBucket(age: number, policy: ConversationPolicy): string {
  if (age < policy.settleMs) return 'settling';
  if (age < policy.cooldownMs) return 'cooling';
  if (age < HOUR_MS) return 'hour';
  if (age < DAY_MS) return 'day';
  return 'old';
}

/**
 * Two snapshots are the same model state when they agree on the state value, where START resumes, the handoffs in
 * the last hour and day, the current chain length, and the latest pair with its age bucket. The decision is left out
 * (it would multiply the graph); stays are seen on the one-step extensions of the paths instead (model.ts).
 */
export function summarize(snapshot: ConversationSnapshot, policy: ConversationPolicy = DEFAULT_POLICY): string {
  const { context } = snapshot;
  const now = nowOf(snapshot);
  const last = context.handoffs.at(-1);
  return JSON.stringify({
    value: snapshot.value,
    // Where START resumes matters only while opted out.
    resumeTo: snapshot.value === 'optedOut' ? context.resumeTo : null,
    hour: context.handoffs.filter((handoff) => now - handoff.at < HOUR_MS).length,
    day: context.handoffs.filter((handoff) => now - handoff.at < DAY_MS).length,
    chain: currentChainLength(context.handoffs, now, policy.chainWindowMs, context.chainResetAt),
    last: last === undefined ? null : `${last.from}>${last.to}:${ageBucket(now - last.at, policy)}`,
  });
}
