import { ElevenLabsError, ElevenLabsTimeoutError } from '@elevenlabs/elevenlabs-js';
import {
  isTransientStatus,
  operationalError,
  retryAfterMs,
  transientError,
  userError,
} from '../../engine/index.ts';

/**
 * Turns what the ElevenLabs SDK throws into errors that say who must act. Its retries are off, so
 * rate limits and server faults leave here as transient errors carrying the server's Retry-After.
 */
export function fromElevenLabsError(error: unknown, nodeId: string, voiceId: string): unknown {
  const where = `Node "${nodeId}" (ElevenLabs voice)`;
  if (error instanceof ElevenLabsTimeoutError) {
    return transientError(
      'TTS_TIMEOUT',
      `${where}: ElevenLabs did not answer in time.`,
      { nodeId },
      error,
    );
  }
  if (!(error instanceof ElevenLabsError)) return error;

  const status = error.statusCode;
  const reason = serviceMessage(error.body);
  const said = reason ? `: ${reason}` : '';
  const details = { nodeId, status };

  if (status === undefined) {
    return transientError(
      'TTS_UNREACHABLE',
      `${where} could not reach ElevenLabs: ${error.message}`,
      { nodeId },
      error,
    );
  }
  if (status === 401 || status === 403) {
    return userError(
      'CREDENTIAL_REJECTED',
      `${where}: ElevenLabs refused the API key (${status}${said}). Check the saved credential chosen for "elevenlabs" or the environment variable ELEVENLABS_API_KEY.`,
      { ...details, field: 'credentials.elevenlabs', variable: 'ELEVENLABS_API_KEY' },
    );
  }
  if (status === 404) {
    return userError(
      'TTS_VOICE_NOT_FOUND',
      `${where}: ElevenLabs has no voice "${voiceId}"${said}.`,
      {
        ...details,
        field: 'voiceId',
      },
    );
  }
  if (status === 422 || status === 400) {
    return userError(
      'TTS_REQUEST_REJECTED',
      `${where}: ElevenLabs rejected the request (${status})${said}.`,
      details,
    );
  }
  if (isTransientStatus(status)) {
    const code = status === 429 ? 'TTS_RATE_LIMITED' : 'TTS_SERVER_ERROR';
    const transient = transientError(
      code,
      `${where}: ElevenLabs answered ${status}${said}.`,
      details,
      error,
    );
    const wait = retryAfterMs({ headers: error.rawResponse?.headers });
    return wait === undefined ? transient : Object.assign(transient, { retryAfterMs: wait });
  }
  return operationalError(
    'TTS_FAILED',
    `${where}: ElevenLabs answered ${status}${said}.`,
    details,
    error,
  );
}

/**
 * ElevenLabs explains a failure as `{ detail: { message } }`, or, for a request that fails
 * validation, as FastAPI's `{ detail: [{ loc, msg }] }`.
 */
function serviceMessage(body: unknown): string | undefined {
  const detail = (body as { detail?: unknown } | null | undefined)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((entry: { loc?: unknown; msg?: unknown }) => {
        const at = Array.isArray(entry.loc)
          ? entry.loc.filter((part) => part !== 'body').join('.')
          : '';
        return at ? `${at}: ${String(entry.msg)}` : String(entry.msg);
      })
      .join('; ');
  }
  const message = (detail as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
