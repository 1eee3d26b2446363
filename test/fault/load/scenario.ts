// One fault-under-load run: start the sender, fire the fault once a share of the messages is answered, drain, reconcile.
import type { ContactStore } from '../../../services/store/types';
import type { FakeGhl } from '../../fakes/ghl-server';
import { drained } from './drain';
import { printReconciliation, reconcile, type Reconciliation } from './reconcile';
import { sendAll, type LoadMessage, type SentRecord } from './sender';

export interface ScenarioOptions {
  name: string;
  messages: LoadMessage[];
  hosts: () => readonly string[];
  store: ContactStore;
  fake: FakeGhl;
  /** Fired once, when this many answers have arrived. */
  faultAfter: number;
  fault: () => Promise<void>;
  /** Extra records sent outside the sender (e.g. the frozen-lock messages), reconciled with the rest. */
  extra?: () => Promise<SentRecord[]>;
  concurrency?: number;
}

export async function runScenario(options: ScenarioOptions): Promise<Reconciliation> {
  let answered = 0;
  let fired: Promise<void> | null = null;
  const started = Date.now();
  const sending = sendAll(options.messages, {
    hosts: options.hosts,
    concurrency: options.concurrency ?? 24,
    maxRetryDelayMs: 200,
    giveUpAfterMs: 120_000,
    onAnswer: () => {
      answered += 1;
      if (answered === options.faultAfter) fired = options.fault();
    },
  });
  const extra = options.extra === undefined ? Promise.resolve([]) : options.extra();
  const log = [...(await sending), ...(await extra)];
  if (fired !== null) await fired;
  const sentMs = Date.now() - started;
  const isDrained = await drained(options.store, 180_000);
  const row = await reconcile(options.name, log, options.store, options.fake);
  printReconciliation([row]);
  process.stdout.write(`${options.name}: sent in ${Math.round(sentMs / 1000)} s, drained: ${isDrained} after ${Math.round((Date.now() - started) / 1000)} s\n`);
  return row;
}
