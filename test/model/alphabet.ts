// The finite event alphabet the model-based tests traverse: each event's `at` is computed from the state it is sent in.
import { DEFAULT_POLICY, type ConversationPolicy } from '../../domain/policy';
import type { ConversationEvent, MessageReceivedEvent } from '../../machines/events';
import { QUESTION_ORDER } from '../../bots';
import { routeOf } from '../../machines/attempt';
import type { BotName, Facts, FactKey, HandoffTarget, HealthReport, Intent, IntentCommand } from '../../domain/types';
import type { ConversationSnapshot } from '../../services/engine/snapshot';
import { HEALTHY, HEALTHY_REPORT, T0 } from '../support/attempts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The time steps that sit on the guards' boundaries: settle (60 s), pair cooldown and chain (30:00), hour and day windows. */
export const TIME_STEPS = {
  '10s': 10 * SECOND,
  '1m': MINUTE,
  '29:59': 30 * MINUTE - SECOND,
  '30:00': 30 * MINUTE,
  '1h': HOUR,
  '24h': 24 * HOUR,
} as const;
export type TimeStep = keyof typeof TIME_STEPS;

const TARGETS: Record<BotName, HandoffTarget[]> = { lead: ['buyer', 'seller'], buyer: ['seller'], seller: ['buyer'] };

/** One answer per fact key, so an "answer" message moves a qualification sub-state on. */
const ANSWERS: { [K in FactKey]-?: NonNullable<Facts[K]> } = {
  goal: 'buy',
  budget: { min: null, max: 450_000, currency: 'USD' },
  preapproval: true,
  downPayment: 50_000,
  preferences: { bedrooms: 3 },
  timeline: { text: 'in 3 months', months: 3 },
  area: 'downtown',
  motivation: 'relocating',
  condition: 'good',
  propertyType: 'single family',
  price: 500_000,
  contactWindow: 'morning',
  appointmentDay: 'tuesday',
  showingTime: 'saturday 10am',
};

/** The owning bot of a snapshot, or null in escalated / optedOut. */
export function ownerOf(snapshot: ConversationSnapshot): BotName | null {
  const top = topOf(snapshot);
  return top === 'lead' || top === 'buyer' || top === 'seller' ? top : null;
}

export function topOf(snapshot: ConversationSnapshot): string {
  const value: unknown = snapshot.value;
  return typeof value === 'string' ? value : (Object.keys(value as Record<string, unknown>)[0] ?? '');
}

export function subOf(snapshot: ConversationSnapshot): string | null {
  const value: unknown = snapshot.value;
  if (typeof value === 'string') return null;
  const sub = Object.values(value as Record<string, unknown>)[0];
  return typeof sub === 'string' ? sub : null;
}

/** The current time of a snapshot: the intake starts at T0. */
export function nowOf(snapshot: ConversationSnapshot): number {
  return Math.max(snapshot.context.lastAt, T0);
}

function intent(target: HandoffTarget | null, confidence: number, command: IntentCommand | null = null): Intent {
  return {
    target,
    goal: target === null ? null : target === 'buyer' ? 'buy' : 'sell',
    confidence: target === null ? 0 : confidence,
    pattern: target === null ? '' : `model.${target}`,
    scores: { buyer: target === 'buyer' ? confidence : 0, seller: target === 'seller' ? confidence : 0 },
    command,
  };
}

/** The target bot at exactly the unhealthy boundary: P95 = 1.2 × SLA with enough samples. */
export function unhealthyReport(target: HandoffTarget, policy: ConversationPolicy = DEFAULT_POLICY): HealthReport {
  return { ...HEALTHY_REPORT, [target]: { ...HEALTHY, p95Ms: policy.health.p95Factor * HEALTHY.slaMs, samples: policy.health.minSamples } };
}

function message(
  kind: string,
  at: number,
  intentValue: Intent,
  extra: { facts?: Partial<Facts>; health?: HealthReport } = {},
): MessageReceivedEvent {
  return {
    type: 'MESSAGE_RECEIVED',
    messageId: `${kind}@${at}`,
    text: kind,
    at,
    intent: intentValue,
    facts: extra.facts ?? {},
    health: extra.health ?? HEALTHY_REPORT,
    thresholds: {},
  };
}

/**
 * The events offered in a state. Handoff probes sit at each route's threshold ± 0.01; the passing ones come at every
 * time step, so the depth, rate and cooldown boundaries are crossed on both sides. Admin events and bot replies keep
 * the clock where it is (they do not advance `lastAt` in the machine either).
 */
export interface AlphabetOptions {
  policy?: ConversationPolicy;
  /** Offer a message answering the current question (moves qualification sub-states on). */
  answers?: boolean;
  /** The time steps handoff probes that pass the confidence guard come at. */
  steps?: readonly TimeStep[];
  /** Offer only the handoff probes (a long, busy day of bouncing between bots). */
  probesOnly?: boolean;
}

export function alphabet(snapshot: ConversationSnapshot, options: AlphabetOptions = {}): ConversationEvent[] {
  const policy = options.policy ?? DEFAULT_POLICY;
  const steps = options.steps ?? (Object.keys(TIME_STEPS) as TimeStep[]);
  const now = nowOf(snapshot);
  const owner = ownerOf(snapshot);
  // Outside a bot state the probes are the lead's: the machine must stay silent whatever the intent.
  const from: BotName = owner ?? 'lead';
  const events: ConversationEvent[] = [];
  for (const to of TARGETS[from]) {
    const route = routeOf(from, to);
    const threshold = policy.thresholds[route];
    events.push(message(`below:${route}`, now + TIME_STEPS['1m'], intent(to, threshold - 0.01)));
    for (const step of steps) {
      events.push(message(`above:${route}:${step}`, now + TIME_STEPS[step], intent(to, threshold + 0.01)));
    }
    if (options.probesOnly === true) continue;
    for (const step of ['30:00', '1h'] as const) {
      events.push(message(`unhealthy:${route}:${step}`, now + TIME_STEPS[step], intent(to, threshold + 0.01), { health: unhealthyReport(to, policy) }));
    }
  }
  if (options.probesOnly === true) return events;
  if (owner === 'buyer' || owner === 'seller') events.push(message(`own:${owner}`, now + TIME_STEPS['1m'], intent(owner, 0.95)));
  events.push(message('none', now + TIME_STEPS['1h'], intent(null, 0)));
  const question = owner === null || options.answers !== true ? null : (QUESTION_ORDER[owner].find((key) => snapshot.context.facts[key] === undefined) ?? null);
  if (question !== null) events.push(message(`answer:${question}`, now + TIME_STEPS['1m'], intent(null, 0), { facts: { [question]: ANSWERS[question] } }));
  for (const command of ['opt_out', 'opt_in', 'human', 'distress'] as const) {
    events.push(message(`command:${command}`, now + TIME_STEPS['10s'], intent(null, 0, command)));
  }
  for (const bot of ['lead', 'buyer', 'seller'] as const) {
    events.push({ type: 'BOT_REPLIED', at: now, bot, text: `${bot} reply`, asks: [], scores: { temperature: 'warm', readiness: 10, motivation: 10 } });
  }
  events.push({ type: 'HUMAN_TAKEOVER', at: now, by: 'agent' });
  for (const bot of ['lead', 'buyer', 'seller'] as const) events.push({ type: 'HUMAN_RELEASE', at: now, by: 'agent', bot });
  return events;
}
