// Through POST /webhooks/ghl: STOP silences every bot until START; one message delivered twice at once is processed once.
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../services/store/types';
import type { TestHost } from '../server/host';
import { MINUTE, post, START, useHosts } from './webhook';

const newHost = useHosts();

const outbound = async (h: TestHost, contactId: string): Promise<TranscriptEntry[]> =>
  (await h.store.transcript(contactId)).filter((entry) => entry.direction === 'outbound');

describe('STOP and START', () => {
  it('confirms STOP once, asking nothing, sends nothing at all until START, then resumes with the same bot', async () => {
    const host = await newHost();
    await post(host.app, 'stop-1', 's-0', "We're pre-approved and looking to buy", START).expect(200);
    const beforeStop = (await outbound(host, 'stop-1')).length;
    const stopped = await post(host.app, 'stop-1', 's-1', 'STOP', START + MINUTE).expect(200);
    expect(stopped.body.state).toBe('optedOut');
    const confirmation = (await outbound(host, 'stop-1')).slice(beforeStop);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]?.asks).toEqual([]);

    const silent = ['hello?', 'I want to sell my house', 'talk to a human', 'budget is $500k'];
    for (const [i, text] of silent.entries()) {
      const res = await post(host.app, 'stop-1', `s-quiet-${i}`, text, START + (2 + i) * MINUTE).expect(200);
      expect(res.body.state).toBe('optedOut');
    }
    expect(await outbound(host, 'stop-1')).toHaveLength(beforeStop + 1);

    const resumed = await post(host.app, 'stop-1', 's-start', 'START', START + 10 * MINUTE).expect(200);
    expect(resumed.body.bot).toBe('buyer');
    expect((await outbound(host, 'stop-1')).length).toBeGreaterThan(beforeStop + 1);
  });
});

describe('duplicate delivery', () => {
  it('processes one message delivered twice at the same time once; the other answer is a duplicate and no effect repeats', async () => {
    const host = await newHost();
    const [a, b] = await Promise.all([
      post(host.app, 'dup-1', 'same-id', "We're pre-approved and looking to buy", START),
      post(host.app, 'dup-1', 'same-id', "We're pre-approved and looking to buy", START),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const duplicates = [a.body, b.body].filter((body: { duplicate?: boolean }) => body.duplicate === true);
    expect(duplicates).toEqual([{ contactId: 'dup-1', duplicate: true }]);
    const journal = await host.store.journal('dup-1', 100);
    expect(journal.map((entry) => entry.version)).toEqual([1]);
    const sent = await outbound(host, 'dup-1');
    expect(new Set(sent.map((entry) => entry.messageId)).size).toBe(sent.length);
    expect(sent).toHaveLength(1);
  });
});
