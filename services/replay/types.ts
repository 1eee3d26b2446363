// The replay's vocabulary: a recorded conversation, what changed per message, and the diff report.
import type { Decision, Route } from '../../domain/types';
import type { JournalEntry, TranscriptEntry } from '../store/types';

/** One contact's recorded history as a replay reads it (from Redis or from a `baton export` file). */
export interface RecordedConversation {
  contactId: string;
  /** Oldest first. */
  journal: JournalEntry[];
  /** Oldest first; used to rebuild entries written before journal entries carried their input. */
  transcript: TranscriptEntry[];
}

/** A change in the report: `setting` is a conversation's first changed decision (the setting itself did it); `knock-on` comes after. */
export type ChangeCause = 'setting' | 'knock-on';

/** A decision reduced to what the report compares and shows. */
export interface DecisionBrief {
  kind: Decision['kind'];
  reason: Decision['reason'];
  decidedBy: Decision['decidedBy'];
  from: Decision['from'];
  to: Decision['to'];
  pattern: string | null;
  confidence: number | null;
  /** The guard's scope for cooldown decisions (`pair` or `settle`); null otherwise. */
  scope: string | null;
}

export interface DecisionChange {
  contactId: string;
  messageId: string | null;
  version: number;
  at: number;
  text: string | null;
  cause: ChangeCause;
  /** The message's input was rebuilt from the transcript (an entry written before inputs were journaled). */
  reconstructed: boolean;
  recorded: DecisionBrief;
  /** null: the replayed machine made no decision for this event (e.g. a release of a contact no human had). */
  replayed: DecisionBrief | null;
}

export interface CountDelta {
  total: number;
  /** How many of them are conversations' first changes (the rest are knock-on). */
  firstChanges: number;
  byRoute: Partial<Record<Route, number>>;
  byPattern: Record<string, number>;
}

export interface EscalationDelta {
  total: number;
  firstChanges: number;
  byReason: Record<string, number>;
}

export interface ReplayReport {
  conversations: number;
  /** Inbound messages replayed (and compared). */
  replayed: number;
  /** Takeovers and releases replayed. */
  adminEvents: number;
  /** Events before --since: replayed to rebuild state, not compared. */
  warmup: number;
  /** Messages whose input was rebuilt from the transcript (older journal entries). */
  reconstructed: number;
  unreplayable: Array<{ contactId: string; reason: string }>;
  /** Decisions whose outcome (kind, reason, guard, from, to) differs. */
  changed: number;
  /** Same outcome, different figures in the details (e.g. the threshold it was judged against). */
  detailsChanged: number;
  handoffs: { recorded: number; replayed: number; gained: CountDelta; lost: CountDelta };
  escalations: { recorded: number; replayed: number; gained: EscalationDelta; lost: EscalationDelta };
  /** Decisions a handoff guard blocked (stay, defer or escalate), per guard. */
  blocks: { recorded: Record<string, number>; replayed: Record<string, number> };
  changes: DecisionChange[];
  settings: Record<string, string | number | boolean>;
  /**
   * Replay speed over the decision work only (loading excluded): wall-clock, and per CPU-second of this process
   * (the figure that does not move when other processes share the machine).
   */
  speed: { replaySeconds: number; cpuSeconds: number; loadSeconds: number; messagesPerSecond: number; messagesPerCpuSecond: number };
}
