// What the read-back counts as "already in GoHighLevel": the attempt's own outbound SMS, or every field already holding its value.
import { describe, expect, it } from 'vitest';
import { fieldsApplied, isAttemptsMessage } from '../../../services/effects/read-back';

const since = 1_700_000_000_000;
const message = (overrides: Partial<{ direction: string; body: string; dateAdded: number }> = {}) => ({
  id: 'msg-1',
  direction: 'outbound',
  body: 'What price range are you looking at?',
  dateAdded: since + 1_000,
  ...overrides,
});

describe('read-back matching', () => {
  it("takes an outbound message with the effect's exact text, dated at or after the attempt began, for the attempt", () => {
    expect(isAttemptsMessage(message(), 'What price range are you looking at?', since)).toBe(true);
    expect(isAttemptsMessage(message({ dateAdded: since }), 'What price range are you looking at?', since)).toBe(true);
  });

  it('does not take an inbound message, another text, or one sent before the attempt began', () => {
    const text = 'What price range are you looking at?';
    expect(isAttemptsMessage(message({ direction: 'inbound' }), text, since)).toBe(false);
    expect(isAttemptsMessage(message({ body: 'What price range are you looking at' }), text, since)).toBe(false);
    // The same question sent by the contact's previous effect a moment before: not this attempt's (no skew allowance).
    expect(isAttemptsMessage(message({ dateAdded: since - 1 }), text, since)).toBe(false);
  });

  it('counts custom fields as applied only when every one holds its value; an empty value matches an absent field', () => {
    const current = new Map<string, unknown>([
      ['baton_owner', 'buyer'],
      ['baton_budget_max', 450000],
      ['baton_tags', ['a', 'b']],
    ]);
    expect(fieldsApplied(current, { baton_owner: 'buyer', baton_budget_max: '450000', baton_tags: 'a,b', baton_timeline: '' })).toBe(true);
    expect(fieldsApplied(current, { baton_owner: 'seller' })).toBe(false);
    expect(fieldsApplied(current, { baton_timeline: 'spring' })).toBe(false);
  });
});
