import { sampleFromSchema } from './schema-sample.ts';

/** The fields of a chat completion request that the fake reads. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  max_tokens?: number;
  max_completion_tokens?: number;
}

/** A scripted answer: text, a value sent as JSON text, or a function of the request. */
export type ChatReply = string | object | ((request: ChatRequest) => string | object);

export interface Completion {
  id: string;
  created: number;
  model: string;
  content: string;
  finishReason: 'stop' | 'length';
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export function isChatRequest(body: unknown): body is ChatRequest {
  if (typeof body !== 'object' || body === null) return false;
  const { model, messages } = body as Partial<ChatRequest>;
  return typeof model === 'string' && Array.isArray(messages) && messages.length > 0;
}

/** Decides the content: the scripted reply if there is one, else one derived from the request. */
export function complete(
  request: ChatRequest,
  scripted: ChatReply | undefined,
  id: string,
): Completion {
  const answer = typeof scripted === 'function' ? scripted(request) : scripted;
  let content = answer === undefined ? defaultContent(request) : asText(answer);
  const promptTokens = estimateTokens(
    request.messages.map((m) => messageText(m.content)).join(' '),
  );
  const limit = request.max_completion_tokens ?? request.max_tokens;
  let finishReason: Completion['finishReason'] = 'stop';

  if (limit !== undefined && estimateTokens(content) > limit) {
    content = content.slice(0, limit * 4);
    finishReason = 'length';
  }
  const completionTokens = estimateTokens(content);
  return {
    id,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    content,
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** The non-streamed `chat.completion` object. */
export function completionBody(completion: Completion): object {
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    system_fingerprint: 'fp_fake',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: completion.content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: completion.usage,
  };
}

/** The `chat.completion.chunk` objects of a streamed answer, in order, before `[DONE]`. */
export function completionChunks(completion: Completion, includeUsage: boolean): object[] {
  const chunk = (delta: object, finishReason: string | null): object => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const pieces = completion.content.match(/\s*\S+/g) ?? [];

  const chunks = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...pieces.map((piece) => chunk({ content: piece }, null)),
    chunk({}, completion.finishReason),
  ];
  if (includeUsage) {
    chunks.push({
      id: completion.id,
      object: 'chat.completion.chunk',
      created: completion.created,
      model: completion.model,
      system_fingerprint: 'fp_fake',
      choices: [],
      usage: completion.usage,
    });
  }
  return chunks;
}

function defaultContent(request: ChatRequest): string {
  const topic = topicOf(request);
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    return JSON.stringify(sampleFromSchema(format.json_schema?.schema ?? {}, topic));
  }
  if (format?.type === 'json_object')
    return JSON.stringify({ answer: `A short note on ${topic}.` });
  return `Here is a short answer about ${topic}: it is worth a closer look.`;
}

/** The subject of the last user message: what follows its last "about", else the whole text. */
export function topicOf(request: ChatRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === 'user');
  const text = messageText(last?.content).trim();
  const about = /\babout:?\s+(.+)$/is.exec(text)?.[1] ?? text;
  const topic = about
    .split(/[.!?\n]/)[0]!
    .trim()
    .slice(0, 80);
  return topic || 'this topic';
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
    )
    .join(' ');
}

function asText(answer: string | object): string {
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

/** About four characters a token, which is close enough for cost meters under test. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
