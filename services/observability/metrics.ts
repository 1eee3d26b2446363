// Prometheus metrics on a registry created per app (never prom-client's global default registry).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Decision } from '../../domain/types';

export interface Metrics {
  readonly registry: Registry;
  readonly decisions: Counter<'kind' | 'reason'>;
  readonly handoffs: Counter<'pair'>;
  readonly webhookSeconds: Histogram<'outcome'>;
  readonly effectDeliveries: Counter<'kind' | 'outcome'>;
  readonly effectRetries: Counter<'kind' | 'reason'>;
  readonly effectRuns: Counter<'start'>;
  readonly lockWaits: Counter<'outcome'>;
  readonly lockWaitSeconds: Histogram;
  recordDecision(decision: Decision): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, heap, event loop); off in tests to keep scrapes small. */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'baton_' });
  const decisions = new Counter({
    name: 'baton_decisions_total',
    help: 'Engine decisions by kind and the reason that decided',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });
  const handoffs = new Counter({
    name: 'baton_handoffs_total',
    help: 'Successful handoffs by source>target pair',
    labelNames: ['pair'] as const,
    registers: [registry],
  });
  const webhookSeconds = new Histogram({
    name: 'baton_webhook_duration_seconds',
    help: 'POST /webhooks/ghl latency by outcome (processed, duplicate, ignored, erased, rejected, busy, error)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const effectDeliveries = new Counter({
    name: 'baton_effect_deliveries_total',
    help: 'Effect delivery attempts by kind and outcome (delivered, read_back: found already applied and not resent, retry, failed, skipped, busy: begun by another worker moments ago, looked at again later)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const effectRetries = new Counter({
    name: 'baton_effect_retries_total',
    help: 'Effect deliveries scheduled for another attempt, by kind and reason (rate_limited, server_error, timeout, network)',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });
  const effectRuns = new Counter({
    name: 'baton_effect_runs_total',
    help: "Delivery runs (a contact's effects delivered one after another) by how they started: inline (on the committing host, no queue job) or job (a BullMQ job)",
    labelNames: ['start'] as const,
    registers: [registry],
  });
  const lockWaits = new Counter({
    name: 'baton_lock_waits_total',
    help: 'Contact lock acquisitions by outcome (acquired, busy)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const lockWaitSeconds = new Histogram({
    name: 'baton_lock_wait_seconds',
    help: 'Time spent waiting for a contact lock',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  return {
    registry,
    decisions,
    handoffs,
    webhookSeconds,
    effectDeliveries,
    effectRetries,
    effectRuns,
    lockWaits,
    lockWaitSeconds,
    recordDecision(decision) {
      decisions.inc({ kind: decision.kind, reason: decision.reason });
      if (decision.kind === 'handoff') handoffs.inc({ pair: `${decision.from}>${decision.to}` });
    },
  };
}
