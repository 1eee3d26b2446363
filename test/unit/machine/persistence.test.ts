// Persist → restore reproduces state and context; a v1 snapshot is migrated into v2; an unknown version is refused.
import { describe, expect, it } from 'vitest';
import { migrateSnapshot, SnapshotMigrationError } from '../../../machines/migrations';
import { MACHINE_VERSION } from '../../../machines/version';
import { persistSnapshot, restoreSnapshot, stateName } from '../../../services/engine/snapshot';
import { UnsupportedMachineVersionError } from '../../../services/store/errors';
import { intentFor, message, MINUTE, T0 } from '../../support/attempts';
import { drive } from '../../support/drive';
import v1Snapshot from '../../fixtures/snapshot-v1.json';

describe('persistence', () => {
  it('restores a JSON round trip of the persisted snapshot to the same state and context, and it keeps deciding the same', () => {
    const d = drive().say(0, 'buyer', 0.9).say(MINUTE, 'seller', 0.95);
    const record = persistSnapshot(d.machine, d.snapshot, 7);
    const stored = JSON.parse(JSON.stringify(record)) as typeof record;
    const restored = restoreSnapshot(d.machine, 'contact-1', stored);
    expect(restored.value).toEqual(d.snapshot.value);
    expect(restored.context).toEqual(d.snapshot.context);
    const next = message(T0 + 2 * MINUTE, intentFor('buyer', 0.9));
    const fromRestored = drive(d.machine, restored).send(next);
    const fromLive = d.send(next);
    expect(fromRestored.snapshot.value).toEqual(fromLive.snapshot.value);
    expect(fromRestored.snapshot.context.decision).toEqual(fromLive.snapshot.context.decision);
  });

  it('migrates a v1 snapshot (handoffHistory) into the current version with the same handoffs', () => {
    expect(MACHINE_VERSION).toBe(2);
    const d = drive();
    const restored = restoreSnapshot(d.machine, 'c-v1', { machineVersion: 1, version: 12, snapshot: v1Snapshot });
    expect(stateName(restored)).toBe('seller.condition');
    expect(restored.context.handoffs).toEqual([
      { from: 'lead', to: 'buyer', at: 1795424400000, pattern: 'buy.want_to_buy', confidence: 0.85 },
      { from: 'buyer', to: 'seller', at: 1795425600000, pattern: 'sell.need_to_sell', confidence: 0.9 },
    ]);
    expect(restored.context.chainResetAt).toBeNull();
    // The migrated history still guards: it counts toward the chain, so the 4th handoff escalates.
    const next = drive(d.machine, restored).send({
      type: 'MESSAGE_RECEIVED', messageId: 'after-migration', text: 'actually buying', at: 1795425600000 + 10 * MINUTE,
      intent: { target: 'buyer', goal: 'buy', confidence: 0.9, pattern: 'p', scores: { buyer: 0.9, seller: 0 }, command: null },
      facts: {}, health: { lead: { p95Ms: 1, errorRate: 0, samples: 0, slaMs: 1500 }, buyer: { p95Ms: 1, errorRate: 0, samples: 0, slaMs: 1800 }, seller: { p95Ms: 1, errorRate: 0, samples: 0, slaMs: 1800 } },
      thresholds: {},
    });
    expect(next.top()).toBe('buyer');
    next.say(1795425600000 + 15 * MINUTE - T0, 'seller', 0.95);
    expect(next.snapshot.context.decision).toMatchObject({ reason: 'depth_limit' });
  });

  it('refuses a snapshot from a newer or unknown machine version instead of resetting it', () => {
    const d = drive();
    const record = persistSnapshot(d.machine, d.snapshot, 1);
    expect(() => restoreSnapshot(d.machine, 'c', { ...record, machineVersion: MACHINE_VERSION + 1 })).toThrow(UnsupportedMachineVersionError);
    expect(() => migrateSnapshot(0, record.snapshot)).toThrow(SnapshotMigrationError);
    expect(() => migrateSnapshot(MACHINE_VERSION, { status: 'active', value: 'lead', context: { contactId: 'c' } })).toThrow(SnapshotMigrationError);
  });
});
