// The ContactStore contract: one suite, run against every store implementation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactStore } from '../../services/store/types';
import { VersionConflictError } from '../../services/store/errors';
import { commitInput, inbound, smsEffect } from './fixtures';

export function describeStoreContract(name: string, makeStore: () => ContactStore | Promise<ContactStore>): void {
  describe(`${name} store contract`, () => {
    const opened: ContactStore[] = [];
    async function open(): Promise<ContactStore> {
      const store = await makeStore();
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describe('commit', () => {
      it('stores version 1 for a new contact and loads the same record back', async () => {
        const store = await open();
        expect(await store.load('c')).toBeNull();
        const input = commitInput('c', 0, 'm1');
        expect(await store.commit(input)).toMatchObject({ status: 'committed', version: 1 });
        expect(await store.load('c')).toEqual({ ...input.record, version: 1 });
        expect(await store.isProcessed('c', 'm1')).toBe(true);
        expect(await store.isProcessed('c', 'm2')).toBe(false);
      });

      it('refuses a stale expected version and leaves the record, the journal and the message untouched', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1'));
        await store.commit(commitInput('c', 1, 'm2'));
        const stale = store.commit(commitInput('c', 1, 'm3'));
        await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
        await expect(stale).rejects.toMatchObject({ code: 'version_conflict', retryable: true });
        expect((await store.load('c'))?.version).toBe(2);
        expect(await store.isProcessed('c', 'm3')).toBe(false);
        expect((await store.journal('c', 10)).map((entry) => entry.messageId)).toEqual(['m2', 'm1']);
        expect(await store.pendingEffects('c')).toHaveLength(2);
      });

      it('refuses an expected version ahead of the stored one', async () => {
        const store = await open();
        await expect(store.commit(commitInput('c', 3, 'm1'))).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store.load('c')).toBeNull();
      });

      it('answers duplicate for a message committed before, without repeating its effects or journal entry', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1'));
        const again = commitInput('c', 1, 'm1', { effects: [smsEffect('c', 'other-effect')] });
        expect(await store.commit(again)).toEqual({ status: 'duplicate' });
        expect((await store.load('c'))?.version).toBe(1);
        expect((await store.pendingEffects('c')).map((item) => item.effect.id)).toEqual(['c-effect-1']);
        expect(await store.journal('c', 10)).toHaveLength(1);
        expect(await store.transcript('c')).toHaveLength(1);
      });

      it('commits exactly one of two concurrent deliveries of the same message', async () => {
        const store = await open();
        const results = await Promise.all([store.commit(commitInput('c', 0, 'm1')), store.commit(commitInput('c', 0, 'm1'))]);
        expect(results.map((result) => result.status).sort()).toEqual(['committed', 'duplicate']);
        expect((await store.load('c'))?.version).toBe(1);
        expect(await store.pendingEffects('c')).toHaveLength(1);
      });

      it('lets exactly one of two concurrent writers of the same version win', async () => {
        const store = await open();
        const results = await Promise.allSettled([store.commit(commitInput('c', 0, 'm1')), store.commit(commitInput('c', 0, 'm2'))]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]).toBeInstanceOf(VersionConflictError);
      });

      it('commits admin events (no messageId) every time', async () => {
        const store = await open();
        expect(await store.commit(commitInput('c', 0, null))).toMatchObject({ status: 'committed', version: 1 });
        expect(await store.commit(commitInput('c', 1, null))).toMatchObject({ status: 'committed', version: 2 });
      });

      it('keeps contacts apart', async () => {
        const store = await open();
        await store.commit(commitInput('a', 0, 'm1'));
        expect(await store.commit(commitInput('b', 0, 'm1'))).toMatchObject({ status: 'committed', version: 1 });
        expect(await store.journal('a', 10)).toHaveLength(1);
      });

      it('hands out copies: changing a loaded record does not change the stored one', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1'));
        const loaded = await store.load('c');
        if (loaded === null) throw new Error('record missing');
        loaded.version = 99;
        expect((await store.load('c'))?.version).toBe(1);
      });
    });

    describe('journal and transcript', () => {
      it('returns the journal newest first, up to the limit, each entry with its committed version', async () => {
        const store = await open();
        for (let v = 0; v < 5; v++) await store.commit(commitInput('c', v, `m${v + 1}`));
        const journal = await store.journal('c', 3);
        expect(journal.map((entry) => entry.version)).toEqual([5, 4, 3]);
        expect(journal.map((entry) => entry.messageId)).toEqual(['m5', 'm4', 'm3']);
        expect(journal[0]?.decision.kind).toBe('stay');
        expect(await store.journal('c', 0)).toEqual([]);
      });

      it('keeps only the newest 500 journal entries', async () => {
        const store = await open();
        for (let v = 0; v < 503; v++) await store.commit(commitInput('c', v, null));
        const journal = await store.journal('c', 1_000);
        expect(journal).toHaveLength(500);
        expect(journal[0]?.version).toBe(503);
        expect(journal.at(-1)?.version).toBe(4);
      });

      it('returns the transcript oldest first across commits', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1', { transcript: [inbound('hi', 1, 'm1'), { direction: 'outbound', text: 'hello', at: 2, bot: 'lead', asks: ['goal'], messageId: null }] }));
        await store.commit(commitInput('c', 1, 'm2', { transcript: [inbound('buying', 3, 'm2')] }));
        await store.commit(commitInput('c', 2, null, { transcript: [] }));
        const transcript = await store.transcript('c');
        expect(transcript.map((entry) => entry.text)).toEqual(['hi', 'hello', 'buying']);
        expect(transcript[1]).toEqual({ direction: 'outbound', text: 'hello', at: 2, bot: 'lead', asks: ['goal'], messageId: null });
      });
    });

    describe('context package', () => {
      it('is null until a commit carries one, and the newest one wins', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1'));
        expect(await store.contextPackage('c')).toBeNull();
        await store.commit(commitInput('c', 1, 'm2', { contextPackage: { json: '{"n":1}', ttlMs: 60_000 } }));
        await store.commit(commitInput('c', 2, 'm3', { contextPackage: { json: '{"n":2}', ttlMs: 60_000 } }));
        await store.commit(commitInput('c', 3, 'm4'));
        expect(await store.contextPackage('c')).toBe('{"n":2}');
      });

      it('expires after its time-to-live', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{"n":1}', ttlMs: 40 } }));
        await vi.waitFor(async () => expect(await store.contextPackage('c')).toBeNull(), { timeout: 2_000, interval: 20 });
      });
    });

    describe('outbox', () => {
      it('lists pending effects in commit order and finds the contacts that have some', async () => {
        const store = await open();
        await store.commit(commitInput('a', 0, 'm1', { effects: [smsEffect('a', 'e1'), smsEffect('a', 'e2')] }));
        await store.commit(commitInput('a', 1, 'm2', { effects: [smsEffect('a', 'e3')] }));
        await store.commit(commitInput('b', 0, 'm1', { effects: [] }));
        const pending = await store.pendingEffects('a');
        expect(pending.map((item) => item.effect.id)).toEqual(['e1', 'e2', 'e3']);
        expect(pending[0]).toEqual({ effect: smsEffect('a', 'e1'), attempts: 0, status: 'pending', lastError: null });
        expect(await store.contactsWithPendingEffects()).toEqual(['a']);
      });

      it('drops delivered effects and keeps failed ones apart with their error', async () => {
        const store = await open();
        await store.commit(commitInput('a', 0, 'm1', { effects: [smsEffect('a', 'e1'), smsEffect('a', 'e2')] }));
        await store.markEffect('a', 'e1', { status: 'delivered', error: null });
        expect((await store.pendingEffects('a')).map((item) => item.effect.id)).toEqual(['e2']);
        await store.markEffect('a', 'e2', { status: 'failed', error: 'HTTP 422' });
        expect(await store.pendingEffects('a')).toEqual([]);
        expect(await store.failedEffects('a')).toEqual([{ effect: smsEffect('a', 'e2'), attempts: 1, status: 'failed', lastError: 'HTTP 422' }]);
        expect(await store.contactsWithPendingEffects()).toEqual([]);
        await store.markEffect('a', 'unknown', { status: 'delivered', error: null });
        expect(await store.failedEffects('a')).toHaveLength(1);
      });

      it("names the contact's oldest pending effect as its next, passing over failed ones, and none once all are done", async () => {
        const store = await open();
        expect(await store.nextEffect('a')).toBeNull();
        await store.commit(commitInput('a', 0, 'm1', { effects: [smsEffect('a', 'e1'), smsEffect('a', 'e2')] }));
        await store.commit(commitInput('a', 1, 'm2', { effects: [smsEffect('a', 'e3')] }));
        expect(await store.nextEffect('a')).toEqual({ effect: smsEffect('a', 'e1'), attempts: 0, status: 'pending', lastError: null });
        await store.markEffect('a', 'e1', { status: 'delivered', error: null });
        expect((await store.nextEffect('a'))?.effect.id).toBe('e2');
        await store.markEffect('a', 'e2', { status: 'failed', error: 'HTTP 422' });
        expect((await store.nextEffect('a'))?.effect.id).toBe('e3');
        await store.markEffect('a', 'e3', { status: 'delivered', error: null });
        expect(await store.nextEffect('a')).toBeNull();
        expect(await store.nextEffect('b')).toBeNull();
      });

      it('does not queue an effect id twice', async () => {
        const store = await open();
        await store.commit(commitInput('a', 0, 'm1', { effects: [smsEffect('a', 'e1')] }));
        await store.commit(commitInput('a', 1, 'm2', { effects: [smsEffect('a', 'e1', 'changed')] }));
        expect((await store.pendingEffects('a')).map((item) => (item.effect.kind === 'send_sms' ? item.effect.text : null))).toEqual(['text e1']);
      });
    });

    describe('lock', () => {
      const options = { ttlMs: 5_000, waitMs: 0 };

      it('is exclusive per contact and free again after release', async () => {
        const store = await open();
        const held = await store.acquireLock('c', options);
        expect(held).not.toBeNull();
        expect(await store.acquireLock('c', options)).toBeNull();
        const other = await store.acquireLock('d', options);
        expect(other).not.toBeNull();
        expect(await held?.release()).toBe(true);
        const next = await store.acquireLock('c', options);
        expect(next?.token).not.toBe(held?.token);
        await next?.release();
        await other?.release();
      });

      it('gives up with null when the lock stays busy for the whole wait', async () => {
        const store = await open();
        const held = await store.acquireLock('c', options);
        const started = performance.now();
        expect(await store.acquireLock('c', { ttlMs: 5_000, waitMs: 120 })).toBeNull();
        expect(performance.now() - started).toBeGreaterThanOrEqual(110);
        await held?.release();
      });

      it('hands the lock to a waiter when the holder releases within the wait', async () => {
        const store = await open();
        const held = await store.acquireLock('c', options);
        const waiting = store.acquireLock('c', { ttlMs: 5_000, waitMs: 3_000 });
        await held?.release();
        const next = await waiting;
        expect(next).not.toBeNull();
        expect(await store.acquireLock('c', options)).toBeNull();
        await next?.release();
      });

      it('refuses a release by a holder whose lock has passed to someone else', async () => {
        const store = await open();
        const first = await store.acquireLock('c', options);
        expect(await first?.release()).toBe(true);
        const second = await store.acquireLock('c', options);
        expect(await first?.release()).toBe(false);
        expect(await store.acquireLock('c', options)).toBeNull();
        expect(await second?.release()).toBe(true);
      });

      it('stays held past its time-to-live while the holder keeps it', async () => {
        const store = await open();
        const held = await store.acquireLock('c', { ttlMs: 90, waitMs: 0 });
        // The waiter outlasts several TTLs; renewal must keep it out the whole time.
        expect(await store.acquireLock('c', { ttlMs: 90, waitMs: 400 })).toBeNull();
        expect(await held?.release()).toBe(true);
      });
    });

    describe('erase', () => {
      it('erases record, journal, transcript, package and outbox, and a redelivered old message stays a duplicate', async () => {
        const store = await open();
        await store.commit(commitInput('c', 0, 'm1', { contextPackage: { json: '{}', ttlMs: 60_000 } }));
        await store.commit(commitInput('c', 1, 'm2'));
        await store.markEffect('c', 'c-effect-2', { status: 'failed', error: 'x' });
        await store.erase('c');
        expect(await store.load('c')).toBeNull();
        expect(await store.journal('c', 10)).toEqual([]);
        expect(await store.transcript('c')).toEqual([]);
        expect(await store.contextPackage('c')).toBeNull();
        expect(await store.pendingEffects('c')).toEqual([]);
        expect(await store.failedEffects('c')).toEqual([]);
        expect(await store.contactsWithPendingEffects()).toEqual([]);
        expect(await store.commit(commitInput('c', 0, 'm1'))).toEqual({ status: 'duplicate' });
        expect(await store.commit(commitInput('c', 0, 'm3'))).toMatchObject({ status: 'committed', version: 1 });
      });
    });

    it('marks a delete id processed together with the erase, and keeps the mark when the contact writes again', async () => {
      const store = await open();
      await store.commit(commitInput('c', 0, 'm1'));
      expect(await store.isProcessed('c', 'delete-1')).toBe(false);
      await store.erase('c', 'delete-1');
      expect(await store.load('c')).toBeNull();
      expect(await store.isProcessed('c', 'delete-1')).toBe(true);
      await store.commit(commitInput('c', 0, 'm2'));
      expect(await store.isProcessed('c', 'delete-1')).toBe(true);
    });

    it('answers ping', async () => {
      const store = await open();
      expect(await store.ping()).toBe(true);
    });
  });
}
