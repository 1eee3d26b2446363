// The age side of a contact's retention, shared by every store: what "too old" means for a commit.
import type { RetentionRules } from '../../domain/policy';
import type { CommitInput } from './types';

/**
 * Journal and transcript entries dated before this are dropped by the commit. Age is measured back
 * from the commit's own decision time (the contact's newest message, monotonic per contact), not the
 * wall clock, so every store trims alike and a replayed or simulated conversation trims as it did live.
 */
export function historyCutoff(input: Pick<CommitInput, 'journal'>, retention: Pick<RetentionRules, 'historyMaxAgeMs'>): number {
  return input.journal.decision.at - retention.historyMaxAgeMs;
}
