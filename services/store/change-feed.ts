// The live change feed: each committed version is published to the hosts' subscribers (a resume reads the journal); the in-process feed serves the embedded and memory stores.
import { EventEmitter } from 'node:events';
import type { ContactChange } from './change';

export type ChangeListener = (change: ContactChange) => void;

export interface ChangeFeed {
  readonly kind: 'local' | 'redis';
  /** Delivers the change to every subscriber of the contact, on every host. Nothing is kept: a client that resumes is caught up from the journal. */
  publish(change: ContactChange): Promise<void>;
  /** Live changes of one contact; resolves once the subscription is active, with its cancel function. */
  subscribe(contactId: string, listener: ChangeListener): Promise<() => void>;
  close(): Promise<void>;
}

export function createLocalChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  // One listener per SSE client: no leak warning for a busy contact.
  emitter.setMaxListeners(0);
  return {
    kind: 'local',
    async publish(change) {
      emitter.emit(change.contactId, change);
    },
    async subscribe(contactId, listener) {
      emitter.on(contactId, listener);
      return () => emitter.off(contactId, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
