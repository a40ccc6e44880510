import { Api, NetworkError, TelegramApiError, TimeoutError } from 'node-telegram-bot-api';
import type { NodeContext } from '../../engine/index.ts';
import { httpFetch } from './http-fetch.ts';
import {
  isTransientStatus,
  operationalError,
  transientError,
  userError,
} from '../../engine/index.ts';

export const TELEGRAM_CREDENTIAL = {
  id: 'telegram',
  title: 'Telegram bot token',
  env: 'TELEGRAM_BOT_TOKEN',
  baseUrlEnv: 'TELEGRAM_API_ROOT',
};

/**
 * A Bot API client for one node run. Its own retries are off: the engine retries transient
 * faults with the node's policy, and a cancelled run must not sit in the SDK's backoff. It sends
 * through node:http so that uploads stream with backpressure (see http-fetch.ts).
 */
export async function telegramApi(context: NodeContext): Promise<Api> {
  const credential = await context.credential(TELEGRAM_CREDENTIAL.id);
  return new Api(credential.secret, {
    apiRoot: credential.baseUrl,
    maxRetries: 0,
    fetch: httpFetch,
  });
}

/** Turns what the Telegram SDK throws into errors that say who must act. */
export function fromTelegramError(error: unknown, nodeId: string, title: string): unknown {
  const where = `Node "${nodeId}" (${title})`;
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return transientError(
      'TELEGRAM_UNREACHABLE',
      `${where} could not reach Telegram: ${error.message}`,
      { nodeId },
      error,
    );
  }
  if (!(error instanceof TelegramApiError)) return error;

  const status = error.errorCode;
  const details = { nodeId, status };
  // Telegram answers a token it cannot parse with 404, one it does not know with 401.
  if (status === 401 || status === 404) {
    return userError(
      'CREDENTIAL_REJECTED',
      `${where}: Telegram refused the bot token (${status}: ${error.description}). Check the saved credential chosen for "telegram" or the environment variable TELEGRAM_BOT_TOKEN.`,
      { ...details, field: 'credentials.telegram', variable: 'TELEGRAM_BOT_TOKEN' },
    );
  }
  if (isTransientStatus(status)) {
    const transient = transientError(
      status === 429 ? 'TELEGRAM_RATE_LIMITED' : 'TELEGRAM_SERVER_ERROR',
      `${where}: Telegram answered ${status}: ${error.description}.`,
      details,
      error,
    );
    const wait = error.retryAfter;
    return wait === undefined ? transient : Object.assign(transient, { retryAfterMs: wait * 1000 });
  }
  if (status >= 400 && status < 500) {
    return userError(
      'TELEGRAM_REQUEST_REJECTED',
      `${where}: Telegram refused: ${error.description}.`,
      details,
    );
  }
  return operationalError(
    'TELEGRAM_FAILED',
    `${where}: Telegram answered ${status}: ${error.description}.`,
    details,
    error,
  );
}
