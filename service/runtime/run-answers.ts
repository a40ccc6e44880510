import type { ValidateFunction } from 'ajv';
import { isArtifactRef } from '../../engine/index.ts';
import type { ArtifactRef, RunResult } from '../../engine/index.ts';
import { CONTRACT_ROUTES, routeUrl } from '../contract/routes.ts';
import type { ArtifactIndex } from './artifact-index.ts';
import type { ContractValidators } from './contract-validators.ts';
import { problem, ProblemError, runProblem } from './problem.ts';
import type { ServiceRun } from './run-registry.ts';

/**
 * Writes what a client reads about runs: the outputs of a finished run, with media as absolute
 * URLs on the artifact route, and the status of any run. Each body is checked against the
 * contract before it leaves; one that does not fit is the service's own bug, answered as a 500
 * rather than sent as a broken promise.
 */
export class RunAnswers {
  constructor(
    private readonly index: ArtifactIndex,
    private readonly validators: ContractValidators,
  ) {}

  async outputs(result: RunResult, baseUrl: string): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(result.outputs)) {
      body[name] = isArtifactRef(value) ? await this.media(value, baseUrl) : value;
    }
    return checked(this.validators.response, body, `run ${result.runId} outputs`);
  }

  async status(run: ServiceRun, baseUrl: string): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {
      runId: run.id,
      status: run.state,
      createdAt: run.createdAt.toISOString(),
    };
    if (run.startedAt) body.startedAt = run.startedAt.toISOString();
    if (run.finishedAt) body.finishedAt = run.finishedAt.toISOString();
    if (run.result && run.state === 'succeeded') {
      body.outputs = await this.outputs(run.result, baseUrl);
    }
    if (run.result && run.state !== 'succeeded') body.error = runProblem(run.result.error, run.id);
    return checked(this.validators.runStatus, body, `run ${run.id} status`);
  }

  private async media(ref: ArtifactRef, baseUrl: string): Promise<Record<string, unknown>> {
    await this.index.remember(ref);
    const media: Record<string, unknown> = {
      url: `${baseUrl}${routeUrl(CONTRACT_ROUTES.artifact.path, { sha256: ref.sha256 })}`,
      mediaType: ref.mediaType,
      bytes: ref.bytes,
      sha256: ref.sha256,
    };
    if (ref.name) media.name = ref.name;
    return media;
  }
}

/** The status route split around its one parameter, once rather than per request. */
const [STATUS_HEAD, STATUS_TAIL] = CONTRACT_ROUTES.runStatus.path.split('{runId}') as [
  string,
  string,
];

export function statusUrl(baseUrl: string, runId: string): string {
  return `${baseUrl}${STATUS_HEAD}${encodeURIComponent(runId)}${STATUS_TAIL}`;
}

function checked(
  validate: ValidateFunction,
  body: Record<string, unknown>,
  what: string,
): Record<string, unknown> {
  if (validate(body)) return body;
  const first = validate.errors?.[0];
  const where = first ? `${first.instancePath || 'the body'} ${first.message ?? ''}`.trim() : '';
  throw new ProblemError(
    problem(
      500,
      'RESPONSE_OUTSIDE_CONTRACT',
      `The ${what} do not match the contract (${where}); this is a bug in the pipeline or the service.`,
      { fault: 'unexpected' },
    ),
  );
}
