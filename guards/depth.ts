// Guard 2: the chain this handoff would extend has fewer than maxChainDepth handoffs; otherwise a human takes over.
import { currentChainLength } from './chain';
import type { HandoffGuard } from './types';

export const depthGuard: HandoffGuard = (attempt, policy) => {
  const chainLength = currentChainLength(attempt.handoffs, attempt.at, policy.chainWindowMs, attempt.chainResetAt);
  return {
    pass: chainLength < policy.maxChainDepth,
    reason: 'depth_limit',
    details: { chainLength, maxChainDepth: policy.maxChainDepth, chainWindowMs: policy.chainWindowMs },
  };
};
