import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A fresh secret for one launch; the page proves with it that it was handed the address. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The policy for the studio page, in the browser and in the Electron window alike. Scripts only
 * from the app's own origin; inline styles are allowed because the canvas positions nodes with
 * style attributes; media may be blob URLs of local previews; nothing may frame the page.
 */
export function contentSecurityPolicy(origin = "'self'"): string {
  const self = origin === "'self'" ? origin : `'self' ${origin}`;
  return [
    "default-src 'none'",
    `script-src ${self}`,
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `media-src ${self} blob:`,
    `connect-src ${self}`,
    `font-src ${self} data:`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Artifacts are bytes from the outside world: never let one run as a page of ours. */
export const ARTIFACT_POLICY = "default-src 'none'; media-src 'self'; img-src 'self'; sandbox";

/** Headers every answer carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export interface AccessRules {
  token: string;
  /** Filled in once the server listens: the port is random until then. */
  port: () => number;
}

/**
 * Whether a request may reach the API. The Host check defeats DNS rebinding (a hostile page
 * whose name resolves to 127.0.0.1 sends its own name as Host); the Origin and Fetch-Site checks
 * refuse calls that another site's page makes; the token proves the caller was told the address.
 */
export function checkAccess(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  rules: AccessRules,
  needsToken: boolean,
): AccessVerdict {
  const hosts = allowedHosts(rules.port());
  if (!headers.host || !hosts.has(headers.host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'The Host header does not name this studio.' };
  }

  const origin = headers.origin;
  if (origin && !hosts.has(hostOfOrigin(origin))) {
    return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  }
  if (headers['sec-fetch-site'] === 'cross-site') {
    return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  }
  if (!needsToken) return { ok: true };

  const given = bearerToken(headers.authorization) ?? query.get('token') ?? undefined;
  if (!given) return { ok: false, status: 401, reason: 'The studio token is missing.' };
  if (!sameSecret(given, rules.token)) {
    return { ok: false, status: 401, reason: 'The studio token is wrong.' };
  }
  return { ok: true };
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function hostOfOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A URL with the token query parameter removed, for log lines. */
export function withoutToken(url: string): string {
  const [path, query] = url.split('?', 2);
  if (!query) return url;
  const params = new URLSearchParams(query);
  params.delete('token');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path!;
}

/** The request's path and query without the token, for error details and logs. */
export function pathOf(request: { url: string }): string {
  return withoutToken(request.url);
}
