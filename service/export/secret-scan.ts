import type { WorkflowDocument } from '../../engine/index.ts';

export interface SecretFinding {
  nodeId: string;
  /** Where in the node's settings, such as `headers.Authorization`. */
  path: string;
}

const SECRET_KEY =
  /^(api[-_]?key|apikey|x-api-key|token|access[-_]?token|auth[-_]?token|secret|client[-_]?secret|password|passwd|authorization|bearer|private[-_]?key)$/i;

/**
 * Settings that look like a secret typed into the workflow: a string under a key such as
 * `Authorization` or `apiKey` that is not a `{{placeholder}}`. An export bakes the workflow into
 * its bundle, so such a value would ship with every copy; keys belong in credentials, which
 * exported services read from the environment.
 */
export function secretsInSettings(document: WorkflowDocument): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const node of document.nodes) walk(node.settings, '', node.id, findings);
  return findings;
}

function walk(value: unknown, path: string, nodeId: string, findings: SecretFinding[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, nodeId, findings));
    return;
  }
  if (!value || typeof value !== 'object') return;

  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (SECRET_KEY.test(key) && looksLikeSecret(item)) findings.push({ nodeId, path: here });
    else if (typeof item === 'string') findings.push(...secretsInUrl(item, here, nodeId));
    else walk(item, here, nodeId, findings);
  }
}

/** Query parameters such as `?api_key=...` in a URL setting; many APIs take keys that way. */
function secretsInUrl(text: string, path: string, nodeId: string): SecretFinding[] {
  if (!/^https?:\/\//i.test(text)) return [];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  return [...url.searchParams]
    .filter(
      ([name, value]) => (SECRET_KEY.test(name) || /^key$/i.test(name)) && looksLikeSecret(value),
    )
    .map(([name]) => ({ nodeId, path: `${path}?${name}` }));
}

function looksLikeSecret(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const bare = value.replace(/^(Bearer|Basic|Token)\s+/i, '').trim();
  return bare.length > 0 && !/\{\{.*\}\}/.test(bare);
}
