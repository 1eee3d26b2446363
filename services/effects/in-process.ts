// Effect delivery without Redis: one chain per contact in this process (only its next effect is in flight), with the BullMQ workers' retry rules.
import { deliverNext, markFailed, retryDelayMs, type DeliveryDeps } from './deliver';
import type { EffectDispatcher, RetryPolicy } from './types';

/** A contact whose outbox is being drained; it exists only while the contact has something to deliver. */
interface Chain {
  /** The effect being delivered (or waiting for its retry) and how many attempts at it failed. */
  effectId: string | null;
  failures: number;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /** Set by enqueue: a commit landed while the chain was reading its outbox, so an empty read is read again. */
  kicked: boolean;
}

export interface InProcessDispatcher extends EffectDispatcher {
  /** Resolves once nothing is queued or in flight (tests; graceful shutdown). */
  idle(): Promise<void>;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Lets other work (requests, other contacts' timers) run between two deliveries of one long backlog. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createInProcessDispatcher(deps: DeliveryDeps & { policy: RetryPolicy }): InProcessDispatcher {
  const chains = new Map<string, Chain>();
  const idleWaiters: Array<() => void> = [];
  let closed = false;

  function settle(contactId: string): void {
    chains.delete(contactId);
    if (chains.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function schedule(contactId: string, chain: Chain, delayMs: number): void {
    if (closed) {
      // Still pending in the outbox: the next start-up sweep delivers it.
      settle(contactId);
      return;
    }
    chain.timer = setTimeout(() => {
      chain.timer = null;
      chain.running = drain(contactId, chain).finally(() => {
        chain.running = null;
      });
    }, delayMs);
    chain.timer.unref();
  }

  /** Delivers the contact's effects in commit order until the outbox is empty or one must wait (retry, throttle). */
  async function drain(contactId: string, chain: Chain): Promise<void> {
    for (;;) {
      if (closed) return settle(contactId);
      chain.kicked = false;
      let next;
      try {
        next = await deps.store.nextEffect(contactId);
      } catch (err) {
        deps.logger.warn({ contactId, err: errorText(err) }, 'effect delivery: store error');
        return schedule(contactId, chain, retryDelayMs(deps.policy, 1, null));
      }
      if (next === null) {
        if (chain.kicked) continue;
        return settle(contactId);
      }
      const effectId = next.effect.id;
      if (chain.effectId !== effectId) {
        chain.effectId = effectId;
        chain.failures = 0;
      }
      let outcome;
      try {
        outcome = await deliverNext(deps, contactId, next.effect);
      } catch (err) {
        // The store failed to mark the send: try again later, without spending an attempt.
        deps.logger.warn({ effectId, contactId, err: errorText(err) }, 'effect delivery: store error');
        return schedule(contactId, chain, retryDelayMs(deps.policy, 1, null));
      }
      if (outcome.kind === 'throttled') {
        // Over the location's GoHighLevel budget: wait, without spending an attempt (delayed, never dropped).
        return schedule(contactId, chain, outcome.delayMs);
      }
      if (outcome.kind === 'error') {
        chain.failures += 1;
        if (outcome.retryable && chain.failures < deps.policy.attempts) {
          deps.metrics?.effectRetries.inc({ kind: outcome.effect.kind, reason: outcome.reason });
          const delay = retryDelayMs(deps.policy, chain.failures, outcome.retryAfterMs);
          deps.logger.warn({ effectId, contactId, attempt: chain.failures, delayMs: delay, reason: outcome.reason }, 'effect delivery will be retried');
          return schedule(contactId, chain, delay);
        }
        try {
          await markFailed(deps, contactId, outcome.effect, outcome.error, chain.failures);
        } catch (err) {
          deps.logger.warn({ effectId, contactId, err: errorText(err) }, 'effect delivery: store error');
          return schedule(contactId, chain, retryDelayMs(deps.policy, 1, null));
        }
      }
      // Delivered or failed for good: the chain moves on to the contact's next effect.
      await yieldToEventLoop();
    }
  }

  function start(contactId: string): boolean {
    if (closed) return false;
    const existing = chains.get(contactId);
    if (existing !== undefined) {
      existing.kicked = true;
      return false;
    }
    const chain: Chain = { effectId: null, failures: 0, timer: null, running: null, kicked: false };
    chains.set(contactId, chain);
    schedule(contactId, chain, 0);
    return true;
  }

  return {
    kind: 'in-process',
    async enqueue(contactId, effects) {
      if (effects.length > 0) start(contactId);
    },
    async sweep() {
      let count = 0;
      for (const contactId of await deps.store.contactsWithPendingEffects()) {
        start(contactId);
        count += 1;
      }
      return count;
    },
    idle() {
      if (chains.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      const running: Promise<void>[] = [];
      for (const [contactId, chain] of chains) {
        if (chain.timer !== null) {
          clearTimeout(chain.timer);
          settle(contactId);
        } else if (chain.running !== null) {
          running.push(chain.running);
        }
      }
      await Promise.allSettled(running);
      for (const wake of idleWaiters.splice(0)) wake();
    },
  };
}
