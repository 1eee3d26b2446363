// npm run bench:replay — replay speed: a simulated day (10,000 messages, 1,000 contacts) recorded through the real engine, then replayed.
import { generateTraffic } from '../../cli/simulate/traffic';
import { DEFAULT_POLICY } from '../../domain/policy';
import { createEngine } from '../../services/engine/engine';
import { currentClassifier } from '../../services/replay/classifier';
import { fileSource, runReplay } from '../../services/replay/run';
import type { RecordedConversation } from '../../services/replay/types';
import { createMemoryStore } from '../../services/store/memory';

const CONTACTS = Number(process.env['BENCH_CONTACTS'] ?? 1_000);
const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 10_000);
const ROUNDS = 5;

async function record(): Promise<RecordedConversation[]> {
  const store = createMemoryStore();
  const engine = createEngine({ store, window: { maxClockSkewMs: 0, maxMessageAgeMs: 0 } });
  const contacts = generateTraffic({ contacts: CONTACTS, messages: MESSAGES, seed: 42, start: Date.UTC(2026, 10, 23), spanMs: 86_400_000 });
  for (const contact of contacts) {
    for (const message of contact.messages) {
      await engine.handleInbound({ contactId: contact.contactId, messageId: message.messageId, text: message.text, at: message.at, locationId: null, conversationId: null });
    }
  }
  const conversations = await Promise.all(
    contacts.map(async ({ contactId }) => ({ contactId, journal: (await store.journal(contactId, 1_000)).reverse(), transcript: await store.transcript(contactId) })),
  );
  await store.close();
  return conversations;
}

const recorded = await record();
const classify = currentClassifier();
const rates: number[] = [];
const cpuRates: number[] = [];
for (let round = 1; round <= ROUNDS; round += 1) {
  const report = await runReplay(fileSource(recorded), { policy: DEFAULT_POLICY, overriddenRoutes: [], reclassify: null, classify, since: null, contactId: null, settings: {} });
  if (report.changed !== 0) throw new Error(`an unchanged replay changed ${report.changed} decisions`);
  rates.push(report.speed.messagesPerSecond);
  cpuRates.push(report.speed.messagesPerCpuSecond);
  console.log(`round ${round}: ${report.replayed} messages in ${report.speed.replaySeconds.toFixed(3)} s = ${report.speed.messagesPerSecond} messages/s (${report.speed.messagesPerCpuSecond} per CPU-second)`);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(`replay: first (cold) round ${rates[0] ?? 0} messages/s; median of ${ROUNDS} rounds ${median(rates)} messages/s wall-clock, ${median(cpuRates)} per CPU-second`);
