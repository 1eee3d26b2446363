// The ConversationPolicy: DESIGN's defaults, a partial POLICY_FILE merged over them, and every bound a bad file can break.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_POLICY, policyFrom } from '../../../domain/policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The path zod names for the first problem of a refused policy. */
function refusal(partial: unknown): string {
  try {
    policyFrom(partial);
  } catch (error) {
    if (error instanceof z.ZodError) return error.issues.map((issue) => issue.path.join('.')).join(' ');
    throw error;
  }
  return 'accepted';
}

describe('ConversationPolicy defaults', () => {
  it('holds the numbers of DESIGN section 3 and the published system: thresholds, windows, rates, health, TTL, learning and retention', () => {
    expect(DEFAULT_POLICY).toEqual({
      thresholds: { 'lead>buyer': 0.7, 'lead>seller': 0.7, 'buyer>seller': 0.8, 'seller>buyer': 0.6 },
      learning: { minOutcomes: 10, successAbove: 0.8, lowerBy: 0.05, successBelow: 0.5, raiseBy: 0.1, floor: 0.5, ceiling: 0.95 },
      cooldownMs: 30 * MINUTE,
      settleMs: MINUTE,
      chainWindowMs: 30 * MINUTE,
      maxChainDepth: 3,
      maxPerHour: 3,
      maxPerDay: 10,
      health: { slaMs: { lead: 1_500, buyer: 1_800, seller: 1_800 }, p95Factor: 1.2, maxErrorRate: 0.1, minSamples: 20, windowMs: 5 * MINUTE },
      packageTtlMs: DAY,
      retention: { journalEntries: 500, transcriptEntries: 1_000, historyMaxAgeMs: 180 * DAY, processedIdsMs: 7 * DAY },
    });
  });

  it('is what an empty POLICY_FILE gives', () => {
    expect(policyFrom({})).toEqual(DEFAULT_POLICY);
  });
});

describe('a partial POLICY_FILE', () => {
  it('overrides only the numbers it names, at any depth, and keeps every other default', () => {
    const policy = policyFrom({ thresholds: { 'lead>buyer': 0.95 }, cooldownMs: 1_200_000, health: { slaMs: { buyer: 900 } }, learning: { floor: 0.4 } });
    expect(policy.thresholds).toEqual({ ...DEFAULT_POLICY.thresholds, 'lead>buyer': 0.95 });
    expect(policy.cooldownMs).toBe(1_200_000);
    expect(policy.health).toEqual({ ...DEFAULT_POLICY.health, slaMs: { ...DEFAULT_POLICY.health.slaMs, buyer: 900 } });
    expect(policy.learning).toEqual({ ...DEFAULT_POLICY.learning, floor: 0.4 });
    expect(policy.retention).toEqual(DEFAULT_POLICY.retention);
    expect(policy.maxChainDepth).toBe(DEFAULT_POLICY.maxChainDepth);
  });

  it('accepts each bound exactly: probabilities 0 and 1, durations and sample counts 0, depth and rates 1', () => {
    const edge = policyFrom({
      thresholds: { 'lead>buyer': 0, 'seller>buyer': 1 },
      learning: { minOutcomes: 1, floor: 0, ceiling: 1 },
      cooldownMs: 0,
      settleMs: 0,
      maxChainDepth: 1,
      maxPerHour: 1,
      maxPerDay: 1,
      health: { minSamples: 0, maxErrorRate: 1, windowMs: 0, slaMs: { lead: 0 } },
      retention: { journalEntries: 1, transcriptEntries: 1, processedIdsMs: 0 },
    });
    expect(edge.thresholds['lead>buyer']).toBe(0);
    expect(edge.thresholds['seller>buyer']).toBe(1);
    expect(edge.maxChainDepth).toBe(1);
    expect(edge.health.minSamples).toBe(0);
    expect(edge.retention.processedIdsMs).toBe(0);
  });

  it.each([
    ['a threshold above 1', { thresholds: { 'lead>buyer': 1.01 } }, 'thresholds.lead>buyer'],
    ['a threshold below 0', { thresholds: { 'buyer>seller': -0.01 } }, 'thresholds.buyer>seller'],
    ['a learning rate above 1', { learning: { lowerBy: 1.5 } }, 'learning.lowerBy'],
    ['zero outcomes to learn from', { learning: { minOutcomes: 0 } }, 'learning.minOutcomes'],
    ['a negative cooldown', { cooldownMs: -1 }, 'cooldownMs'],
    ['a fractional settle time', { settleMs: 1.5 }, 'settleMs'],
    ['a chain depth of 0', { maxChainDepth: 0 }, 'maxChainDepth'],
    ['a fractional hourly rate', { maxPerHour: 2.5 }, 'maxPerHour'],
    ['a daily rate of 0', { maxPerDay: 0 }, 'maxPerDay'],
    ['a P95 factor of 0', { health: { p95Factor: 0 } }, 'health.p95Factor'],
    ['an error rate above 1', { health: { maxErrorRate: 1.1 } }, 'health.maxErrorRate'],
    ['negative samples', { health: { minSamples: -1 } }, 'health.minSamples'],
    ['a fractional SLA', { health: { slaMs: { seller: 0.5 } } }, 'health.slaMs.seller'],
    ['a negative package TTL', { packageTtlMs: -1 }, 'packageTtlMs'],
    ['an empty journal', { retention: { journalEntries: 0 } }, 'retention.journalEntries'],
    ['a string for a number', { cooldownMs: '30m' }, 'cooldownMs'],
  ])('refuses %s and names the path', (_name, partial, path) => {
    expect(refusal(partial)).toBe(path);
  });

  it.each([
    ['at the top', { cooldownMS: 1 }],
    ['in thresholds (an unknown route)', { thresholds: { 'lead>lead': 0.5 } }],
    ['in learning', { learning: { flor: 0.4 } }],
    ['in health', { health: { p95factor: 2 } }],
    ['in the SLAs (a misspelt bot)', { health: { slaMs: { leed: 1_000 } } }],
    ['in retention', { retention: { journal: 5 } }],
  ])('refuses an unknown key %s (a typo must not be silently ignored)', (_where, partial) => {
    expect(refusal(partial)).not.toBe('accepted');
  });
});
