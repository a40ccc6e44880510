// The Bot API's answer envelopes, and the loose typing of its parameters on the way in.
import type { FakeResponse } from './fake-response.ts';
import type { RecordedRequest } from './fake-server.ts';

export function ok(result: unknown, description?: string): FakeResponse {
  return { status: 200, json: { ok: true, result, ...(description ? { description } : {}) } };
}

export function apiError(code: number, description: string): FakeResponse {
  return { status: code, json: { ok: false, error_code: code, description } };
}

/** Bot API parameters may come as a query string, a urlencoded or multipart form, or JSON. */
export function paramsOf(request: RecordedRequest): Record<string, unknown> {
  const json = typeof request.json === 'object' && request.json !== null ? request.json : {};
  return { ...request.query, ...request.fields, ...json };
}

export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function toInt(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : Number(toText(value) ?? Number.NaN);
  return Number.isFinite(number) ? Math.trunc(number) : undefined;
}

export function toChatId(value: unknown): number | string | undefined {
  const text = toText(value);
  if (text === undefined || text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function describeStatus(status: number): string {
  if (status === 400) return 'Bad Request';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden: bot was blocked by the user';
  if (status === 404) return 'Not Found';
  if (status >= 500) return 'Internal Server Error';
  return `Error ${status}`;
}
