import OpenAI from 'openai';
import { defineNode, operationalError, transientError, userError } from '../../engine/index.ts';
import type { NodeContext, Ports } from '../../engine/index.ts';
import { idleTimeout } from '../shared/idle-timeout.ts';
import { fillPlaceholders, placeholderNames } from '../shared/placeholders.ts';
import { callChat } from './chat-call.ts';
import type { ChatAnswer, ChatRequest } from './chat-call.ts';
import { fromOpenAIError } from './openai-errors.ts';
import { priceFor, tokenCosts } from './prices.ts';
import { describeErrors, narrationOf, schemaValidator } from './script-schema.ts';
import { llmScriptSettings } from './settings.ts';
import type { LlmScriptSettings } from './settings.ts';

/** Writes a script with an OpenAI-compatible chat model, plain or as JSON matching a schema. */
export const llmScriptNode = defineNode({
  type: 'llm.script',
  version: 1,
  title: 'LLM script',
  category: 'ai',
  description:
    'Writes text with an OpenAI-compatible chat model (OpenAI, or a local server by its base URL). Every {{name}} in the prompts becomes an input. Structured mode returns JSON that matches a schema.',
  settings: llmScriptSettings,
  inputs: (settings) => promptInputs(settings),
  outputs: (settings) => scriptOutputs(settings),
  credentials: [
    { id: 'openai', title: 'OpenAI API key', env: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL' },
  ],
  run: async (inputs, settings, context) => {
    const credential = await context.credential('openai');
    const client = new OpenAI({
      apiKey: credential.secret,
      baseURL: settings.baseUrl ?? credential.baseUrl,
      maxRetries: 0,
    });
    const request = chatRequest(settings, inputs);
    const structured = settings.mode === 'structured';
    const onDelta = settings.stream
      ? (delta: string) => context.stream(structured ? 'script' : 'text', delta)
      : undefined;

    const idle = idleTimeout(context.signal, settings.timeoutSeconds * 1000);
    let answer: ChatAnswer;
    try {
      answer = await callChat(client, request, {
        signal: idle.signal,
        nodeId: context.nodeId,
        onDelta,
        onChunk: idle.touch,
      });
    } catch (error) {
      if (idle.fired) throw silentServer(context.nodeId, settings.timeoutSeconds, error);
      throw fromOpenAIError(error, { nodeId: context.nodeId, model: settings.model });
    } finally {
      idle.clear();
    }
    meterUsage(answer, settings, context);

    if (!structured) {
      if (answer.finishReason === 'length') {
        context.log.warn(
          'The answer stopped at the token limit; raise maxTokens for a longer one.',
          {
            maxTokens: settings.maxTokens,
          },
        );
      }
      return { text: answer.content.trim() };
    }
    const script = parseScript(answer, settings, context.nodeId);
    return { text: narrationOf(script), script };
  },
});

function silentServer(nodeId: string, seconds: number, cause: unknown) {
  return transientError(
    'LLM_TIMEOUT',
    `Node "${nodeId}" (LLM script): the model server sent nothing for ${seconds} seconds; the request was given up. A slow model may need a larger timeoutSeconds.`,
    { nodeId, field: 'timeoutSeconds' },
    cause,
  );
}

/** One text input per placeholder; one that reads a field (`{{message.text}}`) takes JSON. */
function promptInputs({ systemPrompt, userPrompt }: LlmScriptSettings): Ports {
  const ports: Ports = {};
  for (const name of placeholderNames(systemPrompt, userPrompt)) {
    const readsField = new RegExp(`\\{\\{\\s*${name}\\.`).test(systemPrompt + userPrompt);
    ports[name] = { type: readsField ? 'json' : 'text', title: name };
  }
  return ports;
}

function scriptOutputs({ mode, schema }: LlmScriptSettings): Ports {
  if (mode === 'text') return { text: { type: 'text', description: 'The answer.' } };
  return {
    text: { type: 'text', description: "The scenes' narration, one paragraph each." },
    script: { type: 'json', description: 'The answer as JSON matching the schema.', schema },
  };
}

function chatRequest(settings: LlmScriptSettings, inputs: Record<string, unknown>): ChatRequest {
  const system = fillPlaceholders(settings.systemPrompt, inputs).trim();
  const user = fillPlaceholders(settings.userPrompt, inputs).trim();
  const request: ChatRequest = {
    model: settings.model,
    messages: [
      ...(system ? [{ role: 'system' as const, content: system }] : []),
      { role: 'user', content: user },
    ],
  };
  if (settings.temperature !== undefined) request.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) request.max_completion_tokens = settings.maxTokens;
  if (settings.mode === 'structured') {
    request.response_format = {
      type: 'json_schema',
      json_schema: { name: 'script', schema: settings.schema, strict: settings.strictSchema },
    };
  }
  return request;
}

function meterUsage(answer: ChatAnswer, settings: LlmScriptSettings, context: NodeContext) {
  if (!answer.usage) {
    context.log.info('The model server reported no token usage; no cost was counted.');
    return;
  }
  const price = priceFor(settings.model, settings.prices);
  if (!price) {
    context.log.warn(
      `No price is known for the model "${settings.model}"; add it under prices to count its cost.`,
      { ...answer.usage },
    );
  }
  const entries = tokenCosts(settings.model, answer.usage, price ?? { input: 0, output: 0 });
  for (const entry of entries) context.cost.add(entry);
}

/** The structured answer as a value, or an error that says what is wrong with it. */
function parseScript(answer: ChatAnswer, settings: LlmScriptSettings, nodeId: string): unknown {
  const where = `Node "${nodeId}" (LLM script)`;
  if (answer.finishReason === 'length') {
    throw userError(
      'LLM_ANSWER_TOO_LONG',
      `${where}: the JSON answer stopped at the token limit (${settings.maxTokens ?? 'the model default'}) before it was complete; raise maxTokens or ask for a shorter script.`,
      { nodeId, field: 'maxTokens' },
    );
  }
  let script: unknown;
  try {
    script = JSON.parse(answer.content);
  } catch {
    throw operationalError(
      'LLM_INVALID_JSON',
      `${where}: the model did not answer with JSON although structured mode asked for it (it began "${answer.content.slice(0, 60)}").`,
      { nodeId, field: 'mode' },
    );
  }
  const validate = schemaValidator(settings.schema);
  if (!validate(script)) {
    throw operationalError(
      'LLM_SCHEMA_MISMATCH',
      `${where}: the model's JSON does not match the schema: ${describeErrors(validate.errors)}.`,
      { nodeId, field: 'schema' },
    );
  }
  return script;
}
