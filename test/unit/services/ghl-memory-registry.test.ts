// The in-process GoHighLevel registry: Baton's own sent message ids are known for SENT_TTL_MS, then forgotten.
import { describe, expect, it } from 'vitest';
import { createLocationMemo, createMemoryGhlRegistry, LOCATION_REFRESH_MS, SENT_TTL_MS } from '../../../services/ghl/registry';

describe('createMemoryGhlRegistry', () => {
  it('knows an id it sent until SENT_TTL_MS after it was remembered, and forgets it at that instant', async () => {
    let clock = 1_000;
    const registry = createMemoryGhlRegistry(() => clock);
    await registry.rememberSent('m1', 'c1:m1:0');
    clock += SENT_TTL_MS - 1;
    expect(await registry.isOwnSend('m1')).toBe(true);
    clock += 1;
    expect(await registry.isOwnSend('m1')).toBe(false);
  });

  it('drops expired ids as new ones arrive and keeps the fresh ones, whatever order they were sent in', async () => {
    let clock = 0;
    const registry = createMemoryGhlRegistry(() => clock);
    for (let i = 0; i < 5; i += 1) {
      await registry.rememberSent(`old-${i}`, `c1:m${i}:0`);
      clock += 1;
    }
    await registry.rememberSent('old-0', 'c1:m9:0'); // remembered again: lives from now on
    clock = SENT_TTL_MS + 3;
    await registry.rememberSent('new', 'c2:m1:0');
    expect(await registry.isOwnSend('old-0')).toBe(true);
    expect(await registry.isOwnSend('old-4')).toBe(true);
    expect(await registry.isOwnSend('old-3')).toBe(false);
    expect(await registry.isOwnSend('new')).toBe(true);
  });

  it('never takes an id it did not send for its own', async () => {
    const registry = createMemoryGhlRegistry(() => 0);
    await registry.rememberSent('mine', 'c1:m1:0');
    expect(await registry.isOwnSend('a human sent this')).toBe(false);
    expect(await registry.sentBy('a human sent this')).toBeNull();
  });

  it('remembers which effect sent each id, the last one when an id is remembered again', async () => {
    const registry = createMemoryGhlRegistry(() => 0);
    await registry.rememberSent('m1', 'c1:m1:0');
    await registry.rememberSent('m2', 'c1:m2:0');
    expect(await registry.sentBy('m1')).toBe('c1:m1:0');
    expect(await registry.sentBy('m2')).toBe('c1:m2:0');
    await registry.rememberSent('m1', 'c1:m3:0');
    expect(await registry.sentBy('m1')).toBe('c1:m3:0');
  });
});

describe('createLocationMemo', () => {
  it('keeps at most its size, forgetting the contact written least recently', () => {
    const memo = createLocationMemo(() => 0, 2);
    memo.wrote('a', 'loc');
    memo.wrote('b', 'loc');
    memo.wrote('a', 'loc'); // a is now the most recent
    memo.wrote('c', 'loc');
    expect(['a', 'b', 'c'].map((id) => memo.isFresh(id, 'loc'))).toEqual([true, false, true]);
  });

  it('is fresh only for the same location and until LOCATION_REFRESH_MS after the write', () => {
    let clock = 0;
    const memo = createLocationMemo(() => clock);
    memo.wrote('a', 'loc-1');
    expect(memo.isFresh('a', 'loc-2')).toBe(false);
    clock = LOCATION_REFRESH_MS - 1;
    expect(memo.isFresh('a', 'loc-1')).toBe(true);
    clock = LOCATION_REFRESH_MS;
    expect(memo.isFresh('a', 'loc-1')).toBe(false);
  });
});
