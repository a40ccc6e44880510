import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import {
  isTransientStatus,
  operationalError,
  retryAfterMs,
  transientError,
  userError,
} from '../../engine/index.ts';
import type { PipewrightError } from '../../engine/index.ts';

/** What an error message needs to say which node failed and where the key came from. */
export interface CallSite {
  nodeId: string;
  model: string;
}

/**
 * Turns what the OpenAI SDK throws into errors that say who must act. The SDK's own retries are
 * off, so rate limits and server faults come here and leave as transient errors that keep the
 * server's Retry-After for the engine's backoff. Anything else (an abort, a bug) passes through.
 */
export function fromOpenAIError(error: unknown, site: CallSite): unknown {
  if (error instanceof APIUserAbortError || !(error instanceof APIError)) return error;
  const where = `Node "${site.nodeId}" (LLM script)`;
  const details = { nodeId: site.nodeId, status: error.status };
  const reason = serverMessage(error);

  if (error instanceof APIConnectionError) {
    return transientError(
      'LLM_UNREACHABLE',
      `${where} could not reach the model server: ${error.message}`,
      { nodeId: site.nodeId },
      error,
    );
  }
  if (error.status === 401 || error.status === 403) {
    return userError(
      'CREDENTIAL_REJECTED',
      `${where}: the model server refused the API key (${error.status}${reason ? `: ${reason}` : ''}). Check the saved credential chosen for "openai" or the environment variable OPENAI_API_KEY.`,
      { ...details, field: 'credentials.openai', variable: 'OPENAI_API_KEY' },
    );
  }
  if (error.status === 404) {
    return userError(
      'LLM_MODEL_NOT_FOUND',
      `${where}: the model server has no model "${site.model}" or no chat completions route${reason ? ` (${reason})` : ''}.`,
      { ...details, field: 'model' },
    );
  }
  if (error.status !== undefined && isTransientStatus(error.status)) {
    return withRetryAfter(
      transientError(
        error.status === 429 ? 'LLM_RATE_LIMITED' : 'LLM_SERVER_ERROR',
        `${where}: the model server answered ${error.status}${reason ? `: ${reason}` : ''}.`,
        details,
        error,
      ),
      waitFor(error),
    );
  }
  if (error.status !== undefined && error.status >= 400 && error.status < 500) {
    return userError(
      'LLM_REQUEST_REJECTED',
      `${where}: the model server rejected the request (${error.status}${reason ? `: ${reason}` : ''}).`,
      error.param ? { ...details, field: error.param } : details,
    );
  }
  return operationalError('LLM_FAILED', `${where}: ${error.message}`, details, error);
}

function serverMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : undefined;
}

/** OpenAI sends `retry-after-ms` beside the standard header; the finer one wins. */
function waitFor(error: APIError): number | undefined {
  const precise = Number(error.headers?.get('retry-after-ms'));
  if (Number.isFinite(precise) && precise > 0) return precise;
  return retryAfterMs(error);
}

/** The engine reads `retryAfterMs` off a thrown error to wait as long as the server asked. */
function withRetryAfter(error: PipewrightError, ms: number | undefined): PipewrightError {
  return ms === undefined ? error : Object.assign(error, { retryAfterMs: ms });
}
