// Drives the conversation machine with pure transition() calls, as the engine does, for the unit tests.
import { transition } from 'xstate';
import { createConversationMachine, type ConversationMachine } from '../../machines/conversation';
import type { ConversationEvent } from '../../machines/events';
import type { BotName, HandoffTarget, Intent } from '../../domain/types';
import { initialSnapshot, stateName, type ConversationSnapshot } from '../../services/engine/snapshot';
import { intentFor, message, T0 } from './attempts';

export interface Driver {
  machine: ConversationMachine;
  snapshot: ConversationSnapshot;
  actions: Array<{ type: string; params?: unknown }>;
  send(event: ConversationEvent): Driver;
  /** A message with this intent at `at` (ms after T0). */
  say(atOffset: number, target: HandoffTarget | null, confidence: number, extra?: Partial<Intent>): Driver;
  state(): string;
  top(): string;
}

export function drive(machine: ConversationMachine = createConversationMachine(), snapshot?: ConversationSnapshot): Driver {
  const driver: Driver = {
    machine,
    snapshot: snapshot ?? initialSnapshot(machine, 'contact-1'),
    actions: [],
    send(event) {
      const [next, actions] = transition(machine, driver.snapshot, event);
      driver.snapshot = next;
      driver.actions = actions;
      return driver;
    },
    say(atOffset, target, confidence, extra = {}) {
      return driver.send(message(T0 + atOffset, { ...intentFor(target, confidence), ...extra }));
    },
    state: () => stateName(driver.snapshot),
    top: () => stateName(driver.snapshot).split('.')[0] ?? '',
  };
  return driver;
}

/** Puts the driver in `bot` by a first handoff at T0 (lead → buyer/seller), or leaves it in lead. */
export function startIn(bot: BotName): Driver {
  const d = drive();
  if (bot !== 'lead') d.say(0, bot, 0.95);
  return d;
}
