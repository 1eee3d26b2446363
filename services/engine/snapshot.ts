// Restoring and persisting the conversation snapshot: initial state, migration on load, JSON for the store.
import { initialTransition, type StateValue } from 'xstate';
import type { ConversationMachine } from '../../machines/conversation';
import { migrateSnapshot, SnapshotMigrationError } from '../../machines/migrations';
import { MACHINE_VERSION } from '../../machines/version';
import { UnsupportedMachineVersionError } from '../store/errors';
import type { ContactRecord } from '../store/types';
import type { ConversationContext } from '../../machines/context';
import type { BotName } from '../../domain/types';

export type ConversationSnapshot = ReturnType<ConversationMachine['resolveState']>;

export function initialSnapshot(machine: ConversationMachine, contactId: string): ConversationSnapshot {
  const [snapshot] = initialTransition(machine, { contactId });
  return snapshot;
}

/** A stored record → a live snapshot, migrated from an older machineVersion when needed. */
export function restoreSnapshot(machine: ConversationMachine, contactId: string, record: ContactRecord): ConversationSnapshot {
  try {
    const persisted = migrateSnapshot(record.machineVersion, record.snapshot);
    // The schema checks shape; the context type is the machine's own (facts are typed by their producers).
    return machine.resolveState({ value: persisted.value as StateValue, context: persisted.context as unknown as ConversationContext });
  } catch (error) {
    if (error instanceof SnapshotMigrationError) {
      throw new UnsupportedMachineVersionError(contactId, record.machineVersion, record.machineVersion > MACHINE_VERSION);
    }
    throw error;
  }
}

export function persistSnapshot(machine: ConversationMachine, snapshot: ConversationSnapshot, version: number): ContactRecord {
  return { machineVersion: MACHINE_VERSION, version, snapshot: machine.getPersistedSnapshot(snapshot) };
}

/** `lead`, `buyer.budget`, `escalated`... */
export function stateName(snapshot: ConversationSnapshot): string {
  const value: unknown = snapshot.value;
  if (typeof value === 'string') return value;
  const [top, sub] = Object.entries(value as Record<string, unknown>)[0] ?? ['unknown', null];
  return typeof sub === 'string' ? `${top}.${sub}` : top;
}

export function owningBot(snapshot: ConversationSnapshot): BotName | null {
  const top = stateName(snapshot).split('.')[0];
  return top === 'lead' || top === 'buyer' || top === 'seller' ? top : null;
}
