import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from '../../engine/index.ts';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry backoff', () => {
  it('doubles its ceiling with each failed attempt, up to the policy maximum', () => {
    const highest = [1, 2, 3, 4, 5].map((attempt) =>
      backoffDelay(policy, attempt, undefined, () => 1),
    );
    expect(highest).toEqual([100, 200, 400, 800, 1000]);
  });

  it('spreads waits between half the ceiling and the ceiling, so clients do not return in step', () => {
    expect(backoffDelay(policy, 3, undefined, () => 0)).toBe(200);
    expect(backoffDelay(policy, 3, undefined, () => 0.5)).toBe(300);

    const waits = Array.from({ length: 200 }, () => backoffDelay(policy, 3));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...waits)).toBeLessThanOrEqual(400);
    expect(new Set(waits.map((wait) => Math.round(wait / 20))).size).toBeGreaterThan(5);
  });

  it("waits at least as long as the server's Retry-After, within the policy maximum", () => {
    expect(backoffDelay(policy, 1, 700, () => 0)).toBe(700);
    expect(backoffDelay(policy, 1, 5000, () => 0)).toBe(1000);
    expect(backoffDelay(policy, 3, 10, () => 1)).toBe(400);
  });

  it('reads Retry-After as seconds or as a date, from plain or Fetch headers', () => {
    expect(retryAfterMs({ headers: { 'retry-after': '2' } })).toBe(2000);
    expect(retryAfterMs({ headers: new Headers({ 'retry-after': '1.5' }) })).toBe(1500);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterMs({ headers: { 'retry-after': inTenSeconds } })).toBeGreaterThan(8000);
    expect(retryAfterMs({ headers: { 'retry-after': 'soon' } })).toBeUndefined();
    expect(retryAfterMs(new Error('no headers'))).toBeUndefined();
  });
});
