// npx tsx test/bench/record-codec.bench.ts — the CPU the Redis store's deflated values cost against plain JSON: the record per commit (encode) and per load (decode), a journal entry and a message's two transcript lines per commit and per read.
// The record is a 5-message conversation's (a handoff, its package, facts, scores, the last decision), ~1.2 KB of JSON; the journal entry that conversation's second (a cooldown, with facts, intent and reply).
import { compactJournalEntry, decodeJournalEntry } from '../../services/store/journal-codec';
import { packJournalEntry, unpackJournalEntry } from '../../services/store/journal-pack';
import { compactTranscriptLine, decodeTranscriptEntry, encodeTranscriptEntry } from '../../services/store/transcript-codec';
import { packTranscriptLine, unpackTranscriptLine } from '../../services/store/transcript-pack';
import type { TranscriptEntry } from '../../services/store/types';
import { encodeRecordBody, packageHash, snapshotPackage, splitStoredRecord } from '../../services/store/record-codec';

const ROUNDS = 7;
const PER_ROUND = Number(process.env['BENCH_OPS'] ?? 20_000);

const record = {
  machineVersion: 2,
  version: 5,
  snapshot: {
    status: 'active',
    value: { buyer: 'preapproval' },
    historyValue: {},
    context: {
      contactId: 'Xk3v9QpL2mT8rW1zA0bC',
      facts: { goal: 'buy', timeline: { text: 'this summer', months: 6 }, budget: { min: null, max: 615000, currency: 'USD' } },
      asked: ['budget', 'preapproval'],
      lastAsked: ['preapproval'],
      scores: { temperature: 'hot', readiness: 45, motivation: 20 },
      handoffs: [{ from: 'lead', to: 'buyer', at: 1796404094710, pattern: 'buyer.general', confidence: 0.9994 }],
      handoffCount: 1,
      chainResetAt: null,
      contextPackage: {
        from: 'lead',
        to: 'buyer',
        at: 1796404094710,
        expiresAt: 1796490494710,
        facts: { goal: 'buy' },
        intent: { target: 'buyer', confidence: 0.9994, pattern: 'buyer.general' },
        answered: ['goal'],
        scores: { temperature: 'cold', readiness: 0, motivation: 0 },
      },
      decision: {
        kind: 'stay',
        reason: 'no_intent',
        decidedBy: 'intent',
        from: 'buyer',
        to: 'buyer',
        at: 1796404096915,
        messageId: 'q8NcR4vT1yU6iO3pA9sD',
        details: { target: null, confidence: 0, pattern: '', buyerScore: 0, sellerScore: 0 },
      },
      lastAt: 1796404096915,
      messageCount: 5,
      resumeTo: 'lead',
      awaitingFirstTurn: false,
      escalation: null,
      pendingOutcome: null,
    },
    children: {},
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median over rounds of the mean µs per call. */
function measure(fn: () => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i += 1) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / PER_ROUND / 1_000);
  }
  return median(rounds);
}

const json = JSON.stringify(record);
const plain = Buffer.from(`5:${json}`);
const deflated = Buffer.concat([Buffer.from('5:'), encodeRecordBody(json)]);

const encodePlain = measure(() => Buffer.from(JSON.stringify(record)));
const encodeDeflated = measure(() => encodeRecordBody(JSON.stringify(record)));
const decodePlain = measure(() => {
  const split = splitStoredRecord(plain);
  return typeof split === 'string' ? null : JSON.parse(split.body);
});
const decodeDeflated = measure(() => {
  const split = splitStoredRecord(deflated);
  return typeof split === 'string' ? null : JSON.parse(split.body);
});

const packageRef = measure(() => {
  const own = snapshotPackage(record.snapshot);
  return own === null ? null : packageHash(own);
});

console.log(`record codec: node ${process.version}, ${json.length} B of JSON -> ${deflated.length - 2} B stored body; median of ${ROUNDS} rounds x ${PER_ROUND}`);
console.log(`commit (stringify + body):  plain ${encodePlain.toFixed(1)} µs, deflated ${encodeDeflated.toFixed(1)} µs (+${(encodeDeflated - encodePlain).toFixed(1)} µs)`);
console.log(`load (split + JSON.parse):  plain ${decodePlain.toFixed(1)} µs, deflated ${decodeDeflated.toFixed(1)} µs (+${(decodeDeflated - decodePlain).toFixed(1)} µs)`);
console.log(`commit: the snapshot's package hash (commit.lua's reference check): ${packageRef.toFixed(1)} µs`);

