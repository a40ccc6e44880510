import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, testService } from './service-harness.ts';
import type { TestService } from './service-harness.ts';

let service: TestService;
let base: string;

beforeAll(async () => {
  service = await testService(await fixture('greeting'), { env: { BODY_LIMIT: '65536' } });
  base = await service.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await service.close();
});

/** A small deterministic generator (mulberry32), so that a failing body can be found again. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const NASTY_STRINGS = [
  '',
  '\u0000',
  '\ud800',
  '𝕏'.repeat(50),
  '<script>alert(1)</script>',
  "'; DROP TABLE runs; --",
  '{{name}}',
  '%s%s%n',
  '../../etc/passwd',
  'a'.repeat(20_000),
];

function value(rng: ReturnType<typeof random>, depth: number): unknown {
  const kind = rng.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.14]);
    case 3:
      return rng.pick(NASTY_STRINGS);
    case 4:
      return 'x'.repeat(rng.int(40));
    case 5:
      return rng.pick(['Ada', 'plain', 'loud']);
    case 6:
      return Array.from({ length: rng.int(5) }, () => value(rng, depth + 1));
    default: {
      const record: Record<string, unknown> = {};
      for (let index = rng.int(5); index > 0; index -= 1) {
        const key = rng.pick(['name', 'times', 'style', '__proto__', 'constructor', 'extra', '']);
        record[key] = value(rng, depth + 1);
      }
      return record;
    }
  }
}

/** A malformed request: a wrong shape, broken JSON, a wrong media type, or an oversize body. */
function malformed(rng: ReturnType<typeof random>): { body: string; type: string } {
  const shape = rng.int(10);
  if (shape === 0)
    return {
      body: JSON.stringify(value(rng, 0)).slice(0, -1 - rng.int(3)),
      type: 'application/json',
    };
  if (shape === 1) return { body: '['.repeat(5000), type: 'application/json' };
  if (shape === 2)
    return {
      body: 'name=Ada',
      type: rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml']),
    };
  if (shape === 3)
    return { body: JSON.stringify({ name: 'x'.repeat(70_000) }), type: 'application/json' };
  if (shape === 4)
    return { body: '{"__proto__": {"polluted": true}, "name": "a"}', type: 'application/json' };
  if (shape === 5)
    return {
      body: JSON.stringify({ name: 'Ada', [`f${rng.int(99)}`]: value(rng, 1) }),
      type: 'application/json',
    };
  if (shape === 6)
    return {
      body: JSON.stringify({ name: value(rng, 1), times: rng.pick(['1', null, [], {}]) }),
      type: 'application/json',
    };
  if (shape === 7)
    return {
      body: JSON.stringify({ style: rng.pick(['LOUD', 'quiet', 1, null]) }),
      type: 'application/json',
    };
  return { body: JSON.stringify(value(rng, 0)), type: 'application/json' };
}

it('answers 1,000 malformed bodies without a 5xx and keeps answering valid runs', async () => {
  const rng = random(20251203);
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];

  for (let index = 0; index < 1000; index += 1) {
    const { body, type } = malformed(rng);
    const path = rng.pick(['/run', '/runs']);
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500)
      serverErrors.push(`${response.status} ${path} ${body.slice(0, 200)}`);
    if (response.status >= 400) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(text).not.toMatch(/\n\s+at /);
    }
  }

  expect(serverErrors).toEqual([]);
  expect(statuses.get(400)).toBeGreaterThan(500);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  const valid = await fetch(`${base}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'still here' }),
  });
  expect(valid.status).toBe(200);
  expect(await valid.json()).toEqual({ greeting: 'Hello, still here! (plain x1)' });
}, 120_000);
