// The embedded (SQLite) host's contact list survives a restart: the in-process index is rebuilt from the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestHost, inbound } from '../server/host';

const dir = mkdtempSync(join(tmpdir(), 'baton-list-'));
const START = Date.UTC(2026, 10, 23, 9, 0, 0);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sqliteHost = () => createTestHost({ env: { STORE: 'sqlite', DATA_DIR: dir } });

describe('the contact list on the embedded store', () => {
  it('lists the same contacts, states, versions and counts after the host restarts', async () => {
    const first = await sqliteHost();
    const messages: Array<[string, string, string, number]> = [
      ['sq-1', 'a-1', 'Hi, I saw your listing', START],
      ['sq-1', 'a-2', "We're pre-approved and looking to buy", START + 60_000],
      ['sq-2', 'b-1', 'hello', START + 120_000],
    ];
    for (const [contactId, messageId, body, at] of messages) {
      const res = await request(first.app).post('/webhooks/ghl').send(inbound({ contactId, messageId, body, dateAdded: new Date(at).toISOString() }));
      expect(res.status).toBe(200);
    }
    const before = await request(first.app).get('/v1/contacts');
    await first.close();

    const second = await sqliteHost();
    try {
      const after = await request(second.app).get('/v1/contacts');
      expect(after.status).toBe(200);
      const brief = (body: { contacts: Array<{ contactId: string; state: string; version: number }> }) => body.contacts.map(({ contactId, state, version }) => ({ contactId, state, version }));
      expect(brief(after.body)).toEqual(brief(before.body));
      expect(brief(after.body).map((c) => c.contactId)).toEqual(['sq-2', 'sq-1']);
      expect(after.body.contacts[0].version).toBe(1);
      expect(after.body.contacts[1].version).toBe(2);
      expect(after.body.contacts[1].state.split('.')[0]).toBe('buyer');
      expect(after.body.counts).toEqual(before.body.counts);
      expect(after.body.counts['buyer']).toBe(1);
    } finally {
      await second.close();
    }
  });
});
