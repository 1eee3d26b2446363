// Through POST /webhooks/ghl with the real classifier: HELP is answered by the machine and changes nothing.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { HELP_REPLY } from '../../machines/notices';
import type { TestHost } from '../server/host';
import { MINUTE, post, START, useHosts } from './webhook';

const newHost = useHosts();

interface ContactBody {
  state: string;
  stateValue: unknown;
  bot: string | null;
  context: { facts: Record<string, unknown>; asked: string[]; lastAsked: string[]; handoffCount: number };
}

async function contact(h: TestHost, contactId: string): Promise<ContactBody> {
  return (await request(h.app).get(`/v1/contacts/${contactId}`).expect(200)).body as ContactBody;
}

async function outbound(h: TestHost, contactId: string): Promise<Array<{ text: string; bot: string | null; asks: string[] }>> {
  const body = (await request(h.app).get(`/v1/contacts/${contactId}/messages`).expect(200)).body as {
    messages: Array<{ direction: string; text: string; bot: string | null; asks: string[] }>;
  };
  return body.messages.filter((m) => m.direction === 'outbound');
}

describe('HELP', () => {
  it('in the lead state gets the HELP reply and nothing else: same state, same qualification, no bot question that turn', async () => {
    const host = await newHost();
    const id = 'help-1';
    await post(host.app, id, 'h-0', 'hi, who is this?', START).expect(200);
    const before = await contact(host, id);
    expect(before.bot).toBe('lead');
    expect(before.state).toMatch(/^lead\./);
    const sentBefore = await outbound(host, id);

    const res = await post(host.app, id, 'h-1', 'HELP', START + 2 * MINUTE).expect(200);
    expect(res.body.decision).toMatchObject({ kind: 'help', reason: 'help_requested', decidedBy: 'command', from: 'lead', to: 'lead' });
    const after = await contact(host, id);
    expect(after.state).toBe(before.state);
    expect(after.stateValue).toEqual(before.stateValue);
    expect(after.context.facts).toEqual(before.context.facts);
    expect(after.context.asked).toEqual(before.context.asked);
    expect(after.context.lastAsked).toEqual(before.context.lastAsked);
    expect(after.context.handoffCount).toBe(0);
    expect((await outbound(host, id)).slice(sentBefore.length)).toEqual([expect.objectContaining({ text: HELP_REPLY, bot: 'lead', asks: [] })]);

    // The conversation carries on where it was: the next message is read against the question asked before HELP.
    const next = await post(host.app, id, 'h-2', "We're pre-approved and looking to buy", START + 5 * MINUTE).expect(200);
    expect(next.body.bot).toBe('buyer');
  });
});
