// The statechart's handoff transitions: thresholds per route, depth, rate, cooldown and health, end to end through transition().
import { describe, expect, it } from 'vitest';
import { HEALTHY, HEALTHY_REPORT, HOUR, intentFor, message, MINUTE, T0 } from '../../support/attempts';
import { drive, startIn } from '../../support/drive';

describe('route thresholds', () => {
  it('keeps a lead at 0.69 buyer confidence and hands off at 0.70', () => {
    const d = drive().say(0, 'buyer', 0.69);
    expect(d.top()).toBe('lead');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'stay', reason: 'below_threshold', decidedBy: 'confidence' });
    d.say(MINUTE, 'buyer', 0.7);
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'handoff', from: 'lead', to: 'buyer' });
  });

  it('needs 0.8 to hand a buyer to the seller bot', () => {
    const d = startIn('buyer').say(40 * MINUTE, 'seller', 0.79);
    expect(d.top()).toBe('buyer');
    expect(d.snapshot.context.decision?.details['threshold']).toBe(0.8);
    d.say(41 * MINUTE, 'seller', 0.8);
    expect(d.top()).toBe('seller');
  });

  it('hands a seller to the buyer bot at 0.6 and not at 0.59', () => {
    const d = startIn('seller').say(40 * MINUTE, 'buyer', 0.59);
    expect(d.top()).toBe('seller');
    d.say(41 * MINUTE, 'buyer', 0.6);
    expect(d.top()).toBe('buyer');
  });

  it('stays with the owning bot when the intent is its own (same_bot) and never hands back to lead', () => {
    const d = startIn('buyer').say(MINUTE, 'buyer', 0.99);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'stay', reason: 'same_bot' });
    d.say(2 * MINUTE, null, 0);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'stay', reason: 'no_intent' });
    expect(d.top()).toBe('buyer');
  });
});

describe('depth', () => {
  it('escalates the handoff that would be the 4th in a chain, each within 30 min of the one before', () => {
    const d = drive().say(0, 'buyer', 0.95).say(29 * MINUTE, 'seller', 0.95).say(58 * MINUTE, 'buyer', 0.95);
    expect(d.snapshot.context.handoffs).toHaveLength(3);
    d.say(87 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('escalated');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'escalate', reason: 'depth_limit', decidedBy: 'depth' });
  });

  it('lets the 4th handoff through after a 30-minute gap', () => {
    const d = drive().say(0, 'buyer', 0.95).say(29 * MINUTE, 'seller', 0.95).say(58 * MINUTE, 'buyer', 0.95);
    d.say(88 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('seller');
    expect(d.snapshot.context.handoffCount).toBe(4);
  });
});

describe('rate', () => {
  it('passes the 3rd handoff within an hour and blocks the 4th (rate_hour) even when the chain is broken', () => {
    // Two chains inside one hour: 0, 1 min | 32 min (gap ≥ 30 min) → 3rd passes; 4th at 59 min is the 4th in the hour.
    const d = drive().say(0, 'buyer', 0.95).say(MINUTE, 'seller', 0.95).say(32 * MINUTE, 'buyer', 0.95);
    expect(d.snapshot.context.handoffCount).toBe(3);
    d.say(59 * MINUTE + 30_000, 'seller', 0.95);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'stay', reason: 'rate_hour' });
    expect(d.top()).toBe('buyer');
  });

  it('blocks the 11th handoff within 24 h (rate_day)', () => {
    const d = startIn('buyer');
    let at = 0;
    for (let i = 0; i < 9; i += 1) {
      at += 2 * HOUR;
      d.say(at, d.top() === 'buyer' ? 'seller' : 'buyer', 0.95);
    }
    expect(d.snapshot.context.handoffCount).toBe(10);
    d.say(at + 2 * HOUR, d.top() === 'buyer' ? 'seller' : 'buyer', 0.95);
    expect(d.snapshot.context.decision).toMatchObject({ reason: 'rate_day' });
    expect(d.snapshot.context.handoffCount).toBe(10);
  });
});

describe('cooldown', () => {
  it('blocks the same pair at 29:59 and passes it at 30:00, while the reverse pair is free', () => {
    const d = startIn('buyer').say(40 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('seller');
    d.say(41 * MINUTE, 'buyer', 0.95); // the reverse pair: not blocked by buyer>seller's cooldown
    expect(d.top()).toBe('buyer');
    d.say(70 * MINUTE - 1000, 'seller', 0.95);
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'stay', reason: 'cooldown', decidedBy: 'cooldown' });
    expect(d.top()).toBe('buyer');
    d.say(70 * MINUTE, 'seller', 0.95);
    expect(d.top()).toBe('seller');
  });
});

describe('health', () => {
  it('defers while the target is unhealthy and hands off on the next message once it is healthy', () => {
    const sick = { ...HEALTHY_REPORT, buyer: { ...HEALTHY, p95Ms: 1.3 * HEALTHY.slaMs } };
    const d = drive().send(message(T0, intentFor('buyer', 0.9), { health: sick }));
    expect(d.top()).toBe('lead');
    expect(d.snapshot.context.decision).toMatchObject({ kind: 'defer', reason: 'target_unhealthy', decidedBy: 'health' });
    d.send(message(T0 + MINUTE, intentFor('buyer', 0.9)));
    expect(d.top()).toBe('buyer');
  });
});
