// Reading the steps of generated traces: which message a step took, what it decided, where it went.
import type { MessageReceivedEvent } from '../../machines/events';
import type { Decision } from '../../domain/types';
import { ownerOf, topOf } from './alphabet';
import type { Step } from './model';

export type MessageStep = Step & { event: MessageReceivedEvent; decision: Decision };

/** The steps that took a message and left a decision for that very message. */
export function messageSteps(steps: readonly Step[]): MessageStep[] {
  const result: MessageStep[] = [];
  for (const step of steps) {
    const decision = step.after.context.decision;
    if (step.event.type !== 'MESSAGE_RECEIVED' || decision === null || decision.messageId !== step.event.messageId) continue;
    result.push({ ...step, event: step.event, decision });
  }
  return result;
}

/** Steps that started in a bot state (where the handoff guards run). */
export function fromBot(steps: readonly MessageStep[]): MessageStep[] {
  return steps.filter((step) => ownerOf(step.before) !== null);
}

export function stayedPut(step: Step): boolean {
  return topOf(step.after) === topOf(step.before);
}

export function handoffCountDelta(step: Step): number {
  return step.after.context.handoffCount - step.before.context.handoffCount;
}

export function detail(decision: Decision, key: string): number | null {
  const value = decision.details[key];
  return typeof value === 'number' ? value : null;
}
