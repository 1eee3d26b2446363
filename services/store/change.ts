// A ContactChange: what one committed version changed (state, decision, handoffs, new transcript lines), built from the commit (change-history.ts rebuilds it for a resume).
import { z } from 'zod';
import { decisionSchema } from '../../domain/decision';
import { BOT_NAMES, FACT_KEYS, type BotName } from '../../domain/types';
import type { CommitInput } from './types';

const botName = z.enum(BOT_NAMES);

const handoffSchema = z.object({ from: botName, to: z.enum(['buyer', 'seller']), at: z.number(), pattern: z.string(), confidence: z.number() });

const lineSchema = z.object({
  direction: z.enum(['inbound', 'outbound']),
  text: z.string(),
  at: z.number(),
  bot: botName.nullable(),
  asks: z.array(z.enum(FACT_KEYS)),
});

export const contactChangeSchema = z.object({
  contactId: z.string(),
  version: z.number().int().positive(),
  /** `lead`, `buyer.budget`, `escalated`… */
  state: z.string(),
  stateValue: z.unknown(),
  bot: botName.nullable(),
  decision: decisionSchema,
  /** The contact's handoff history after this version (null when a resume could not rebuild it: the journal no longer starts at version 1). */
  handoffs: z.array(handoffSchema).nullable(),
  /** The transcript lines this version added, oldest first. */
  messages: z.array(lineSchema),
  /** When the version's last message was written (its decision's time when it added none). */
  at: z.number(),
});

export type ContactChange = z.infer<typeof contactChangeSchema>;
export type ChangeLine = z.infer<typeof lineSchema>;

/** `{buyer: 'budget'}` → `buyer.budget`; `'lead'` → `lead`. */
export function stateNameOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return 'unknown';
  const [top, sub] = Object.entries(value)[0] ?? ['unknown', null];
  return typeof sub === 'string' ? `${top}.${sub}` : String(top);
}

export function botOf(state: string): BotName | null {
  const top = state.split('.')[0];
  return top === 'lead' || top === 'buyer' || top === 'seller' ? top : null;
}

const persistedSchema = z.object({ context: z.object({ handoffs: z.array(handoffSchema) }).loose() }).loose();

export function changeFromCommit(input: CommitInput, version: number): ContactChange {
  const state = stateNameOf(input.journal.stateValue);
  const persisted = persistedSchema.safeParse(input.record.snapshot);
  const messages = input.transcript.map(({ direction, text, at, bot, asks }) => ({ direction, text, at, bot, asks }));
  const last = messages[messages.length - 1];
  return {
    contactId: input.contactId,
    version,
    state,
    stateValue: input.journal.stateValue,
    bot: botOf(state),
    decision: input.journal.decision,
    handoffs: persisted.success ? persisted.data.context.handoffs : null,
    messages,
    at: last === undefined ? input.journal.decision.at : last.at,
  };
}
