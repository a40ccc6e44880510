import { isAbsolute, resolve } from 'node:path';
import { userError } from '../../engine/index.ts';

/**
 * Everything an exported service reads about its surroundings. It comes from the environment
 * only, so that one image runs unchanged on a laptop, in Docker and behind a load balancer.
 */
export interface ServiceConfig {
  port: number;
  host: string;
  /** Holds the artifact folder; the only state the service keeps on disk. */
  dataFolder: string;
  /** When set, run and status routes demand `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** The secret given to Telegram's setWebhook; the webhook refuses every update without it. */
  telegramSecret?: string;
  /** The address clients reach the service at, for media URLs and Location headers. */
  publicUrl?: string;
  logLevel: string;
  /** How long the synchronous route waits; then the run is stopped and the answer is 503. */
  syncTimeoutMs: number;
  /** Runs allowed at once; more wait in a queue. */
  maxRuns: number;
  /** Runs allowed to wait; past this, run requests get 503 with Retry-After. */
  maxQueued: number;
  /** How long SIGTERM waits for runs in flight before it cancels them. */
  drainTimeoutMs: number;
  /** How long a finished run's status stays available. */
  runRetentionMs: number;
  /** Node results kept in memory for identical requests; 0 turns the cache off. */
  cacheEntries: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Largest medium a request may point at by URL, and how long its download may take. */
  mediaMaxBytes: number;
  mediaTimeoutMs: number;
}

/** The variables the service itself reads, with what each does, for the README and `.env`. */
export const SERVICE_VARIABLES: { name: string; default?: string; about: string }[] = [
  { name: 'PORT', default: '8080', about: 'TCP port to listen on.' },
  { name: 'HOST', default: '0.0.0.0', about: 'Address to listen on.' },
  {
    name: 'DATA_DIR',
    default: './data',
    about: 'Folder for artifacts (media the pipeline makes); mount a volume here.',
  },
  {
    name: 'PIPEWRIGHT_API_KEY',
    about: 'When set, clients must send `Authorization: Bearer <key>` to run and poll.',
  },
  {
    name: 'PUBLIC_URL',
    about: 'Address clients reach the service at, used in media URLs (default: the Host header).',
  },
  { name: 'LOG_LEVEL', default: 'info', about: 'pino log level.' },
  {
    name: 'SYNC_TIMEOUT_MS',
    default: '300000',
    about: 'How long POST /run waits; then the run is stopped and it answers 503.',
  },
  { name: 'MAX_RUNS', default: '16', about: 'Runs at once; more wait in a queue.' },
  {
    name: 'MAX_QUEUED',
    default: '100',
    about: 'Runs that may wait; more get 503 with Retry-After.',
  },
  {
    name: 'DRAIN_TIMEOUT_MS',
    default: '60000',
    about: 'On SIGTERM, how long runs in flight may finish.',
  },
  {
    name: 'RUN_RETENTION_MS',
    default: '3600000',
    about: 'How long a finished run stays readable at /runs/{runId}.',
  },
  {
    name: 'CACHE_ENTRIES',
    default: '1000',
    about: 'Node results kept in memory for repeated requests; 0 turns caching off.',
  },
  { name: 'BODY_LIMIT', default: '1048576', about: 'Largest request body, in bytes.' },
  {
    name: 'MEDIA_MAX_BYTES',
    default: '104857600',
    about: 'Largest medium a request may give as a URL.',
  },
  {
    name: 'MEDIA_TIMEOUT_MS',
    default: '60000',
    about: 'How long downloading a medium given as a URL may take.',
  },
];

export const TELEGRAM_SECRET_VARIABLE = {
  name: 'TELEGRAM_WEBHOOK_SECRET',
  about:
    'The secret_token given to setWebhook; updates without it in X-Telegram-Bot-Api-Secret-Token get 401.',
};

/** Reads and checks the configuration; a bad value fails naming the variable. */
export function readServiceConfig(env: Record<string, string | undefined>): ServiceConfig {
  const dataDir = env.DATA_DIR || './data';
  const config: ServiceConfig = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataFolder: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    logLevel: env.LOG_LEVEL || 'info',
    syncTimeoutMs: integer(env, 'SYNC_TIMEOUT_MS', 300_000, 1, 86_400_000),
    maxRuns: integer(env, 'MAX_RUNS', 16, 1, 10_000),
    maxQueued: integer(env, 'MAX_QUEUED', 100, 0, 1_000_000),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_MS', 60_000, 0, 86_400_000),
    runRetentionMs: integer(env, 'RUN_RETENTION_MS', 3_600_000, 0, 604_800_000),
    cacheEntries: integer(env, 'CACHE_ENTRIES', 1000, 0, 1_000_000),
    bodyLimit: integer(env, 'BODY_LIMIT', 1_048_576, 1024, 1_073_741_824),
    mediaMaxBytes: integer(env, 'MEDIA_MAX_BYTES', 104_857_600, 1, 1_099_511_627_776),
    mediaTimeoutMs: integer(env, 'MEDIA_TIMEOUT_MS', 60_000, 1, 86_400_000),
  };
  if (env.PIPEWRIGHT_API_KEY) config.apiKey = env.PIPEWRIGHT_API_KEY;
  if (env.TELEGRAM_WEBHOOK_SECRET) config.telegramSecret = env.TELEGRAM_WEBHOOK_SECRET;
  if (env.PUBLIC_URL) config.publicUrl = publicUrl(env.PUBLIC_URL);
  return config;
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw userError(
      'INVALID_CONFIG',
      `The environment variable ${name} must be a whole number from ${min} to ${max}; it is "${raw}".`,
      { field: name },
    );
  }
  return value;
}

function publicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw userError('INVALID_CONFIG', `PUBLIC_URL must be an absolute URL; it is "${raw}".`, {
      field: 'PUBLIC_URL',
    });
  }
  return url.href.replace(/\/+$/, '');
}
