/**
 * The routes every exported service answers, named once here so that the contract generator
 * and the Fastify runtime cannot drift apart. Paths are written the OpenAPI way (`{runId}`);
 * `fastifyPath` gives the form Fastify registers (`:runId`).
 */
export const CONTRACT_ROUTES = {
  /** Runs the pipeline and answers with its outputs once it has finished. */
  runSync: { method: 'POST', path: '/run', operation: 'run' },
  /** Queues a run and answers 202 at once, with a Location to poll. */
  runAsync: { method: 'POST', path: '/runs', operation: 'startRun' },
  runStatus: { method: 'GET', path: '/runs/{runId}', operation: 'getRun' },
  /** Media outputs by their sha256; honours Range requests for players and resumed downloads. */
  artifact: { method: 'GET', path: '/artifacts/{sha256}', operation: 'getArtifact' },
  health: { method: 'GET', path: '/health', operation: 'getHealth' },
  ready: { method: 'GET', path: '/ready', operation: 'getReadiness' },
  contract: { method: 'GET', path: '/openapi.json', operation: 'getContract' },
  /** Present only when the pipeline starts with a node of role `telegram-trigger`. */
  telegramWebhook: {
    method: 'POST',
    path: '/telegram/webhook',
    operation: 'receiveTelegramUpdate',
  },
} as const satisfies Record<string, ContractRoute>;

export interface ContractRoute {
  method: 'GET' | 'POST';
  path: string;
  /** The verb of the operation id; the workflow's id is woven in (`runTelegramToVideo`). */
  operation: string;
}

export type ContractRouteName = keyof typeof CONTRACT_ROUTES;

/** The media type of every error body (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The header Telegram sends with the secret given to setWebhook. */
export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** Names of the security schemes in `components.securitySchemes`. */
export const SECURITY_SCHEMES = { apiKey: 'apiKey', telegramSecret: 'telegramSecret' } as const;

/** The environment variable that holds the service's API key, when the contract has one. */
export const API_KEY_ENV = 'PIPEWRIGHT_API_KEY';

/** The states a run goes through, as `GET /runs/{runId}` reports them. */
export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export type RunState = (typeof RUN_STATES)[number];

/** `/runs/{runId}` → `/runs/:runId`. */
export function fastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** `/runs/{runId}` with `{ runId: 'run_1' }` → `/runs/run_1`, each value URL-encoded. */
export function routeUrl(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The route ${path} needs a value for "${name}".`);
    return encodeURIComponent(value);
  });
}

/**
 * The operation id of a route for one workflow: the verb with the workflow's id in PascalCase
 * after its first word, so that `getRun` of `telegram-to-video` reads `getTelegramToVideoRun`.
 */
export function operationId(workflowId: string, route: ContractRoute): string {
  const name = pascalCase(workflowId);
  const [verb = '', ...rest] = route.operation.split(/(?=[A-Z])/);
  return `${verb}${name}${rest.join('')}`;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
