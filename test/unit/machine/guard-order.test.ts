// The chart asks the handoff guards in GUARD_ORDER (DESIGN section 3): read from the machine definition of each bot state.
import { describe, expect, it } from 'vitest';
import { GUARD_ORDER, type GuardName } from '../../../guards';
import { createConversationMachine } from '../../../machines/conversation';
import { BOT_NAMES } from '../../../domain/types';

/** The chart's guard that takes each handoff guard's failure, and where that failure leads (null: the contact stays). */
const CHART_GUARD: Record<GuardName, { guard: string; target: string | null }> = {
  confidence: { guard: 'belowThreshold', target: null },
  depth: { guard: 'chainTooDeep', target: 'conversation.escalated' },
  rate: { guard: 'rateLimited', target: null },
  cooldown: { guard: 'onCooldown', target: null },
  health: { guard: 'targetUnhealthy', target: null },
};
const BLOCKING = new Set(Object.values(CHART_GUARD).map(({ guard }) => guard));

/** The MESSAGE_RECEIVED transitions of a state as (guard name, target id) pairs, in the order the chart tries them. */
function messageTransitions(state: string): { guard: string | null; target: string | null }[] {
  const node = createConversationMachine().root.states[state];
  if (node === undefined) throw new Error(`no state ${state}`);
  return (node.transitions.get('MESSAGE_RECEIVED') ?? []).map((transition) => {
    const { guard } = transition;
    const name = typeof guard === 'string' ? guard : typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string' ? guard.type : null;
    return { guard: name, target: transition.target?.[0]?.id ?? null };
  });
}

describe('the guard order in the chart', () => {
  it('lists the five handoff guards of DESIGN section 3 in GUARD_ORDER', () => {
    expect(GUARD_ORDER.map(([name]) => name)).toEqual(['confidence', 'depth', 'rate', 'cooldown', 'health']);
  });

  for (const bot of BOT_NAMES) {
    it(`asks the blocking guards of the ${bot} state in GUARD_ORDER, each leading where its failure should`, () => {
      const blocking = messageTransitions(bot).filter(({ guard }) => guard !== null && BLOCKING.has(guard));
      expect(blocking).toEqual(GUARD_ORDER.map(([name]) => CHART_GUARD[name]));
    });

    it(`tries every blocking guard of the ${bot} state before any handoff to another bot`, () => {
      const transitions = messageTransitions(bot);
      const lastBlocking = transitions.findLastIndex(({ guard }) => guard !== null && BLOCKING.has(guard));
      const firstHandoff = transitions.findIndex(({ target }) => target !== null && BOT_NAMES.some((other) => other !== bot && target === `conversation.${other}`));
      expect(lastBlocking).toBeGreaterThan(0);
      expect(firstHandoff).toBeGreaterThan(lastBlocking);
    });
  }
});
