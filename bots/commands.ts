// Finds the commands that override handoff logic: opt-out/opt-in keywords, a request for a person, distress.
import type { IntentCommand } from '../domain/types';
import { bareWords, normalize } from './normalize';

/**
 * Carrier keywords, matched against the whole message only (trimmed of punctuation), so "by the
 * end of summer" or "cancel my appointment" never opt anyone out.
 */
const OPT_OUT_WORDS = new Set([
  'stop', 'stopall', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'opt out',
  'stop please', 'please stop', 'stop it', 'stop now', 'unsubscribe me', 'unsubscribe please',
  'stop texting', 'stop texting me', 'stop messaging me', 'remove me', 'remove', 'opt me out',
]);
/** "YES" is a carrier opt-in word too, but here it is far more often an answer, so it is left out. */
const OPT_IN_WORDS = new Set(['start', 'unstop', 'start again', 'start please', 'resubscribe', 'subscribe']);

/**
 * A revocation in a sentence ("please remove my number from your list"). Consent may be revoked by
 * any reasonable means, so these opt out too — unless the same message asks for a person
 * ("stop texting me with a robot, get me a real agent"): that revokes the bot, not the contact.
 */
const OPT_OUT_PHRASE =
  /\b(?:remove (?:me|my number|my name|this number)|take me off|take my number off|stop (?:texting|messaging|contacting|calling|sending) (?:me|us)|do not (?:text|contact|message) (?:me|us)|unsubscribe me|opt me out|lose my number)\b/;

const PERSON = '(?:a |an |some |your |the )?(?:real |actual |live |human )?(?:human|person|agent|realtor|someone|somebody|representative|rep|jorge|broker|man|woman|people)';
const HUMAN_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(?:talk|speak|chat|text|communicate) (?:to|with) ${PERSON}\\b`),
  /\b(?:get|give|connect|transfer|put) me (?:to|with|through to)?\s?(?:a |an )?(?:real |actual |live )?(?:human|person|agent|realtor|someone|somebody|representative)\b/,
  /\b(?:real|actual|live) (?:person|human|agent|people)\b/,
  /\bnot (?:a |an )?(?:bot|robot|ai|machine)\b/,
  /\b(?:texting|talking to|talking with|chatting with|speaking to|speaking with|writing to) (?:a |an )?(?:bot|robot|ai|machine|computer)\b/,
  /\b(?:is|are) (?:this|it|that|you) (?:a |an )?(?:bot|robot|ai|automated|machine|computer|auto ?reply|auto ?text|automatic|(?:a )?(?:real |actual )?(?:person|human))\b/,
  /\byou are (?:a |an |just a )?(?:bot|robot|ai|machine)\b/,
  /\b(?:direct|cell|phone|personal) (?:number|line)\b/,
  /\b(?:talk|speak) (?:on|over) the phone\b/,
];
const WHOLE_HUMAN = new Set(['human', 'agent', 'person', 'representative', 'operator', 'real person', 'a real person', 'human please', 'agent please', 'call me', 'call me please', 'please call me', 'call me now', 'call me asap']);

/** A request to be phoned; it only asks for a person when no time is named (that is scheduling). */
const CALL_REQUEST =
  /\b(?:call me|give me a call|give us a call|call us|(?:can|could|would|will) (?:someone|somebody|you|jorge|he|she|an agent|your agent) (?:call|phone|ring)|have (?:someone|somebody|jorge|an agent|him|her|[a-z]+) (?:call|phone) (?:me|us))\b/;
const NAMED_TIME =
  /\b(?:morning|afternoon|evening|tonight|tomorrow|today at|after \d|before \d|at \d{1,2}\b|around \d|between \d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|noon|later|next week|\d ?(?:am|pm))\b/;

/** Legal or financial distress: a person should handle it whatever else the message says. */
const DISTRESS =
  /\b(?:foreclos\w*|pre-?foreclosure|bankrupt\w*|chapter (?:7|13)|attorney|lawyer|legal counsel|short sale|probate|divorc\w*|lawsuit|sued|suing|evict\w*|notice of default|tax lien|liens?|loan modification|repossess\w*|behind on (?:my |our |the )?(?:mortgage|payments|house payments)|can not (?:make|afford|pay) (?:the |my |our )?(?:mortgage|payments|house payment))\b/;

export function wantsPerson(normalized: string, bare: string): boolean {
  if (WHOLE_HUMAN.has(bare) && !NAMED_TIME.test(bare)) return true;
  if (HUMAN_PATTERNS.some((p) => p.test(normalized))) return true;
  return CALL_REQUEST.test(normalized) && !NAMED_TIME.test(normalized);
}

/** Precedence: opt_out > opt_in > human > distress. */
export function detectCommand(text: string): IntentCommand | null {
  const normalized = normalize(text);
  const bare = bareWords(text);
  const person = wantsPerson(normalized, bare);
  if (OPT_OUT_WORDS.has(bare)) return 'opt_out';
  if (!person && OPT_OUT_PHRASE.test(normalized)) return 'opt_out';
  if (OPT_IN_WORDS.has(bare)) return 'opt_in';
  if (person) return 'human';
  if (DISTRESS.test(normalized)) return 'distress';
  return null;
}
