// The Redis store contract on a three-master Redis Cluster, plus what only a cluster can show: one slot per contact, a sweep over every master.
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../services/store/redis';
import { contactKeys } from '../../services/store/keys';
import { describeStoreContract } from '../contract/store.contract';
import { commitInput } from '../contract/fixtures';
import { useTestCluster } from './support';

const cluster = useTestCluster();
const target = { kind: 'cluster' as const, nodes: cluster.nodes };

describeStoreContract('redis cluster', () => createRedisStore({ target, prefix: cluster.nextPrefix() }));

describe('redis store on a cluster', () => {
  it('keeps every key of a contact in one slot, even for ids holding braces', async () => {
    const prefix = cluster.nextPrefix();
    const store = createRedisStore({ target, prefix });
    const admin = cluster.admin();
    try {
      for (const contactId of ['plain-1', 'a}b', '{x}', '}{', '%7D']) {
        await store.commit(commitInput(contactId, 0, 'm}1', { contextPackage: { json: '{}', ttlMs: 60_000 } }));
        const keys = contactKeys(prefix, contactId);
        const all = [keys.record, keys.seen, keys.legacyProcessed('m}1'), keys.outbox, keys.effects, keys.journal, keys.transcript, keys.package, keys.lock];
        const slots = await Promise.all(all.map((key) => admin.cluster('KEYSLOT', key)));
        expect(new Set(slots).size, contactId).toBe(1);
        expect((await store.load(contactId))?.version).toBe(1);
      }
    } finally {
      await store.close();
    }
  });

  it('finds pending effects on every master when sweeping', async () => {
    const prefix = cluster.nextPrefix();
    const store = createRedisStore({ target, prefix });
    const admin = cluster.admin();
    try {
      const ids = Array.from({ length: 30 }, (_, i) => `sweep-${i}`);
      for (const id of ids) await store.commit(commitInput(id, 0, 'm1'));
      const masters = new Set<string>();
      for (const id of ids) {
        const slot = Number(await admin.cluster('KEYSLOT', contactKeys(prefix, id).outbox));
        masters.add(String(admin.slots[slot]?.[0] ?? '?'));
      }
      expect(masters.size).toBe(3);
      expect(new Set(await store.contactsWithPendingEffects())).toEqual(new Set(ids));
    } finally {
      await store.close();
    }
  });
});
