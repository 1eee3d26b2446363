// Effect delivery without Redis: timers in this process, with the same retry semantics as the BullMQ workers.
import type { Effect } from '../../domain/types';
import { attemptDelivery, markFailed, retryDelayMs, type DeliveryDeps } from './deliver';
import type { EffectDispatcher, RetryPolicy } from './types';

interface Tracked {
  contactId: string;
  failures: number;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
}

export interface InProcessDispatcher extends EffectDispatcher {
  /** Resolves once nothing is queued or in flight (tests; graceful shutdown). */
  idle(): Promise<void>;
}

export function createInProcessDispatcher(deps: DeliveryDeps & { policy: RetryPolicy }): InProcessDispatcher {
  const tracked = new Map<string, Tracked>();
  const idleWaiters: Array<() => void> = [];
  let closed = false;

  function settle(effectId: string): void {
    tracked.delete(effectId);
    if (tracked.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function schedule(effectId: string, entry: Tracked, delayMs: number): void {
    if (closed) {
      // Still pending in the outbox: the next start-up sweep delivers it.
      settle(effectId);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = null;
      entry.running = run(effectId, entry).finally(() => {
        entry.running = null;
      });
    }, delayMs);
    entry.timer.unref();
  }

  async function run(effectId: string, entry: Tracked): Promise<void> {
    let outcome;
    try {
      outcome = await attemptDelivery(deps, entry.contactId, effectId);
    } catch (err) {
      // The store itself failed (outbox read or mark): try again later, without spending an attempt.
      deps.logger.warn({ effectId, contactId: entry.contactId, err: err instanceof Error ? err.message : String(err) }, 'effect delivery: store error');
      schedule(effectId, entry, retryDelayMs(deps.policy, 1, null));
      return;
    }
    if (outcome.kind === 'delivered' || outcome.kind === 'skipped') {
      settle(effectId);
      return;
    }
    if (outcome.kind === 'blocked') {
      schedule(effectId, entry, deps.policy.blockedDelayMs);
      return;
    }
    if (outcome.kind === 'throttled') {
      // Over the location's GoHighLevel budget: wait, without spending an attempt (delayed, never dropped).
      schedule(effectId, entry, outcome.delayMs);
      return;
    }
    entry.failures += 1;
    if (!outcome.retryable || entry.failures >= deps.policy.attempts) {
      try {
        await markFailed(deps, entry.contactId, outcome.effect, outcome.error, entry.failures);
      } finally {
        settle(effectId);
      }
      return;
    }
    deps.metrics?.effectRetries.inc({ kind: outcome.effect.kind, reason: outcome.reason });
    const delay = retryDelayMs(deps.policy, entry.failures, outcome.retryAfterMs);
    deps.logger.warn({ effectId, contactId: entry.contactId, attempt: entry.failures, delayMs: delay, reason: outcome.reason }, 'effect delivery will be retried');
    schedule(effectId, entry, delay);
  }

  function enqueueOne(contactId: string, effect: Effect): void {
    if (closed || tracked.has(effect.id)) return;
    const entry: Tracked = { contactId, failures: 0, timer: null, running: null };
    tracked.set(effect.id, entry);
    schedule(effect.id, entry, 0);
  }

  return {
    kind: 'in-process',
    async enqueue(contactId, effects) {
      for (const effect of effects) enqueueOne(contactId, effect);
    },
    async sweep() {
      let count = 0;
      for (const contactId of await deps.store.contactsWithPendingEffects()) {
        for (const item of await deps.store.pendingEffects(contactId)) {
          enqueueOne(contactId, item.effect);
          count += 1;
        }
      }
      return count;
    },
    idle() {
      if (tracked.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      const running: Promise<void>[] = [];
      for (const [effectId, entry] of tracked) {
        if (entry.timer !== null) {
          clearTimeout(entry.timer);
          settle(effectId);
        } else if (entry.running !== null) {
          running.push(entry.running);
        }
      }
      await Promise.allSettled(running);
      for (const wake of idleWaiters.splice(0)) wake();
    },
  };
}
