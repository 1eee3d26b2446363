// Reconciles the sender's log with the journals and the fake GoHighLevel: lost, duplicated, version gaps, effects delivered twice.
import type { ContactStore } from '../../../services/store/types';
import type { FakeGhl } from '../../fakes/ghl-server';
import type { SentRecord } from './sender';

export interface Reconciliation {
  fault: string;
  sent: number;
  ok200: number;
  /** 429 answers received and retried (a message may collect several). */
  retried429: number;
  /** Final answers other than 200 (a 4xx/5xx) or no answer at all (connection reset by a killed host). */
  notOk: number;
  /** The non-200 final answers by kind, e.g. `ECONNRESET×8 500×3`. */
  notOkKinds: string;
  /** Answered 200 but in no journal. */
  lost: number;
  /** A messageId committed more than once. */
  duplicated: number;
  /** Contacts whose journal versions are not exactly 1..version. */
  versionGaps: number;
  /** Committed without a 200 (the host died after the commit, before answering): allowed, counted. */
  committedWithout200: number;
  effectsDelivered: number;
  /** Idempotency keys GoHighLevel answered 2xx more than once. */
  effectsTwice: number;
  /** GET requests GoHighLevel got: the read-backs of effects whose earlier attempt was cut short (kill -9, timeout). */
  readBackGets: number;
  /** Outbound SMS in a transcript that GoHighLevel never got. */
  effectsMissing: number;
  /** Effects still pending or failed in an outbox after the drain. */
  effectsLeft: number;
}

function codeOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : '?';
  } catch {
    return '?';
  }
}

const messageIdOfEffect = (key: string): string => key.split(':').slice(1, -1).join(':');

export async function reconcile(fault: string, log: readonly SentRecord[], store: ContactStore, fake: FakeGhl): Promise<Reconciliation> {
  const contacts = [...new Set(log.map((record) => record.message.contactId))];
  const committed = new Map<string, number>();
  let versionGaps = 0;
  const smsEffects = new Set<string>();
  let effectsLeft = 0;
  for (const contactId of contacts) {
    const record = await store.load(contactId);
    const journal = await store.journal(contactId, 10_000);
    const versions = journal.map((entry) => entry.version).sort((a, b) => a - b);
    const expected = Array.from({ length: record?.version ?? 0 }, (_, i) => i + 1);
    if (JSON.stringify(versions) !== JSON.stringify(expected)) versionGaps += 1;
    for (const entry of journal) if (entry.messageId !== null) committed.set(entry.messageId, (committed.get(entry.messageId) ?? 0) + 1);
    for (const entry of await store.transcript(contactId)) if (entry.direction === 'outbound' && entry.messageId !== null) smsEffects.add(entry.messageId);
    effectsLeft += (await store.pendingEffects(contactId)).length + (await store.failedEffects(contactId)).length;
  }
  const ok = log.filter((record) => record.answer.kind === 'status' && record.answer.status === 200);
  const kinds = new Map<string, number>();
  for (const record of log) {
    if (record.answer.kind === 'status' && record.answer.status === 200) continue;
    const kind = record.answer.kind === 'status' ? `${record.answer.status}:${codeOf(record.answer.body)}` : record.answer.error;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const okIds = new Set(ok.map((record) => record.message.messageId));
  const applied = new Map<string, number>();
  for (const request of fake.applied()) if (request.idempotencyKey !== null) applied.set(request.idempotencyKey, (applied.get(request.idempotencyKey) ?? 0) + 1);
  return {
    fault,
    sent: log.length,
    ok200: ok.length,
    retried429: log.reduce((sum, record) => sum + record.retried429, 0),
    notOk: log.length - ok.length,
    notOkKinds: [...kinds].map(([kind, count]) => `${kind}×${count}`).join(' ') || '-',
    lost: [...okIds].filter((id) => !committed.has(id)).length,
    duplicated: [...committed.values()].filter((count) => count > 1).length,
    versionGaps,
    committedWithout200: [...committed.keys()].filter((id) => !okIds.has(id)).length,
    effectsDelivered: applied.size,
    effectsTwice: [...applied.values()].filter((count) => count > 1).length,
    readBackGets: fake.reads().length,
    effectsMissing: [...smsEffects].filter((id) => !applied.has(id) && committed.has(messageIdOfEffect(id))).length,
    effectsLeft,
  };
}

const COLUMNS: Array<[keyof Reconciliation, string]> = [
  ['fault', 'fault'],
  ['sent', 'sent'],
  ['ok200', '200s'],
  ['retried429', '429s'],
  ['notOk', 'no 200'],
  ['notOkKinds', 'no-200 answers'],
  ['lost', 'lost'],
  ['duplicated', 'duplicated'],
  ['versionGaps', 'version gaps'],
  ['committedWithout200', 'committed w/o 200'],
  ['effectsDelivered', 'effects delivered'],
  ['effectsTwice', 'delivered twice'],
  ['readBackGets', 'read-back GETs'],
  ['effectsMissing', 'effects missing'],
  ['effectsLeft', 'left in outbox'],
];

/** One table row per fault, printed to stdout (the CI log keeps it). */
export function printReconciliation(rows: readonly Reconciliation[]): void {
  const cells = [COLUMNS.map(([, title]) => title), ...rows.map((row) => COLUMNS.map(([key]) => String(row[key])))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  const lines = cells.map((line) => `| ${line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`);
  lines.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  process.stdout.write(`\nreconciliation\n${lines.join('\n')}\n`);
}
