// transition() with one reused inert actor scope: the same pure [next, actions] as xstate's transition(),
// without building a throwaway actor for every message (that alone cost more than the whole decision).
import { createActor, type AnyActorScope } from 'xstate';
import type { ConversationMachine } from '../../machines/conversation';
import type { ConversationEvent } from '../../machines/events';
import type { ConversationSnapshot } from './snapshot';

export interface ExecutableAction {
  type: string;
  params?: unknown;
}

export type Decide = (snapshot: ConversationSnapshot, event: ConversationEvent) => [ConversationSnapshot, ExecutableAction[]];

export function createDecide(machine: ConversationMachine): Decide {
  const self = createActor(machine, { input: { contactId: 'decider' } });
  let collected: ExecutableAction[] = [];
  // The shape xstate's own transition() builds (createInertActorScope): nothing is executed, actions are collected.
  const scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: ExecutableAction) => {
      collected.push(action);
    },
  } as unknown as AnyActorScope;
  return (snapshot, event) => {
    collected = [];
    const next = machine.transition(snapshot, event, scope);
    return [next, collected];
  };
}
