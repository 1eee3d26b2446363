// Snapshot migrations: a persisted snapshot of an older machineVersion is brought up to MACHINE_VERSION, or refused.
import { persistedSnapshotSchema } from './context';
import { MACHINE_VERSION } from './version';
import type { z } from 'zod';

export type PersistedConversation = z.infer<typeof persistedSnapshotSchema>;

/** The snapshot cannot be restored: a version this code does not know, or a shape that does not parse. */
export class SnapshotMigrationError extends Error {
  readonly machineVersion: number;
  constructor(machineVersion: number, message: string) {
    super(message);
    this.name = 'SnapshotMigrationError';
    this.machineVersion = machineVersion;
  }
}

type JsonObject = Record<string, unknown>;
type Migration = (snapshot: JsonObject) => JsonObject;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * v1 → v2. v1 kept `handoffHistory: [{source, target, timestamp, pattern?, confidence?}]` and had no
 * `chainResetAt`; v2 names handoffs like the guards do (`from`, `to`, `at`), lets a human release
 * reset the chain, and keeps the latest handoff's pending outcome for pattern learning.
 */
function v1ToV2(snapshot: JsonObject): JsonObject {
  const context = isObject(snapshot['context']) ? snapshot['context'] : {};
  const { handoffHistory, ...rest } = context;
  const history = Array.isArray(handoffHistory) ? handoffHistory.filter(isObject) : [];
  const handoffs = history.map((entry) => ({
    from: entry['source'],
    to: entry['target'],
    at: entry['timestamp'],
    pattern: typeof entry['pattern'] === 'string' ? entry['pattern'] : '',
    confidence: typeof entry['confidence'] === 'number' ? entry['confidence'] : 0,
  }));
  return { ...snapshot, context: { ...rest, handoffs, chainResetAt: null, pendingOutcome: null } };
}

/** MIGRATIONS[n] turns a version-n snapshot into version n+1. */
const MIGRATIONS: Record<number, Migration> = { 1: v1ToV2 };

export function migrateSnapshot(machineVersion: number, snapshot: unknown): PersistedConversation {
  if (!Number.isInteger(machineVersion) || machineVersion < 1 || machineVersion > MACHINE_VERSION) {
    throw new SnapshotMigrationError(machineVersion, `unknown machineVersion ${machineVersion} (this build runs ${MACHINE_VERSION})`);
  }
  if (!isObject(snapshot)) throw new SnapshotMigrationError(machineVersion, 'persisted snapshot is not an object');
  let current: JsonObject = snapshot;
  for (let version = machineVersion; version < MACHINE_VERSION; version += 1) {
    const migration = MIGRATIONS[version];
    if (migration === undefined) throw new SnapshotMigrationError(machineVersion, `no migration from machineVersion ${version}`);
    current = migration(current);
  }
  const parsed = persistedSnapshotSchema.safeParse(current);
  if (!parsed.success) {
    throw new SnapshotMigrationError(machineVersion, `persisted snapshot does not match machineVersion ${MACHINE_VERSION}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
