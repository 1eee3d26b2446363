// The conversation's context: its type, the zod schema a persisted context is checked against, and the initial value.
import { z } from 'zod';
import { decisionSchema } from '../domain/decision';
import type { BotName, ContextPackage, Decision, FactKey, Facts, HandoffRecord, Route, Scores } from '../domain/types';

export interface ConversationContext {
  contactId: string;
  facts: Facts;
  /**
   * Fact keys asked so far, each once, in the order first asked: a set, not a log, so it stays as small
   * as the fact vocabulary however long the conversation (`lastAsked` says what was asked last).
   */
  asked: FactKey[];
  /** What the latest outbound message asked for: short answers ("yes", "3 months") are read against it. */
  lastAsked: FactKey[];
  scores: Scores;
  /** Successful handoffs, oldest first, pruned to the last 24 h (all the guards look at). */
  handoffs: HandoffRecord[];
  handoffCount: number;
  chainResetAt: number | null;
  contextPackage: ContextPackage | null;
  decision: Decision | null;
  /** Monotonic time of the latest event (ms). */
  lastAt: number;
  messageCount: number;
  /** Where START takes an opted-out contact back to. */
  resumeTo: BotName | 'escalated';
  /** True until the owning bot has sent its first message (intake, after a handoff, after a release). */
  awaitingFirstTurn: boolean;
  escalation: { reason: string; at: number; by: string | null } | null;
  /** The latest handoff, until the contact's next message judges it (pattern learning). */
  pendingOutcome: { route: Route; pattern: string; at: number } | null;
}

export const INITIAL_SCORES: Scores = { temperature: 'cold', readiness: 0, motivation: 0 };

export function initialContext(contactId: string): ConversationContext {
  return {
    contactId,
    facts: {},
    asked: [],
    lastAsked: [],
    scores: INITIAL_SCORES,
    handoffs: [],
    handoffCount: 0,
    chainResetAt: null,
    contextPackage: null,
    decision: null,
    lastAt: 0,
    messageCount: 0,
    resumeTo: 'lead',
    awaitingFirstTurn: true,
    escalation: null,
    pendingOutcome: null,
  };
}

const botName = z.enum(['lead', 'buyer', 'seller']);
const target = z.enum(['buyer', 'seller']);
const scores = z.object({ temperature: z.enum(['hot', 'warm', 'cold']), readiness: z.number(), motivation: z.number() });
const handoff = z.object({ from: botName, to: target, at: z.number(), pattern: z.string(), confidence: z.number() });

/** Checks the shape of a persisted context before it is restored (facts are checked key by key by their producers). */
export const persistedContextSchema = z.object({
  contactId: z.string().min(1),
  facts: z.record(z.string(), z.unknown()),
  asked: z.array(z.string()),
  lastAsked: z.array(z.string()),
  scores,
  handoffs: z.array(handoff),
  handoffCount: z.number().int().nonnegative(),
  chainResetAt: z.number().nullable(),
  contextPackage: z
    .object({ from: botName, to: target, at: z.number(), expiresAt: z.number(), facts: z.record(z.string(), z.unknown()) })
    .loose()
    .nullable(),
  decision: decisionSchema.nullable(),
  lastAt: z.number(),
  messageCount: z.number().int().nonnegative(),
  resumeTo: z.enum(['lead', 'buyer', 'seller', 'escalated']),
  awaitingFirstTurn: z.boolean(),
  escalation: z.object({ reason: z.string(), at: z.number(), by: z.string().nullable() }).nullable(),
  pendingOutcome: z
    .object({ route: z.enum(['lead>buyer', 'lead>seller', 'buyer>seller', 'seller>buyer']), pattern: z.string(), at: z.number() })
    .nullable(),
});

export const persistedSnapshotSchema = z
  .object({
    status: z.literal('active'),
    value: z.union([z.string(), z.record(z.string(), z.unknown())]),
    context: persistedContextSchema,
  })
  .loose();
