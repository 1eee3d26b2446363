// Worker shards merge back into the report one thread would have written.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { mergeReports } from '../../../services/replay/merge';
import { fileSource, runReplay } from '../../../services/replay/run';
import { replayPolicy } from '../../../services/replay/settings';
import type { RecordedConversation } from '../../../services/replay/types';
import { classifyScripted, recordConversation } from './conversation';

const replay = (conversations: RecordedConversation[]) =>
  runReplay(fileSource(conversations), {
    policy: replayPolicy(DEFAULT_POLICY, { cooldownMs: 0 }),
    overriddenRoutes: [],
    reclassify: null,
    classify: classifyScripted,
    since: null,
    contactId: null,
    settings: { cooldownMs: 0 },
  });

describe('merging shard reports', () => {
  it('gives the same counts, deltas and changes, in the same order, as one replay of every contact', async () => {
    const conversations = await Promise.all(['c-1', 'c-2', 'c-3'].map((id) => recordConversation(id)));
    const whole = await replay(conversations);
    const parts = await Promise.all([replay([conversations[0], conversations[2]].flatMap((c) => c ?? [])), replay(conversations.slice(1, 2))]);
    const { speed: _wholeSpeed, ...expected } = whole;
    const { speed: _mergedSpeed, ...merged } = mergeReports(parts, { cooldownMs: 0 }, whole.speed);
    expect(merged).toEqual(expected);
    expect(whole.changes.map((change) => change.contactId)).toContain('c-2');
  });
});
