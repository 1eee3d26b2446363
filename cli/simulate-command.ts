// `baton simulate`: realistic seeded traffic posted to a running host's webhook (hosts under test run with MAX_CLOCK_SKEW_MS=0).
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseCount, parseDuration, parseTime } from './options';
import { createProgress } from './progress';
import { postTraffic } from './simulate/post';
import { generateTraffic } from './simulate/traffic';

interface SimulateFlags {
  url: string;
  contacts: number;
  messages: number;
  seed: number;
  start?: number;
  span: number;
  concurrency: number;
  location: string;
  signingKey?: string;
  json?: boolean;
}

async function simulate(flags: SimulateFlags): Promise<void> {
  // Without --start the day ends now; a host with the default MAX_MESSAGE_AGE_MS would refuse most of it, hence MAX_CLOCK_SKEW_MS=0.
  const start = flags.start ?? Date.now() - flags.span;
  const contacts = generateTraffic({ contacts: flags.contacts, messages: flags.messages, seed: flags.seed, start, spanMs: flags.span });
  const signingKey = flags.signingKey === undefined ? null : createPrivateKey(readFileSync(flags.signingKey, 'utf8'));
  const progress = createProgress('simulate');
  let done = 0;
  const summary = await postTraffic(contacts, {
    url: flags.url,
    concurrency: flags.concurrency,
    locationId: flags.location,
    signingKey,
    onMessage: () => {
      done += 1;
      if (done % 100 === 0 || done === flags.messages) progress.update(done, flags.messages);
    },
  });
  progress.stop();
  const personas: Record<string, number> = {};
  for (const contact of contacts) personas[contact.persona] = (personas[contact.persona] ?? 0) + 1;
  const result = { contacts: contacts.length, ...summary, personas, messagesPerSecond: Math.round(summary.messages / Math.max(summary.seconds, 1e-9)), start: new Date(start).toISOString() };
  if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `posted ${result.messages} messages for ${result.contacts} contacts in ${summary.seconds.toFixed(1)} s (${result.messagesPerSecond} messages/s, ${summary.retries} retries)`,
        `from ${result.start}, seed ${flags.seed}`,
        `personas: ${JSON.stringify(personas)}`,
        `statuses: ${JSON.stringify(summary.statuses)}  duplicates: ${summary.duplicates}`,
        `decisions: ${JSON.stringify(summary.decisions)}`,
        ...summary.errors.map((error) => `error: ${error}`),
      ].join('\n') + '\n',
    );
  }
  const failed = Object.entries(summary.statuses).some(([status]) => status !== '200');
  if (failed) process.exitCode = 1;
}

export function addSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('post realistic generated SMS traffic (buyers, sellers, both, bouncers, opt-outs, human requests, typos) to a running host')
    .requiredOption('--url <url>', 'the host, e.g. http://127.0.0.1:3000')
    .option('--contacts <n>', 'contacts', parseCount(1), 100)
    .option('--messages <n>', 'messages in all (at least one per contact)', parseCount(1), 1_000)
    .option('--seed <n>', 'random seed: the same seed sends the same traffic', parseCount(0), 1)
    .option('--start <time>', 'time of the first message (ISO, or a duration ago); default: one --span before now', (text) => parseTime(text))
    .option('--span <duration>', 'contacts start within this span', parseDuration, 24 * 3_600_000)
    .option('--concurrency <n>', 'contacts posted in parallel', parseCount(1), 8)
    .option('--location <id>', 'GoHighLevel locationId on every message', 'sim-location')
    .option('--signing-key <file>', 'Ed25519 private key (PEM) to sign bodies for a host with GHL_WEBHOOK_PUBLIC_KEY')
    .option('--json', 'print one JSON object')
    .action(async (flags: SimulateFlags) => simulate(flags));
}
