// Through POST /webhooks/ghl with the real classifier: carrier opt-out, HELP while opted out, opt-in, and what is not an opt-out.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { HELP_REPLY, OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from '../../machines/notices';
import type { TestHost } from '../server/host';
import { MINUTE, post, START, useHosts } from './webhook';

const newHost = useHosts();

interface SentMessage {
  direction: 'inbound' | 'outbound';
  text: string;
  bot: string | null;
  asks: string[];
}

async function outbound(h: TestHost, contactId: string): Promise<SentMessage[]> {
  const body = (await request(h.app).get(`/v1/contacts/${contactId}/messages`).expect(200)).body as { messages: SentMessage[] };
  return body.messages.filter((m) => m.direction === 'outbound');
}

describe('opting out by text', () => {
  it('"pls stop texting this number" opts out with one confirmation; only HELP is answered until START, which resumes the same bot', async () => {
    const host = await newHost();
    const id = 'optout-1';
    const intake = await post(host.app, id, 'o-0', 'I want to sell my house', START).expect(200);
    expect(intake.body.bot).toBe('seller');
    const before = (await outbound(host, id)).length;

    const stopped = await post(host.app, id, 'o-1', 'pls stop texting this number', START + 3 * MINUTE).expect(200);
    expect(stopped.body.state).toBe('optedOut');
    expect(stopped.body.decision).toMatchObject({ kind: 'opt_out', reason: 'opted_out', from: 'seller', to: 'optedOut' });
    const confirmation = (await outbound(host, id)).slice(before);
    expect(confirmation).toEqual([expect.objectContaining({ text: OPT_OUT_CONFIRMATION, asks: [] })]);

    const quiet = ['I want to buy a house', 'hello?', 'budget is $500k'];
    for (const [i, text] of quiet.entries()) {
      const res = await post(host.app, id, `o-quiet-${i}`, text, START + (10 + 5 * i) * MINUTE).expect(200);
      expect(res.body.state).toBe('optedOut');
      expect(res.body.decision).toMatchObject({ kind: 'silent', reason: 'silenced' });
    }
    expect(await outbound(host, id)).toHaveLength(before + 1);

    // HELP is still answered while opted out (carrier rules), and it does not opt the contact back in.
    const help = await post(host.app, id, 'o-help', 'HELP', START + 30 * MINUTE).expect(200);
    expect(help.body.state).toBe('optedOut');
    expect(help.body.decision).toMatchObject({ kind: 'help', reason: 'help_requested', from: 'optedOut', to: 'optedOut' });
    const afterHelp = (await outbound(host, id)).slice(before + 1);
    expect(afterHelp).toEqual([expect.objectContaining({ text: HELP_REPLY, asks: [] })]);
    const stillQuiet = await post(host.app, id, 'o-after-help', 'I want to buy a house', START + 35 * MINUTE).expect(200);
    expect(stillQuiet.body.state).toBe('optedOut');
    expect(await outbound(host, id)).toHaveLength(before + 2);

    const resumed = await post(host.app, id, 'o-start', 'START', START + 40 * MINUTE).expect(200);
    expect(resumed.body.bot).toBe('seller');
    expect(resumed.body.decision).toMatchObject({ kind: 'opt_in', reason: 'opted_in' });
    const afterStart = (await outbound(host, id)).slice(before + 2);
    expect(afterStart.filter((m) => m.text === OPT_IN_CONFIRMATION)).toHaveLength(1);
    expect(afterStart[0]).toMatchObject({ text: OPT_IN_CONFIRMATION, bot: 'seller', asks: [] });
  });

  it.each([
    ['Spanish', 'ya no me manden mensajes'],
    ['shouted, with an emoji', 'STOP!!! 😡'],
  ])('a %s opt-out ("%s") opts the contact out with one confirmation', async (_how, text) => {
    const host = await newHost();
    const id = `optout-${text.length}`;
    await post(host.app, id, 'x-0', "We're pre-approved and looking to buy", START).expect(200);
    const before = (await outbound(host, id)).length;
    const res = await post(host.app, id, 'x-1', text, START + 2 * MINUTE).expect(200);
    expect(res.body.state).toBe('optedOut');
    expect((await outbound(host, id)).slice(before)).toEqual([expect.objectContaining({ text: OPT_OUT_CONFIRMATION, asks: [] })]);
  });

  it.each([
    ['a visit', 'can I stop by your office tomorrow?'],
    ['pausing the search', "we're gonna stop looking for now"],
  ])('"stop" meaning %s ("%s") does not opt out: the bot keeps the contact and answers', async (_meaning, text) => {
    const host = await newHost();
    const id = `not-optout-${text.length}`;
    await post(host.app, id, 'n-0', "We're pre-approved and looking to buy", START).expect(200);
    const before = (await outbound(host, id)).length;
    const res = await post(host.app, id, 'n-1', text, START + 2 * MINUTE).expect(200);
    expect(res.body.state).not.toBe('optedOut');
    expect(res.body.bot).toBe('buyer');
    expect(res.body.decision.kind).not.toBe('opt_out');
    const replies = (await outbound(host, id)).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).not.toBe(OPT_OUT_CONFIRMATION);
  });
});
