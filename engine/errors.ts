/**
 * Every error Pipewright shows a person goes through this module: a stable code, a short
 * message, structured details, and whose fault it is, so that the studio, the CLI and the
 * exported services can each present it without a stack trace.
 */

/** Who has to act: the user (fix the input), the operator (a service or machine is down). */
export type Fault = 'user' | 'operational' | 'unexpected';

export interface ErrorDetails {
  nodeId?: string;
  field?: string;
  /** A JSON path into the workflow file or the request body, such as `nodes[2].settings.url`. */
  path?: string;
  /** HTTP status of a failed upstream call, when there was one. */
  status?: number;
  [key: string]: unknown;
}

export interface ErrorInfo {
  code: string;
  message: string;
  fault: Fault;
  transient: boolean;
  details: ErrorDetails;
}

export class PipewrightError extends Error {
  readonly code: string;
  readonly fault: Fault;
  readonly transient: boolean;
  readonly details: ErrorDetails;

  constructor(
    code: string,
    message: string,
    options: { fault?: Fault; transient?: boolean; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'PipewrightError';
    this.code = code;
    this.fault = options.fault ?? 'user';
    this.transient = options.transient ?? false;
    this.details = options.details ?? {};
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      fault: this.fault,
      transient: this.transient,
      details: this.details,
    };
  }
}

/** A mistake in what the user gave: settings, inputs, a workflow file. Never retried. */
export function userError(code: string, message: string, details: ErrorDetails = {}) {
  return new PipewrightError(code, message, { fault: 'user', details });
}

/** A fault that may pass if tried again: rate limits, 5xx answers, time-outs, resets. */
export function transientError(
  code: string,
  message: string,
  details: ErrorDetails = {},
  cause?: unknown,
) {
  return new PipewrightError(code, message, {
    fault: 'operational',
    transient: true,
    details,
    cause,
  });
}

/** A service or tool the run depends on is missing or refused us; retrying will not help. */
export function operationalError(
  code: string,
  message: string,
  details: ErrorDetails = {},
  cause?: unknown,
) {
  return new PipewrightError(code, message, { fault: 'operational', details, cause });
}

export class CancelledError extends PipewrightError {
  constructor(message = 'The run was cancelled.') {
    super('RUN_CANCELLED', message, { fault: 'user' });
    this.name = 'CancelledError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** HTTP statuses that are worth another try. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether an error of any origin (ours, an SDK's, the network's) is worth retrying. SDK errors
 * carry `status`; network errors carry a `code`, sometimes on their `cause`.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof PipewrightError) return error.transient;
  if (!error || typeof error !== 'object') return false;

  const record = error as { status?: unknown; code?: unknown; name?: unknown; cause?: unknown };
  if (typeof record.status === 'number') return isTransientStatus(record.status);
  if (typeof record.code === 'string' && TRANSIENT_CODES.has(record.code)) return true;
  if (record.name === 'TimeoutError') return true;
  return record.cause !== undefined && record.cause !== error && isTransient(record.cause);
}

/** Turns anything thrown into the shape the studio and CLI display. */
export function toErrorInfo(error: unknown, details: ErrorDetails = {}): ErrorInfo {
  if (error instanceof PipewrightError) {
    return { ...error.toInfo(), details: { ...details, ...error.details } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  return {
    code: 'NODE_FAILED',
    message,
    fault: isTransient(error) ? 'operational' : 'unexpected',
    transient: isTransient(error),
    details: typeof status === 'number' ? { ...details, status } : details,
  };
}
