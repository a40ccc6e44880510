import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultQueue } from './fault-queue.ts';
import type {
  BodyFault,
  CutOffOptions,
  FailOptions,
  Fault,
  FaultFilter,
  SlowOptions,
  StallOptions,
} from './fault-queue.ts';
import { writeResponse } from './fake-response.ts';
import type { FakeResponse } from './fake-response.ts';
import { parseBody } from './request-body.ts';
import type { ParsedBody } from './request-body.ts';

/** Everything a fake saw of one request, kept in arrival order in `requests`. */
export interface RecordedRequest extends ParsedBody {
  method: string;
  /** The path without the query string, percent-decoded. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  receivedAt: number;
  /** The fault this request consumed, if any. */
  fault?: Fault['kind'];
}

export interface HandlerContext {
  request: RecordedRequest;
  /** Named groups of a RegExp route, or `:name` segments of a string route. */
  params: Record<string, string>;
  /** Aborts when the client goes away or the fake stops; long-held requests listen to it. */
  signal: AbortSignal;
}

export type RouteHandler = (context: HandlerContext) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

/**
 * A loopback HTTP server that plays one remote API for tests: it records every request, answers
 * from its routes, and injects the faults a test queued with `fail`, `slow` and `cutOff`.
 */
export abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults = new FaultQueue();
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private stopping = new AbortController();

  /** The service's own error body for a status, used by `fail` when no body is given. */
  protected abstract errorBody(status: number, retryAfter?: number): unknown;

  get url(): string {
    if (this.baseUrl === undefined) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrl;
  }

  /** Listens on 127.0.0.1 (port 0 picks a free one) and resolves to the base URL. */
  async start(port = 0): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    this.stopping = new AbortController();
    // A client that vanishes mid-upload leaves nothing to answer; its socket is simply dropped.
    const server = createServer(
      (req, res) => void this.handle(req, res).catch(() => res.destroy()),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping.abort();
    this.server = undefined;
    this.baseUrl = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets recorded requests and queued faults; fakes also reset their scripted state. */
  clear(): void {
    this.requests.length = 0;
    this.faults.clear();
  }

  /** The next `times` matching requests get `status` with the service's error body. */
  fail(options: FailOptions): this {
    const { status, retryAfter, body, times } = options;
    this.faults.add({ kind: 'fail', status, retryAfter, body }, options, times);
    return this;
  }

  /** The next `times` matching requests wait `ms` before they are answered. */
  slow(ms: number, options: SlowOptions = {}): this {
    this.faults.add({ kind: 'slow', ms }, options, options.times);
    return this;
  }

  /** The next `times` matching answers lose their connection part-way. */
  cutOff(options: CutOffOptions = {}): this {
    this.faults.add({ kind: 'cutOff', afterBytes: options.afterBytes }, options, options.times);
    return this;
  }

  /**
   * The next `times` matching answers send `afterBytes` of their body, then hold the rest until
   * `resume()` is called or the client goes away, so that a test can see what a client does with
   * the part of a stream it already has.
   */
  stall(options: StallOptions): { resume(): void } {
    let resume = (): void => {};
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    this.faults.add(
      { kind: 'stall', afterBytes: options.afterBytes, resumed },
      options,
      options.times,
    );
    return { resume };
  }

  get pendingFaults(): number {
    return this.faults.pending;
  }

  requestsTo(filter: FaultFilter): RecordedRequest[] {
    return this.requests.filter((request) => {
      if (filter.method && filter.method.toUpperCase() !== request.method) return false;
      if (filter.path === undefined) return true;
      if (typeof filter.path === 'string') {
        return request.path === filter.path || request.path.endsWith(filter.path);
      }
      return filter.path.test(request.path);
    });
  }

  /** Resolves once `count` matching requests have arrived; rejects after `timeoutMs`. */
  async waitForRequests(
    filter: FaultFilter,
    count = 1,
    timeoutMs = 5_000,
  ): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.requestsTo(filter);
      if (found.length >= count) return found;
      await sleep(10);
    }
    throw new Error(`expected ${count} request(s) to ${String(filter.path ?? 'any path')}`);
  }

  /**
   * Adds a route. A string pattern's `:name` segments become params; a RegExp's named groups do.
   * Routes are tried in the order they were added.
   */
  protected route(method: string, pattern: string | RegExp, handler: RouteHandler): void {
    const regexp = typeof pattern === 'string' ? compilePattern(pattern) : pattern;
    this.routes.push({ method: method.toUpperCase(), pattern: regexp, handler });
  }

  /** The answer for a request no route matched. */
  protected notFound(request: RecordedRequest): FakeResponse {
    return { status: 404, json: this.errorBody(404) ?? { error: `no route for ${request.path}` } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    this.requests.push(request);
    const signal = this.signalFor(res);

    const fault = this.faults.take(request.method, request.path);
    if (fault) request.fault = fault.kind;
    if (fault?.kind === 'cutOff' && fault.afterBytes === 0) {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.ms, undefined, { signal }).catch(() => {});
    if (signal.aborted) return;

    const bodyFault: BodyFault | undefined =
      fault?.kind === 'cutOff' || fault?.kind === 'stall' ? fault : undefined;
    const response =
      fault?.kind === 'fail' ? this.failure(fault) : await this.answer(request, signal);
    if (signal.aborted && res.destroyed) return;
    await writeResponse(res, response, bodyFault).catch(() => res.destroy());
  }

  private failure(fault: Extract<Fault, { kind: 'fail' }>): FakeResponse {
    const headers: Record<string, string> =
      fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
    return {
      status: fault.status,
      headers,
      json: fault.body ?? this.errorBody(fault.status, fault.retryAfter),
    };
  }

  private async answer(request: RecordedRequest, signal: AbortSignal): Promise<FakeResponse> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      const params = { ...match.groups };
      try {
        return await route.handler({ request, params, signal });
      } catch (error) {
        // A handler bug must reach the test as a 500 carrying its message, not as a hung socket.
        const message = error instanceof Error ? error.message : String(error);
        return { status: 500, json: { fakeError: message, ...asObject(this.errorBody(500)) } };
      }
    }
    return this.notFound(request);
  }

  private signalFor(res: ServerResponse): AbortSignal {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    return AbortSignal.any([controller.signal, this.stopping.signal]);
  }
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: safeDecode(url.pathname),
    query: Object.fromEntries(url.searchParams),
    headers,
    receivedAt: Date.now(),
    ...parseBody(Buffer.concat(chunks), req.headers['content-type']),
  };
}

function compilePattern(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) =>
      segment.startsWith(':')
        ? `(?<${segment.slice(1)}>[^/]+)`
        : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}
