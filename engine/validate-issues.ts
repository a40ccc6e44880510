import type { z } from 'zod';
import type { Problem } from './validate.ts';
import { WORKFLOW_FORMAT } from './workflow.ts';

/** A zod issue as a problem at its JSON path; a wrong `format` says which format this reads. */
export function fromIssue(
  issue: z.core.$ZodIssue,
  base: string,
  nodeIdValue?: string,
  format?: unknown,
): Problem {
  const path = joinPath(base, issue.path);
  const where = path || 'the file';
  const problem: Problem = {
    code: 'INVALID_FORMAT',
    message: `${where}: ${lowerFirst(issue.message)}.`,
    path,
  };
  if (base === '' && issue.path[0] === 'format' && typeof format === 'number') {
    problem.code = 'UNSUPPORTED_FORMAT';
    problem.message = `This file has format ${format}; this Pipewright reads format ${WORKFLOW_FORMAT}${format > WORKFLOW_FORMAT ? ' and older. Update Pipewright to open it' : ''}.`;
  }
  if (nodeIdValue) problem.nodeId = nodeIdValue;
  return problem;
}

export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path ? `.${String(segment)}` : String(segment);
  }
  return path;
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
