import { complete, completionBody, completionChunks, isChatRequest } from './chat-completion.ts';
import type { ChatReply, ChatRequest } from './chat-completion.ts';
import type { FakeResponse } from './fake-response.ts';
import { FakeServer } from './fake-server.ts';
import type { HandlerContext, RecordedRequest } from './fake-server.ts';

export type { ChatReply, ChatRequest } from './chat-completion.ts';

export interface OpenAIFakeOptions {
  /** The only key accepted as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Listed by GET /v1/models next to a few common ids. */
  models?: string[];
}

const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'];

/**
 * The OpenAI chat completions API on loopback. Point the SDK at it with
 * `new OpenAI({ apiKey: fake.apiKey, baseURL: `${fake.url}/v1` })`.
 */
export class OpenAIFake extends FakeServer {
  readonly apiKey: string;
  readonly models: string[];
  private scripted: { reply: ChatReply; remaining: number }[] = [];
  private completions = 0;

  constructor(options: OpenAIFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'sk-fake-openai-key';
    this.models = [...new Set([...(options.models ?? []), ...DEFAULT_MODELS])];
    this.route('POST', '/v1/chat/completions', (context) => this.chat(context));
    this.route('GET', '/v1/models', (context) => this.listModels(context));
    this.route('GET', '/v1/models/:model', (context) => this.oneModel(context));
  }

  /** The SDK's `baseURL` for this fake. */
  get baseURL(): string {
    return `${this.url}/v1`;
  }

  /**
   * Scripts the content of the next `times` completions (default 1), in the order given.
   * An object is sent as JSON text; a function gets the request body.
   */
  reply(reply: ChatReply, options: { times?: number } = {}): this {
    this.scripted.push({ reply, remaining: options.times ?? 1 });
    return this;
  }

  /** The bodies of the chat completion requests received so far. */
  get chatRequests(): ChatRequest[] {
    return this.requestsTo({ path: '/v1/chat/completions' })
      .map((request) => request.json)
      .filter(isChatRequest);
  }

  override clear(): void {
    super.clear();
    this.scripted = [];
  }

  protected errorBody(status: number, retryAfter?: number): unknown {
    return openAIError(status, retryAfter);
  }

  protected override notFound(request: RecordedRequest): FakeResponse {
    return {
      status: 404,
      json: errorEnvelope(`Unknown request URL: ${request.method} ${request.path}.`, 'unknown_url'),
    };
  }

  private chat({ request }: HandlerContext): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    if (!isChatRequest(request.json)) {
      return {
        status: 400,
        json: errorEnvelope(
          'A chat completion needs a model and a non-empty messages array.',
          null,
        ),
      };
    }

    this.completions += 1;
    const completion = complete(request.json, this.nextReply(), `chatcmpl-fake${this.completions}`);
    const headers = { 'x-request-id': `req_fake${this.completions}`, 'openai-processing-ms': '1' };
    if (request.json.stream !== true) {
      return { status: 200, headers, json: completionBody(completion) };
    }

    const includeUsage = request.json.stream_options?.include_usage === true;
    const events = completionChunks(completion, includeUsage).map(
      (chunk) => `data: ${JSON.stringify(chunk)}\n\n`,
    );
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8' },
      chunks: fromArray([...events, 'data: [DONE]\n\n']),
    };
  }

  private listModels({ request }: HandlerContext): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    return { status: 200, json: { object: 'list', data: this.models.map(modelObject) } };
  }

  private oneModel({ request, params }: HandlerContext): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    const id = params.model ?? '';
    if (this.models.includes(id)) return { status: 200, json: modelObject(id) };
    return {
      status: 404,
      json: errorEnvelope(`The model '${id}' does not exist`, 'model_not_found'),
    };
  }

  private checkKey(request: RecordedRequest): FakeResponse | undefined {
    const header = request.headers.authorization ?? '';
    if (header === `Bearer ${this.apiKey}`) return undefined;
    return { status: 401, json: openAIError(401) };
  }

  private nextReply(): ChatReply | undefined {
    const next = this.scripted[0];
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.scripted.shift();
    return next.reply;
  }
}

function openAIError(status: number, retryAfter?: number): object {
  if (status === 401) {
    return errorEnvelope('Incorrect API key provided.', 'invalid_api_key');
  }
  if (status === 429) {
    const wait = retryAfter === undefined ? '' : ` Please try again in ${retryAfter}s.`;
    return errorEnvelope(
      `Rate limit reached for requests.${wait}`,
      'rate_limit_exceeded',
      'requests',
    );
  }
  if (status >= 500) {
    return errorEnvelope(
      'The server had an error while processing your request.',
      null,
      'server_error',
    );
  }
  return errorEnvelope(`Request failed with status ${status}.`, null);
}

/** OpenAI wraps every error as `{ error: { message, type, param, code } }`. */
function errorEnvelope(
  message: string,
  code: string | null,
  type = 'invalid_request_error',
): object {
  return { error: { message, type, param: null, code } };
}

function modelObject(id: string): object {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'pipewright-fake' };
}

async function* fromArray<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}
