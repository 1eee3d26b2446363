// Snapshot migrations: which versions are refused and why, and how a v1 handoff history becomes v2 handoffs.
import { describe, expect, it } from 'vitest';
import { initialContext, persistedSnapshotSchema } from '../../../machines/context';
import { migrateSnapshot, SnapshotMigrationError } from '../../../machines/migrations';
import { MACHINE_VERSION } from '../../../machines/version';
import { T0 } from '../../support/attempts';

/** A v1 snapshot: the current context without the v2 fields, plus the v1 history. */
function v1(history: unknown): Record<string, unknown> {
  const { handoffs: _handoffs, chainResetAt: _reset, pendingOutcome: _pending, ...v1Context } = initialContext('c-v1');
  return { status: 'active', value: { lead: 'goal' }, context: { ...v1Context, handoffHistory: history } };
}

function refusal(version: number, snapshot: unknown): SnapshotMigrationError {
  try {
    migrateSnapshot(version, snapshot);
  } catch (error) {
    if (error instanceof SnapshotMigrationError) return error;
    throw error;
  }
  throw new Error('the snapshot was accepted');
}

describe('migrateSnapshot', () => {
  it.each([0, -1, 1.5, MACHINE_VERSION + 1, Number.NaN])('refuses machineVersion %s, naming it and the version this build runs', (version) => {
    const error = refusal(version, v1([]));
    expect(error.name).toBe('SnapshotMigrationError');
    expect(error.machineVersion).toBe(version);
    expect(error.message).toBe(`unknown machineVersion ${version} (this build runs ${MACHINE_VERSION})`);
  });

  it.each([
    ['null', null],
    ['an array', [v1([])]],
    ['a string', 'lead'],
  ])('refuses a persisted snapshot that is %s', (_name, snapshot) => {
    expect(refusal(1, snapshot).message).toBe('persisted snapshot is not an object');
  });

  it('refuses a current-version snapshot that does not parse, with the first problem in the message', () => {
    const broken = { status: 'active', value: 'lead', context: { ...initialContext('c'), messageCount: -1 } };
    const error = refusal(MACHINE_VERSION, broken);
    expect(error.machineVersion).toBe(MACHINE_VERSION);
    const firstProblem = persistedSnapshotSchema.safeParse(broken).error?.issues[0]?.message;
    expect(firstProblem).toBeTruthy();
    expect(error.message).toBe(`persisted snapshot does not match machineVersion ${MACHINE_VERSION}: ${firstProblem}`);
  });

  it('passes a current-version snapshot through unchanged', () => {
    const snapshot = { status: 'active', value: { buyer: 'budget' }, context: { ...initialContext('c'), chainResetAt: T0 } };
    expect(migrateSnapshot(MACHINE_VERSION, snapshot)).toEqual(snapshot);
  });

  it('renames a v1 history to from/to/at, keeps pattern and confidence, and starts v2 with no chain reset and no pending outcome', () => {
    const history = [
      { source: 'lead', target: 'buyer', timestamp: T0, pattern: 'buy.want', confidence: 0.85 },
      { source: 'buyer', target: 'seller', timestamp: T0 + 1_000 },
    ];
    const migrated = migrateSnapshot(1, v1(history));
    expect(migrated.value).toEqual({ lead: 'goal' });
    expect(migrated.context.handoffs).toEqual([
      { from: 'lead', to: 'buyer', at: T0, pattern: 'buy.want', confidence: 0.85 },
      { from: 'buyer', to: 'seller', at: T0 + 1_000, pattern: '', confidence: 0 },
    ]);
    expect(migrated.context.chainResetAt).toBeNull();
    expect(migrated.context.pendingOutcome).toBeNull();
    expect(migrated.context).not.toHaveProperty('handoffHistory');
  });

  it('skips v1 history entries that are not objects, and reads a missing history as no handoffs', () => {
    const history = [null, 'lead>buyer', [1], { source: 'lead', target: 'seller', timestamp: T0, pattern: 7, confidence: '0.9' }];
    expect(migrateSnapshot(1, v1(history)).context.handoffs).toEqual([{ from: 'lead', to: 'seller', at: T0, pattern: '', confidence: 0 }]);
    expect(migrateSnapshot(1, v1(undefined)).context.handoffs).toEqual([]);
    expect(migrateSnapshot(1, v1({ source: 'lead' })).context.handoffs).toEqual([]);
  });

  it('refuses a v1 snapshot whose context is missing rather than inventing one', () => {
    expect(refusal(1, { status: 'active', value: 'lead', context: 'none' }).message).toMatch(/^persisted snapshot does not match machineVersion/);
  });
});
