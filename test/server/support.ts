// Helpers for the host tests: silent logger, committing effects straight into a store, waiting on a condition.
import { Writable } from 'node:stream';
import type { Effect, Decision } from '../../domain/types';
import type { CommitResult, ContactStore } from '../../services/store/types';
import { createLogger, type Logger } from '../../services/observability/logger';

/** A logger whose lines are kept in memory (tests may read them; nothing reaches the terminal). */
export function memoryLogger(level: 'info' | 'debug' | 'silent' = 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

export function sms(contactId: string, id: string, text = 'What price range are you looking at?'): Effect {
  return { kind: 'send_sms', id, contactId, bot: 'buyer', text, asks: ['budget'], at: 1_700_000_000_000 };
}

export function crmFields(contactId: string, id: string): Effect {
  return { kind: 'write_crm_fields', id, contactId, fields: { handoff_context: '{"from":"lead","to":"buyer"}' }, at: 1_700_000_000_000 };
}

const decision = (at: number): Decision => ({
  kind: 'stay',
  reason: 'no_intent',
  decidedBy: 'intent',
  from: 'lead',
  to: 'lead',
  at,
  messageId: null,
  details: {},
});

/** Commits effects to a contact's outbox the way the engine does (one commit, next version). */
/** Commits `effects` on top of whatever the contact holds; resolves the commit's result (with its nextEffectId, when the store knows it). */
export async function commitEffects(store: ContactStore, contactId: string, effects: Effect[]): Promise<CommitResult> {
  const current = await store.load(contactId);
  const version = current?.version ?? 0;
  const result = await store.commit({
    contactId,
    expectedVersion: version,
    record: { machineVersion: 1, version: version + 1, snapshot: { test: true } },
    messageId: `m-${contactId}-${version + 1}`,
    effects,
    journal: { version: version + 1, messageId: null, decision: decision(version), stateValue: 'lead' },
    transcript: [],
    contextPackage: null,
  });
  if (result.status !== 'committed') throw new Error('test commit was a duplicate');
  return result;
}

/** Polls a condition (not a fixed sleep): resolves as soon as it holds, fails after `timeoutMs`. */
export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
