// The contact list's two indexes (in-process, Redis + contact-index.lua) pass one contract: order, paging, per-state counts, stale versions, removal.
import { describe, expect, it } from 'vitest';
import { PLACES } from '../../domain/decision';
import { createLocalContactIndex, type ContactIndex, type ContactSummary } from '../../services/store/contact-index';
import { createRedisContactIndex } from '../../services/store/redis-contact-index';
import { useTestRedis } from '../setup/redis';

const redis = useTestRedis();

function summary(contactId: string, state: string, version: number, lastMessageAt: number): ContactSummary {
  const top = state.split('.')[0];
  return { contactId, state, bot: top === 'lead' || top === 'buyer' || top === 'seller' ? top : null, version, lastMessageAt };
}

async function allPages(index: ContactIndex, limit: number, state: string | null = null): Promise<string[]> {
  const ids: string[] = [];
  let cursor: { at: number; id: string } | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await index.list({ limit, cursor, state });
    ids.push(...page.contacts.map((c) => c.contactId));
    if (page.next === null) return ids;
    cursor = page.next;
  }
  throw new Error('the cursor never ended');
}

const indexes: Array<[string, () => ContactIndex]> = [
  ['in-process', () => createLocalContactIndex()],
  ['redis', () => createRedisContactIndex({ client: redis.connect(), prefix: redis.nextPrefix(), topStates: PLACES })],
];

describe.each(indexes)('the %s contact index', (_name, create) => {
  it('lists newest message first, ties by id descending, every contact once across pages of any size', async () => {
    const index = create();
    const at = 1_000_000;
    // Three contacts share one timestamp: the cursor must not skip or repeat them.
    for (const [id, t] of [['a', at], ['b', at + 5], ['c', at + 5], ['d', at + 5], ['e', at + 9], ['f', at - 1]] as const) await index.record(summary(id, 'lead.goal', 1, t));
    const expected = ['e', 'd', 'c', 'b', 'a', 'f'];
    for (const limit of [1, 2, 3, 4, 6, 10]) expect(await allPages(index, limit), `limit ${limit}`).toEqual(expected);
    await index.close();
  });

  it('keeps a count per top-level and full state that follows each contact as it moves, and filters by state', async () => {
    const index = create();
    await index.record(summary('x', 'lead.goal', 1, 1));
    await index.record(summary('y', 'lead.goal', 1, 2));
    await index.record(summary('z', 'lead.timeline', 1, 3));
    expect(await index.counts()).toEqual({ lead: 3, 'lead.goal': 2, 'lead.timeline': 1 });
    await index.record(summary('x', 'buyer.budget', 2, 4));
    await index.record(summary('y', 'escalated', 2, 5));
    expect(await index.counts()).toEqual({ lead: 1, 'lead.timeline': 1, buyer: 1, 'buyer.budget': 1, escalated: 1 });
    expect(await allPages(index, 10, 'buyer')).toEqual(['x']);
    expect(await allPages(index, 10, 'lead.timeline')).toEqual(['z']);
    expect(await allPages(index, 10, 'seller')).toEqual([]);
    await index.close();
  });

  it('moves a contact that stays in its state to the front of both lists without touching the counts, and within a top-level state keeps it there once', async () => {
    const index = create();
    await index.record(summary('p', 'lead.goal', 1, 10));
    await index.record(summary('q', 'lead.goal', 1, 20));
    await index.record(summary('p', 'lead.goal', 2, 30));
    expect(await allPages(index, 10)).toEqual(['p', 'q']);
    expect(await allPages(index, 10, 'lead')).toEqual(['p', 'q']);
    expect(await index.counts()).toEqual({ lead: 2, 'lead.goal': 2 });
    await index.record(summary('q', 'lead.timeline', 2, 40));
    expect(await allPages(index, 10, 'lead')).toEqual(['q', 'p']);
    expect(await allPages(index, 10, 'lead.timeline')).toEqual(['q']);
    expect(await index.counts()).toEqual({ lead: 2, 'lead.goal': 1, 'lead.timeline': 1 });
    await index.record(summary('q', 'seller.motivation', 3, 50));
    expect(await allPages(index, 10, 'lead')).toEqual(['p']);
    expect(await allPages(index, 10, 'seller')).toEqual(['q']);
    expect(await index.counts()).toEqual({ lead: 1, 'lead.goal': 1, seller: 1, 'seller.motivation': 1 });
    await index.close();
  });

  it('ignores a version older than or equal to the one recorded (publishers may arrive out of order), and forgets a removed contact', async () => {
    const index = create();
    await index.record(summary('k', 'buyer.budget', 3, 30));
    await index.record(summary('k', 'lead.goal', 2, 20));
    await index.record(summary('k', 'seller.motivation', 3, 40));
    const { contacts } = await index.list({ limit: 10, cursor: null, state: null });
    expect(contacts).toEqual([summary('k', 'buyer.budget', 3, 30)]);
    expect(await index.counts()).toEqual({ buyer: 1, 'buyer.budget': 1 });
    await index.remove('k');
    await index.remove('k');
    expect((await index.list({ limit: 10, cursor: null, state: null })).contacts).toEqual([]);
    expect(await index.counts()).toEqual({});
    await index.close();
  });
});
