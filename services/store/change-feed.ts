// The live change feed: each committed version is published (and logged for resume); the in-process feed serves the embedded and memory stores.
import { EventEmitter } from 'node:events';
import type { ContactChange } from './change';

export type ChangeListener = (change: ContactChange) => void;

export interface ChangeFeed {
  readonly kind: 'local' | 'redis';
  /** Logs the change (the resume buffer) and delivers it to every subscriber of the contact, on every host. */
  publish(change: ContactChange): Promise<void>;
  /** Live changes of one contact; resolves once the subscription is active, with its cancel function. */
  subscribe(contactId: string, listener: ChangeListener): Promise<() => void>;
  /** Logged changes of a contact after `version`, oldest first (the log keeps the last LOG_LENGTH). */
  since(contactId: string, version: number): Promise<ContactChange[]>;
  /** Drops a contact's log (ContactDelete). */
  forget(contactId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Changes kept per contact for a client that reconnects within seconds; anything older is rebuilt from the
 * journal, so the log stays small (it costs memory per active contact, in Redis or in the process).
 */
export const LOG_LENGTH = 16;

/** The in-process feed keeps the logs of this many contacts (least recently changed dropped first). */
const LOCAL_CONTACTS = 1_000;

export function createLocalChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  // One listener per SSE client: no leak warning for a busy contact.
  emitter.setMaxListeners(0);
  const logs = new Map<string, ContactChange[]>();
  return {
    kind: 'local',
    async publish(change) {
      const log = logs.get(change.contactId) ?? [];
      logs.delete(change.contactId);
      log.push(change);
      if (log.length > LOG_LENGTH) log.splice(0, log.length - LOG_LENGTH);
      logs.set(change.contactId, log);
      if (logs.size > LOCAL_CONTACTS) {
        const oldest = logs.keys().next().value;
        if (oldest !== undefined) logs.delete(oldest);
      }
      emitter.emit(change.contactId, change);
    },
    async subscribe(contactId, listener) {
      emitter.on(contactId, listener);
      return () => emitter.off(contactId, listener);
    },
    async since(contactId, version) {
      return (logs.get(contactId) ?? []).filter((c) => c.version > version).sort((a, b) => a.version - b.version);
    },
    async forget(contactId) {
      logs.delete(contactId);
    },
    async close() {
      emitter.removeAllListeners();
      logs.clear();
    },
  };
}
