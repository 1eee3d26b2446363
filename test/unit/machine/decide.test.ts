// The engine's decide() (one reused inert scope) gives exactly what xstate's transition() gives, event after event.
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createConversationMachine } from '../../../machines/conversation';
import type { ConversationEvent } from '../../../machines/events';
import { createDecide } from '../../../services/engine/decide';
import { initialSnapshot } from '../../../services/engine/snapshot';
import { HEALTHY, HEALTHY_REPORT, intentFor, message, MINUTE, T0 } from '../../support/attempts';

const strip = (actions: Array<{ type: string; params?: unknown }>) => actions.map(({ type, params }) => ({ type, params }));

describe('decide()', () => {
  it('matches transition() on state, context and effect actions across handoffs, blocks, opt-out and takeover', () => {
    const machine = createConversationMachine();
    const decide = createDecide(machine);
    const sick = { ...HEALTHY_REPORT, seller: { ...HEALTHY, errorRate: 0.5 } };
    const events: ConversationEvent[] = [
      message(T0, intentFor(null, 0)),
      message(T0 + MINUTE, intentFor('buyer', 0.9)),
      { type: 'BOT_REPLIED', at: T0 + MINUTE, bot: 'buyer', text: 'What price range?', asks: ['budget'], scores: { temperature: 'warm', readiness: 10, motivation: 0 } },
      message(T0 + 2 * MINUTE, intentFor('seller', 0.95), { health: sick }),
      message(T0 + 3 * MINUTE, intentFor('seller', 0.95)),
      message(T0 + 4 * MINUTE, intentFor('buyer', 0.9)),
      message(T0 + 5 * MINUTE, intentFor(null, 0, ''), { intent: { ...intentFor(null, 0), command: 'opt_out' } }),
      message(T0 + 6 * MINUTE, intentFor('seller', 0.99)),
      message(T0 + 7 * MINUTE, intentFor(null, 0), { intent: { ...intentFor(null, 0), command: 'opt_in' } }),
      { type: 'HUMAN_TAKEOVER', at: T0 + 8 * MINUTE, by: 'agent' },
      { type: 'HUMAN_RELEASE', at: T0 + 9 * MINUTE, by: 'agent', bot: 'seller' },
    ];
    let viaXstate = initialSnapshot(machine, 'c-1');
    let viaDecide = viaXstate;
    for (const event of events) {
      const [a, aActions] = transition(machine, viaXstate, event);
      const [b, bActions] = decide(viaDecide, event);
      expect(b.value).toEqual(a.value);
      expect(b.context).toEqual(a.context);
      expect(strip(bActions)).toEqual(strip(aActions));
      viaXstate = a;
      viaDecide = b;
    }
    expect(viaDecide.value).toMatchObject({ seller: expect.any(String) });
  });
});
