// Waits (polling the store, bounded) until every outbox is empty, i.e. every committed effect was delivered or failed.
import type { ContactStore } from '../../../services/store/types';

export async function drained(store: ContactStore, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await store.contactsWithPendingEffects()).length === 0) return true;
    } catch {
      // Redis restarting: ask again.
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
