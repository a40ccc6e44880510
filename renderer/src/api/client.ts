import type {
  ApiErrorBody,
  ApiRoute,
  ApiRoutes,
  ArtifactRef,
  Problem,
} from '../../../main/api/types.ts';
import type { Connection } from './connection.ts';

/** A failed API call, carrying the server's error and, for a rejected workflow, its problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly route: string,
  ) {
    super(body.error.message);
    this.name = 'ApiError';
  }

  get problems(): Problem[] {
    return this.body.problems ?? [];
  }
}

type Params = Record<string, string | number>;
type Body<R extends ApiRoute> = ApiRoutes[R]['body'];
type Response<R extends ApiRoute> = ApiRoutes[R]['response'];

/** The studio API, typed by its route table: `api.call('GET /api/workflows/:id', { id })`. */
export class ApiClient {
  constructor(readonly connection: Connection) {}

  async call<R extends ApiRoute>(
    route: R,
    params: Params = {},
    body?: Body<R>,
    query: Params = {},
  ): Promise<Response<R>> {
    const [method, pattern] = route.split(' ') as [string, string];
    const url = this.url(fillPath(pattern, params), query);
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}` };
    let payload: BodyInit | undefined;
    if (body instanceof Uint8Array) payload = body as Uint8Array<ArrayBuffer>;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }

    const response = await fetch(url, { method, headers, body: payload });
    if (!response.ok) throw new ApiError(response.status, await errorBody(response), route);
    if (response.status === 204) return undefined as Response<R>;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as Response<R>;
  }

  url(path: string, query: Params = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) search.set(key, String(value));
    const text = search.toString();
    return `${this.connection.apiBase}${path}${text ? `?${text}` : ''}`;
  }

  /** A URL that carries the token itself, for media elements and EventSource (no headers). */
  tokenUrl(path: string, query: Params = {}): string {
    return this.url(path, { ...query, token: this.connection.token });
  }

  artifactUrl(ref: Pick<ArtifactRef, 'sha256' | 'name'>, download = false): string {
    const query: Params = {};
    if (download) query.download = 1;
    if (download && ref.name) query.name = ref.name;
    return this.tokenUrl(`/api/artifacts/${ref.sha256}`, query);
  }

  async upload(file: Blob, name: string): Promise<ArtifactRef> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const response = await fetch(this.url('/api/artifacts'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.connection.token}`,
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
      },
      body: bytes,
    });
    if (!response.ok)
      throw new ApiError(response.status, await errorBody(response), 'POST /api/artifacts');
    return (await response.json()) as ArtifactRef;
  }
}

function fillPath(pattern: string, params: Params): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The route ${pattern} needs the parameter "${name}".`);
    return encodeURIComponent(String(value));
  });
}

async function errorBody(response: globalThis.Response): Promise<ApiErrorBody> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    if (parsed.error?.message) return parsed as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's page, a crash): the status line below says what little we know.
  }
  return {
    error: {
      code: `HTTP_${response.status}`,
      message: `The studio answered ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`,
      fault: response.status >= 500 ? 'unexpected' : 'user',
      transient: response.status >= 500,
      details: { status: response.status },
    },
  };
}
