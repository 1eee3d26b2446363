// Wraps a ContactStore so every committed version is published on the change feed and recorded in the contact index, and an erase leaves the index.
import { botOf, changeFromCommit } from './change';
import type { ChangeFeed } from './change-feed';
import type { ContactIndex } from './contact-index';
import type { ContactStore } from './types';

export interface CommitObservers {
  feed: ChangeFeed;
  index: ContactIndex;
  /** A failed publish or index write loses no data (the journal has it); it is reported here. */
  onError(error: unknown, what: string): void;
}

export function observeCommits(store: ContactStore, observers: CommitObservers): ContactStore {
  const { feed, index, onError } = observers;
  return {
    ...store,
    async commit(input) {
      const result = await store.commit(input);
      if (result.status !== 'committed') return result;
      const change = changeFromCommit(input, result.version);
      // Off the message's path: a reader that sees a version gap fills it from the journal.
      feed.publish(change).catch((error: unknown) => onError(error, 'change feed publish'));
      index
        .record({ contactId: change.contactId, state: change.state, bot: botOf(change.state), version: change.version, lastMessageAt: change.at })
        .catch((error: unknown) => onError(error, 'contact index'));
      return result;
    },
    async erase(contactId, markProcessed) {
      await store.erase(contactId, markProcessed);
      await index.remove(contactId).catch((error: unknown) => onError(error, 'erase from the contact index'));
    },
  };
}
