// GET /v1/contacts/:id/journal carries what `baton replay` re-runs: each decision's input event and the bot reply.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { journalSchema } from '../../server/schemas/api';
import { createTestHost, inbound, type TestHost } from './host';

describe('GET /v1/contacts/:id/journal', () => {
  let host: TestHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it("answers each entry with the message's text, time, messageId, intent, health and thresholds, and the bot's reply", async () => {
    host = await createTestHost();
    const at = Date.UTC(2026, 10, 23, 9, 0, 0);
    const body = inbound({ contactId: 'journal-1', messageId: 'msg-1', body: 'We are preapproved and want to buy a 3 bed house', dateAdded: new Date(at).toISOString() });
    await request(host.app).post('/webhooks/ghl').set('content-type', 'application/json').send(JSON.stringify(body)).expect(200);

    const answer = await request(host.app).get('/v1/contacts/journal-1/journal').expect(200);
    const journal = journalSchema.parse(answer.body);
    const input = journal.entries[0]?.input;
    expect(input?.event).toMatchObject({ type: 'MESSAGE_RECEIVED', messageId: 'msg-1', text: 'We are preapproved and want to buy a 3 bed house', at });
    if (input?.event.type !== 'MESSAGE_RECEIVED') throw new Error('no message input journaled');
    expect(input.event.intent.target).toBe('buyer');
    expect(Object.keys(input.event.health).sort()).toEqual(['buyer', 'lead', 'seller']);
    expect(input.event.thresholds).toEqual({});
    expect(input.reply).toMatchObject({ type: 'BOT_REPLIED', at, bot: journal.entries[0]?.decision.to });
  });
});
