// The shared vocabulary: bot names, routes, intents, facts, scores, packages, effects (types and constant lists only).

export const BOT_NAMES = ['lead', 'buyer', 'seller'] as const;
export type BotName = (typeof BOT_NAMES)[number];
export type HandoffTarget = 'buyer' | 'seller';
export type Goal = 'buy' | 'sell' | 'both';

/** An ordered source→target pair, e.g. `lead>buyer`. Nothing hands back to lead. */
export type Route = 'lead>buyer' | 'lead>seller' | 'buyer>seller' | 'seller>buyer';
export const ROUTES: readonly Route[] = ['lead>buyer', 'lead>seller', 'buyer>seller', 'seller>buyer'];

/** A command found in the text that overrides the handoff logic. */
export type IntentCommand = 'opt_out' | 'opt_in' | 'human' | 'distress' | 'help';

/** What the classifier says about one inbound message. */
export interface Intent {
  /** The stronger of buyer/seller intent; null when neither is present or they tie. */
  target: HandoffTarget | null;
  /** What the contact wants to do; `both` targets the Seller bot first (selling usually comes first). */
  goal: Goal | null;
  /** Confidence of `target` in [0, 1]; 0 when target is null. */
  confidence: number;
  /** The strongest phrase pattern that fired for `target`, e.g. `buy.preapproved`; '' when none. */
  pattern: string;
  /** Raw per-side scores in [0, 1], both reported so "sell AND buy" is visible. */
  scores: { buyer: number; seller: number };
  command: IntentCommand | null;
}

/** Health of one bot over the recent window, as measured by services/ and carried on the event. */
export interface BotHealth {
  p95Ms: number;
  errorRate: number;
  samples: number;
  slaMs: number;
}
export type HealthReport = Record<BotName, BotHealth>;

/** Learned confidence thresholds for this message's pattern, per route; missing → route default. */
export type ThresholdOverrides = Partial<Record<Route, number>>;

export type Temperature = 'hot' | 'warm' | 'cold';

/** Every fact a bot may ask for has a key; an outbound message lists the keys it asks (`asks`). */
export const FACT_KEYS = [
  'goal',
  'budget',
  'preapproval',
  'downPayment',
  'timeline',
  'preferences',
  'area',
  'motivation',
  'condition',
  'propertyType',
  'price',
  'contactWindow',
  'appointmentDay',
  'showingTime',
] as const;
export type FactKey = (typeof FACT_KEYS)[number];

export interface BudgetFact {
  min: number | null;
  max: number;
  currency: 'USD';
}
export interface TimelineFact {
  /** The words the contact used ("next spring"). */
  text: string;
  /** Best estimate in months from the message; 0 = now/asap. */
  months: number;
}
export interface PreferencesFact {
  bedrooms?: number;
  bathrooms?: number;
  propertyType?: string;
  features?: string[];
}

/** Facts gathered about the contact, by any bot; each key is optional. */
export interface Facts {
  goal?: Goal;
  budget?: BudgetFact;
  preapproval?: boolean;
  downPayment?: number;
  timeline?: TimelineFact;
  preferences?: PreferencesFact;
  area?: string;
  motivation?: string;
  condition?: string;
  propertyType?: string;
  price?: number;
  contactWindow?: 'morning' | 'afternoon' | 'evening';
  appointmentDay?: string;
  showingTime?: string;
}

export interface Scores {
  temperature: Temperature;
  /** Buyer financial readiness 0..100. */
  readiness: number;
  /** Seller motivation 0..100. */
  motivation: number;
}

/** The context package a handoff writes for the receiving bot (and the CRM). */
export interface ContextPackage {
  from: BotName;
  to: HandoffTarget;
  at: number;
  expiresAt: number;
  intent: { target: HandoffTarget; confidence: number; pattern: string };
  facts: Facts;
  answered: FactKey[];
  scores: Scores;
}

export interface HandoffRecord {
  from: BotName;
  to: HandoffTarget;
  at: number;
  pattern: string;
  confidence: number;
}

export type { Decision, DecisionKind, DecisionReason, DecidedBy, Place } from './decision';

/** An effect the engine commits to the outbox; services/ deliver it. */
export type Effect =
  | { kind: 'send_sms'; id: string; contactId: string; bot: BotName; text: string; asks: FactKey[]; at: number }
  | { kind: 'write_crm_fields'; id: string; contactId: string; fields: Record<string, string>; at: number };

/** What a bot answers for one turn. Bots are pure; the engine times them and feeds health. */
export interface BotReply {
  text: string;
  asks: FactKey[];
  scores: Scores;
}

/** A bot's view of the conversation when it composes a reply. */
export interface BotTurn {
  bot: BotName;
  /** Everything known about the contact, including what the message being answered said. */
  facts: Facts;
  /** A fresh package from the handoff that brought the contact here, or null. */
  contextPackage: ContextPackage | null;
  /** True when this is the bot's first message to the contact (right after a handoff or at intake). */
  firstTurn: boolean;
  /** The text of the inbound message being answered. */
  text: string;
  /** Fact keys this bot already asked for (to vary phrasing, never to re-ask an answered one). */
  asked: FactKey[];
  messageCount: number;
}
