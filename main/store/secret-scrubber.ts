import type { CompiledWorkflow } from '../../engine/index.ts';

const REDACTED = '[redacted]';
/** Shorter values would blank out ordinary words; no real key is this short. */
const MIN_SECRET_LENGTH = 8;

/**
 * Keeps secrets out of run records. Nodes should never log or return their keys, but an SDK's
 * error message or a careless debug line can carry one; whatever the store writes about a run
 * passes through here first, both as plain text and in its JSON-escaped form.
 */
export class SecretScrubber {
  constructor(private readonly sources: Iterable<string>[]) {}

  scrub(text: string): string {
    let result = text;
    for (const source of this.sources) {
      for (const secret of source) {
        if (secret.length < MIN_SECRET_LENGTH) continue;
        result = result.replaceAll(secret, REDACTED);
        const escaped = JSON.stringify(secret).slice(1, -1);
        if (escaped !== secret) result = result.replaceAll(escaped, REDACTED);
      }
    }
    return result;
  }

  json(value: unknown): string | null {
    if (value === undefined) return null;
    return this.scrub(JSON.stringify(value));
  }
}

/**
 * The secrets a run may read from its environment: the variables named by the credentials of
 * the node kinds in the workflow (OPENAI_API_KEY and the like).
 */
export function environmentSecrets(
  workflow: CompiledWorkflow,
  env: Record<string, string | undefined>,
): string[] {
  const secrets = new Set<string>();
  for (const node of workflow.nodes.values()) {
    for (const spec of node.definition.credentials ?? []) {
      const value = env[spec.env];
      if (value) secrets.add(value);
    }
  }
  return [...secrets];
}
