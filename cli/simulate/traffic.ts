// Generates a day of SMS traffic from personas (buyers, sellers, both, bouncers, browsers, opt-outs, human requests, distress), seeded.
import * as P from './phrases';
import { createRng, type Rng } from './rng';

export type Persona = 'buyer' | 'seller' | 'both' | 'bouncer' | 'browser' | 'opt_out' | 'human' | 'distress';

export interface SimulatedMessage {
  messageId: string;
  text: string;
  at: number;
}

export interface SimulatedContact {
  contactId: string;
  persona: Persona;
  messages: SimulatedMessage[];
}

export interface TrafficOptions {
  contacts: number;
  messages: number;
  seed: number;
  /** Epoch ms of the first possible message. */
  start: number;
  /** Contacts start within this span (their conversations may run a little past it). */
  spanMs: number;
}

const PERSONAS: ReadonlyArray<readonly [Persona, number]> = [
  ['buyer', 30],
  ['seller', 24],
  ['both', 10],
  ['bouncer', 12],
  ['browser', 9],
  ['opt_out', 7],
  ['human', 5],
  ['distress', 3],
];

const MINUTE = 60_000;

function persona(rng: Rng): Persona {
  const total = PERSONAS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [name, weight] of PERSONAS) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return 'buyer';
}

/** A thumb slip in one longer word: swapped, dropped or doubled letter. */
function typo(rng: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((word, index) => (word.length >= 4 ? index : -1)).filter((index) => index >= 0);
  if (candidates.length === 0) return text.toLowerCase();
  const index = rng.pick(candidates);
  const word = words[index] ?? '';
  const at = rng.int(1, word.length - 2);
  const kind = rng.int(0, 2);
  const slipped =
    kind === 0 ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2) : kind === 1 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + (word[at] ?? '') + word.slice(at);
  words[index] = slipped;
  return rng.chance(0.5) ? words.join(' ').toLowerCase() : words.join(' ');
}

/** The texts a persona sends, in order, `count` of them. */
function script(rng: Rng, who: Persona, count: number): string[] {
  const answers: readonly string[] = who === 'seller' ? P.SELLER_ANSWERS : who === 'buyer' ? P.BUYER_ANSWERS : [...P.BUYER_ANSWERS, ...P.SELLER_ANSWERS];
  const opener =
    who === 'buyer' ? rng.pick(P.BUYER_OPENERS) : who === 'seller' ? rng.pick(P.SELLER_OPENERS) : who === 'both' ? rng.pick(P.BOTH_OPENERS) : who === 'bouncer' ? rng.pick(P.BUYER_OPENERS) : rng.pick(P.BROWSER_OPENERS);
  const texts: string[] = [opener];
  const special = rng.int(1, Math.max(1, count - 1));
  let buying = true;
  while (texts.length < count) {
    const i = texts.length;
    if (who === 'bouncer' && rng.chance(0.45)) {
      buying = !buying;
      texts.push(buying ? rng.pick(P.SWITCH_TO_BUY) : rng.pick(P.SWITCH_TO_SELL));
    } else if (who === 'opt_out' && i === special) {
      texts.push(rng.pick(P.OPT_OUTS));
    } else if (who === 'opt_out' && i > special && rng.chance(0.2)) {
      texts.push(rng.pick(P.OPT_INS));
    } else if (who === 'human' && i === special) {
      texts.push(rng.pick(P.HUMAN_REQUESTS));
    } else if (who === 'distress' && i === special) {
      texts.push(rng.pick(P.DISTRESS));
    } else if (who === 'browser' && rng.chance(0.25)) {
      texts.push(rng.pick([...P.BUYER_OPENERS, ...P.SELLER_OPENERS]));
    } else if (rng.chance(0.02)) {
      texts.push(rng.pick(P.HELP));
    } else {
      texts.push(rng.chance(0.75) ? rng.pick(answers) : rng.pick(P.SMALL_TALK));
    }
  }
  return texts.map((text) => (rng.chance(0.08) ? typo(rng, text) : text));
}

/** Gaps between one contact's messages: mostly minutes, sometimes hours; bouncers switch within minutes to an hour. */
function gap(rng: Rng, who: Persona): number {
  if (who === 'bouncer') return rng.pick([rng.int(20_000, 5 * MINUTE), rng.int(2 * MINUTE, 15 * MINUTE), rng.int(31 * MINUTE, 75 * MINUTE)]);
  if (rng.chance(0.12)) return rng.int(60 * MINUTE, 4 * 60 * MINUTE);
  return rng.int(15_000, 20 * MINUTE);
}

/** Splits `total` messages over `contacts` (each gets 1 or more, around the average, some much chattier). */
function counts(rng: Rng, contacts: number, total: number): number[] {
  const weights = Array.from({ length: contacts }, () => 0.4 + rng.next() * 1.2 + (rng.chance(0.05) ? 2 : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  const result = weights.map((weight) => Math.max(1, Math.floor((weight / sum) * total)));
  let missing = total - result.reduce((a, b) => a + b, 0);
  for (let i = 0; missing !== 0; i = (i + 1) % contacts) {
    const current = result[i] ?? 1;
    if (missing > 0) {
      result[i] = current + 1;
      missing -= 1;
    } else if (current > 1) {
      result[i] = current - 1;
      missing += 1;
    }
  }
  return result;
}

export function generateTraffic(options: TrafficOptions): SimulatedContact[] {
  if (options.messages < options.contacts) throw new Error(`--messages (${options.messages}) must be at least --contacts (${options.contacts})`);
  const rng = createRng(options.seed);
  const perContact = counts(rng, options.contacts, options.messages);
  const width = String(options.contacts).length;
  return perContact.map((count, index) => {
    const who = persona(rng);
    const contactId = `sim${options.seed}-${String(index + 1).padStart(width, '0')}`;
    let at = options.start + Math.floor(rng.next() * options.spanMs * 0.85);
    const messages = script(rng, who, count).map((text, k) => {
      if (k > 0) at += gap(rng, who);
      return { messageId: `${contactId}-m${k + 1}`, text, at };
    });
    return { contactId, persona: who, messages };
  });
}