const storedEntry = {
  n: 2,
  a: 1796404095190,
  m: 'q8NcR4vT1yU6iO3pA9sE',
  d: ['stay', 'cooldown', 'cooldown', 'buyer', 'buyer', { route: 'buyer>seller', scope: 'settle', sinceAnyMs: 480 }],
  x: 31,
  y: 7,
  s: 'buyer.budget',
  e: { t: 'We are thinking about selling our place first', i: ['seller', 'sell', 0.9998, 'seller.sell_my_house', 0.0002, 0.9998, null], f: { goal: 'sell' }, h: [0, [71, 0, 80, 1800], 0] },
  r: ['buyer', 'Understood. Before that, what price range are you shopping in?', ['budget'], 'cold', 0, 10],
};
const decoded = decodeJournalEntry(storedEntry);
if (!decoded.ok) throw new Error(decoded.error);
const entry = decoded.entry;
const entryJson = Buffer.from(JSON.stringify(compactJournalEntry(entry)));
const entryPacked = packJournalEntry(compactJournalEntry(entry));
const packPlain = measure(() => Buffer.from(JSON.stringify(compactJournalEntry(entry))));
const packDeflated = measure(() => packJournalEntry(compactJournalEntry(entry)));
const readPlain = measure(() => decodeJournalEntry(JSON.parse(entryJson.toString())));
const readPacked = measure(() => {
  const unpacked = unpackJournalEntry(entryPacked);
  return unpacked.ok ? decodeJournalEntry(unpacked.value) : null;
});
console.log(`journal entry: ${entryJson.length} B compact JSON -> ${entryPacked.length} B packed`);
console.log(`commit (encode):            compact ${packPlain.toFixed(1)} µs, packed ${packDeflated.toFixed(1)} µs (+${(packDeflated - packPlain).toFixed(1)} µs)`);
console.log(`read (decode):              compact ${readPlain.toFixed(1)} µs, packed ${readPacked.toFixed(1)} µs (+${(readPacked - readPlain).toFixed(1)} µs)`);

// A message's two transcript lines: the SMS and the bot's reply (ids as GoHighLevel and the engine make them).
const contactId = record.snapshot.context.contactId;
const messageLines: TranscriptEntry[] = [
  { direction: 'inbound', text: 'We are thinking about selling our place first', at: 1796404095190, bot: 'buyer', asks: [], messageId: 'q8NcR4vT1yU6iO3pA9sE' },
  { direction: 'outbound', text: 'Got it, thanks. Roughly what budget should I search with (e.g. $450k)?', at: 1796404095190, bot: 'buyer', asks: ['budget'], messageId: `${contactId}:q8NcR4vT1yU6iO3pA9sE:0` },
];
const linesJson = messageLines.map((line) => encodeTranscriptEntry(contactId, line));
const linesPacked = messageLines.map((line) => packTranscriptLine(compactTranscriptLine(contactId, line)));
const writeLinesPlain = measure(() => messageLines.map((line) => encodeTranscriptEntry(contactId, line)));
const writeLinesPacked = measure(() => messageLines.map((line) => packTranscriptLine(compactTranscriptLine(contactId, line))));
const readLinesPlain = measure(() => linesJson.map((text) => decodeTranscriptEntry(contactId, JSON.parse(text))));
const readLinesPacked = measure(() =>
  linesPacked.map((bytes) => {
    const unpacked = unpackTranscriptLine(bytes);
    return unpacked.ok ? decodeTranscriptEntry(contactId, unpacked.value) : null;
  }),
);
const size = (values: ReadonlyArray<string | Buffer>) => values.reduce((sum, value) => sum + Buffer.byteLength(value), 0);
console.log(`transcript, a message's 2 lines: ${size(linesJson)} B compact JSON -> ${size(linesPacked)} B packed`);
console.log(`commit (encode):            compact ${writeLinesPlain.toFixed(1)} µs, packed ${writeLinesPacked.toFixed(1)} µs (+${(writeLinesPacked - writeLinesPlain).toFixed(1)} µs)`);
console.log(`read (decode):              compact ${readLinesPlain.toFixed(1)} µs, packed ${readLinesPacked.toFixed(1)} µs (+${(readLinesPacked - readLinesPlain).toFixed(1)} µs)`);
