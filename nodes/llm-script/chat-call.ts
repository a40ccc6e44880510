import type OpenAI from 'openai';
import { APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { transientError } from '../../engine/index.ts';
import type { TokenUsage } from './prices.ts';

export type ChatRequest = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options'>;

/** One finished answer, however it travelled. */
export interface ChatAnswer {
  content: string;
  /** `stop`, or `length` when the answer hit the token limit. */
  finishReason: string;
  /** Absent when the server reports none (some local servers). */
  usage?: TokenUsage;
}

export interface CallOptions {
  signal: AbortSignal;
  nodeId: string;
  /** Receives each piece of a streamed answer as it arrives; absent for a plain request. */
  onDelta?: (delta: string) => void;
  /** Told of every chunk of a streamed answer, text or not, so that an idle limit restarts. */
  onChunk?: () => void;
}

/** Sends a chat completion, streamed when asked, and resolves only to a whole answer. */
export async function callChat(
  client: OpenAI,
  request: ChatRequest,
  options: CallOptions,
): Promise<ChatAnswer> {
  if (!options.onDelta) {
    const completion = await client.chat.completions.create(
      { ...request, stream: false },
      { signal: options.signal },
    );
    const choice = completion.choices[0];
    return {
      content: choice?.message.content ?? '',
      finishReason: choice?.finish_reason ?? 'stop',
      usage: usageOf(completion.usage),
    };
  }
  return streamChat(client, request, options, options.onDelta);
}

/**
 * Reads a streamed answer to its end. The answer counts only once the server has said how it
 * finished: a connection that breaks or closes before that leaves a partial script, which must
 * fail the node rather than travel on as if it were whole.
 */
async function streamChat(
  client: OpenAI,
  request: ChatRequest,
  options: CallOptions,
  onDelta: (delta: string) => void,
): Promise<ChatAnswer> {
  const stream = await client.chat.completions.create(
    { ...request, stream: true, stream_options: { include_usage: true } },
    { signal: options.signal },
  );
  let content = '';
  let finishReason: string | undefined;
  let usage: TokenUsage | undefined;

  try {
    for await (const chunk of stream) {
      options.onChunk?.();
      usage = usageOf(chunk.usage) ?? usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta?.content;
      if (delta) {
        content += delta;
        onDelta(delta);
      }
      finishReason = choice.finish_reason ?? finishReason;
    }
  } catch (error) {
    if (options.signal.aborted || error instanceof APIUserAbortError) throw error;
    throw cutOff(options.nodeId, content.length, error);
  }
  if (!finishReason) throw cutOff(options.nodeId, content.length);
  return { content, finishReason, usage };
}

function cutOff(nodeId: string, received: number, cause?: unknown) {
  const why = cause instanceof Error ? ` (${cause.message})` : '';
  return transientError(
    'LLM_STREAM_CUT',
    `Node "${nodeId}" (LLM script): the answer stream was cut off after ${received} characters${why}; the partial script was not passed on.`,
    { nodeId, receivedCharacters: received },
    cause,
  );
}

function usageOf(
  usage: { prompt_tokens: number; completion_tokens: number } | null | undefined,
): TokenUsage | undefined {
  if (!usage) return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}
