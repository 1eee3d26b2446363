// Builds one bot reply: what is known (the contact's facts + a fresh package), the next open question, the SMS.
import type { BotName, BotReply, BotTurn, Facts, FactKey } from '../domain/types';
import { knownSummary } from './format';
import { nextQuestion, questionText } from './questions';
import { scoreContact } from './scoring';

export const MAX_SMS_CHARS = 320;

/** What a bot needs to say in its own voice; everything else is shared. */
export interface BotVoice {
  name: BotName;
  /** First message after a handoff (or at intake). */
  intro: string;
  /** Every question answered: the next step it offers. */
  done(facts: Facts): string;
}

/**
 * The facts a reply may rely on. `turn.facts` already holds what this very message said (the
 * engine extracts it once, against the last question asked, before the decision), so a bot never
 * asks what it was just told. A context package is used only when it is internally valid
 * (expiresAt after at): the machine already drops expired ones, but bots cannot see the clock, so
 * this is the one check they can make. The contact's facts win over the package's.
 */
export function knownFacts(turn: BotTurn): Facts {
  const pkg = turn.contextPackage !== null && turn.contextPackage.expiresAt > turn.contextPackage.at ? turn.contextPackage.facts : {};
  return { ...pkg, ...turn.facts };
}

function fit(parts: readonly string[]): string {
  const text = parts.filter((p) => p !== '').join(' ');
  if (text.length <= MAX_SMS_CHARS) return text;
  return `${text.slice(0, MAX_SMS_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}

export function composeReply(voice: BotVoice, turn: BotTurn): BotReply {
  const facts = knownFacts(turn);
  const scores = scoreContact(facts, turn.messageCount);
  const next: FactKey | null = nextQuestion(voice.name, facts);
  const summary = knownSummary(facts);
  const opening: string[] = [];
  if (turn.firstTurn) {
    opening.push(voice.intro);
    if (summary !== null) opening.push(`Thanks — I see ${summary}.`);
  } else if (turn.messageCount > 0) {
    opening.push(next === null ? 'Perfect, thank you!' : 'Got it, thanks.');
  }
  const closing = next === null ? voice.done(facts) : questionText(voice.name, next, turn.asked.includes(next));
  // The question must survive: if the opening is too long, drop the acknowledgement, then the intro.
  let text = fit([...opening, closing]);
  if (text.length > MAX_SMS_CHARS || text.endsWith('…')) text = fit([opening[0] ?? '', closing]);
  if (text.endsWith('…')) text = fit([closing]);
  return { text, asks: next === null ? [] : [next], scores };
}
