import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isTransient,
  retryAfterMs,
  toErrorInfo,
  transientError,
  userError,
} from '../../engine/index.ts';

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

describe('which faults are retried', () => {
  it.each([
    ['an SDK error with status 429', Object.assign(new Error('slow down'), { status: 429 }), true],
    ['an SDK error with status 503', Object.assign(new Error('down'), { status: 503 }), true],
    ['an SDK error with status 400', Object.assign(new Error('bad'), { status: 400 }), false],
    ['a connection reset', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [
      'fetch failing on a reset socket',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
      }),
      true,
    ],
    ['a time-out', new DOMException('The operation timed out.', 'TimeoutError'), true],
    ['a transient error of ours', transientError('RATE_LIMITED', 'Too many requests.'), true],
    ['a user error', userError('BAD_INPUT', 'The prompt is empty.'), false],
    ['a plain bug', new TypeError('cannot read x of undefined'), false],
  ])('%s', (_name, error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });

  it('describes an unknown failure without its stack, as unexpected', () => {
    const info = toErrorInfo(new TypeError('cannot read x of undefined'), { nodeId: 'n' });
    expect(info).toEqual({
      code: 'NODE_FAILED',
      message: 'cannot read x of undefined',
      fault: 'unexpected',
      transient: false,
      details: { nodeId: 'n' },
    });
  });
});
