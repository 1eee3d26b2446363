// The engine's public interface: what the host calls for each inbound message and admin action.
import type { BotName, Decision, Effect, HandoffRecord } from '../../domain/types';
import type { BotHealthView } from '../health/monitor';
import type { ConversationPolicy } from '../../domain/policy';
import type { JournalEntry, TranscriptEntry } from '../store/types';

/** One inbound SMS, already validated at the edge (server/ parses the GoHighLevel body with zod). */
export interface InboundMessage {
  contactId: string;
  /** The idempotency key: the payload's messageId, or one derived from (contactId, dateAdded, body). */
  messageId: string;
  text: string;
  /** Epoch ms of the message (`dateAdded`), before the per-contact monotonic clamp. */
  at: number;
  locationId: string | null;
  conversationId: string | null;
}

export type InboundResult =
  | { status: 'processed'; contactId: string; version: number; state: string; bot: BotName | null; decision: Decision; effects: Effect[] }
  | { status: 'duplicate'; contactId: string };

export interface ContactView {
  contactId: string;
  version: number;
  machineVersion: number;
  state: string;
  stateValue: unknown;
  bot: BotName | null;
  chainDepth: number;
  handoffs: HandoffRecord[];
  decision: Decision | null;
  context: unknown;
}

export interface Engine {
  /** The conversation policy in force (GET /v1/policy). */
  readonly policy: ConversationPolicy;
  handleInbound(message: InboundMessage): Promise<InboundResult>;
  /** A human takes the contact: → escalated, the bots fall silent. */
  takeover(contactId: string, by: string): Promise<ContactView>;
  /** A human gives the contact back to `bot`; the handoff chain is reset. */
  release(contactId: string, bot: BotName): Promise<ContactView>;
  /**
   * A GoHighLevel user wrote to the contact (OutboundMessage with a userId, not one of Baton's own
   * sends): the contact is taken over by that user, and each further human message restarts the
   * idle clock. Null when Baton does not know the contact.
   */
  humanMessage(contactId: string, by: string, at: number): Promise<ContactView | null>;
  view(contactId: string): Promise<ContactView | null>;
  /**
   * ContactDelete: erase everything kept about the contact, under its lock (no message in flight
   * re-creates it). With a request, the delete is idempotent: its `deleteId` is marked processed in
   * the same step, so a replay of the same signed delete is a no-op (`duplicate`), and its `at`
   * (when the webhook carries a time) must lie inside the message window.
   */
  erase(contactId: string, request?: EraseRequest): Promise<EraseResult>;
  journal(contactId: string, limit: number): Promise<JournalEntry[]>;
  transcript(contactId: string): Promise<TranscriptEntry[]>;
  /** Shared bot health (every host reads the same buckets) with each bot's verdict. */
  health(): Promise<Record<BotName, BotHealthView>>;
}

export interface EraseRequest {
  /** The delete's idempotency key (the webhook's id, or a digest of its signed bytes). */
  deleteId: string;
  /** The webhook's own time, when it carries one; null when it does not. */
  at: number | null;
}

export type EraseResult = { status: 'erased' } | { status: 'duplicate' };

/** Engine-level errors the host turns into HTTP answers. */
export class LockBusyError extends Error {
  readonly code = 'contact_busy';
  readonly retryAfterSeconds: number;
  constructor(contactId: string, retryAfterSeconds: number) {
    super(`contact ${contactId} is being processed; retry later`);
    this.name = 'LockBusyError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ContactNotFoundError extends Error {
  readonly code = 'contact_not_found';
  constructor(contactId: string) {
    super(`contact ${contactId} not found`);
    this.name = 'ContactNotFoundError';
  }
}

/** The message's dateAdded is too far in the future or too old (DESIGN section 2). */
export class MessageOutOfWindowError extends Error {
  readonly code = 'message_out_of_window';
  constructor(message: string) {
    super(message);
    this.name = 'MessageOutOfWindowError';
  }
}
