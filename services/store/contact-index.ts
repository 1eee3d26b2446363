// The contact list: one summary per contact (state, bot, version, last message time), paged newest first, with a count per state.
import type { BotName } from '../../domain/types';

export interface ContactSummary {
  contactId: string;
  /** `lead`, `buyer.budget`, `escalated`… */
  state: string;
  bot: BotName | null;
  version: number;
  lastMessageAt: number;
}

/** Where the next page starts: the last listed contact's (lastMessageAt, contactId). */
export interface ContactCursor {
  at: number;
  id: string;
}

export interface ListQuery {
  limit: number;
  cursor: ContactCursor | null;
  /** A top-level state (`buyer`) or a full one (`buyer.budget`); null for every contact. */
  state: string | null;
}

export interface ContactListPage {
  contacts: ContactSummary[];
  next: ContactCursor | null;
}

export interface ContactIndex {
  /** Records the contact as of `summary.version`; an older version than the one recorded is ignored. */
  record(summary: ContactSummary): Promise<void>;
  remove(contactId: string): Promise<void>;
  /** Newest message first; ties by contact id, descending. */
  list(query: ListQuery): Promise<ContactListPage>;
  /** Contacts per state now, top-level (`buyer`) and full (`buyer.budget`) names; states with none are absent. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export const topOf = (state: string): string => state.split('.')[0] ?? state;

export const inState = (summary: ContactSummary, state: string | null): boolean =>
  state === null || summary.state === state || topOf(summary.state) === state;

/** (at, id) descending: the order of the list and of Redis' ZREVRANGEBYSCORE. */
export function before(summary: ContactSummary, cursor: ContactCursor | null): boolean {
  if (cursor === null) return true;
  return summary.lastMessageAt < cursor.at || (summary.lastMessageAt === cursor.at && summary.contactId < cursor.id);
}

function newestFirst(a: ContactSummary, b: ContactSummary): number {
  if (a.lastMessageAt !== b.lastMessageAt) return b.lastMessageAt - a.lastMessageAt;
  return a.contactId < b.contactId ? 1 : a.contactId > b.contactId ? -1 : 0;
}

/** Pages a sorted run: `limit` items, and a cursor when more follow. */
export function page(sorted: ContactSummary[], limit: number): ContactListPage {
  const contacts = sorted.slice(0, limit);
  const last = contacts[contacts.length - 1];
  return { contacts, next: sorted.length > limit && last !== undefined ? { at: last.lastMessageAt, id: last.contactId } : null };
}

/** The in-process index (memory and SQLite stores): one host owns the data. */
export function createLocalContactIndex(): ContactIndex {
  const summaries = new Map<string, ContactSummary>();
  return {
    async record(summary) {
      const known = summaries.get(summary.contactId);
      if (known !== undefined && known.version >= summary.version) return;
      summaries.set(summary.contactId, { ...summary });
    },
    async remove(contactId) {
      summaries.delete(contactId);
    },
    async list({ limit, cursor, state }) {
      const matching = [...summaries.values()].filter((s) => inState(s, state) && before(s, cursor)).sort(newestFirst);
      return page(matching, limit);
    },
    async counts() {
      const counts: Record<string, number> = {};
      for (const { state } of summaries.values()) {
        counts[state] = (counts[state] ?? 0) + 1;
        const top = topOf(state);
        if (top !== state) counts[top] = (counts[top] ?? 0) + 1;
      }
      return counts;
    },
    async close() {
      summaries.clear();
    },
  };
}
