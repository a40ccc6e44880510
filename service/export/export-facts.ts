import type { CompiledWorkflow } from '../../engine/index.ts';
import type { OpenApiDocument } from '../contract/generate.ts';
import { SERVICE_VARIABLES, TELEGRAM_SECRET_VARIABLE } from '../runtime/service-config.ts';
import type { SystemTool } from './system-tools.ts';

/** An environment variable the exported service reads, as the README and `.env.example` list it. */
export interface EnvVariable {
  name: string;
  about: string;
  default?: string;
  /** The service cannot do its work without it. */
  required?: boolean;
  group: 'service' | 'credentials' | 'tools';
}

/** Everything the templates of an export need to know, gathered once. */
export interface ExportFacts {
  id: string;
  name: string;
  version: string;
  description?: string;
  contract: OpenApiDocument;
  variables: EnvVariable[];
  debianPackages: string[];
  dependencies: Record<string, string>;
  telegram: boolean;
}

/**
 * The variables of one export: the service's own, the Telegram secret when there is a webhook,
 * each credential a used node kind declares (its key, and its base URL for a local or fake
 * server), and the path of each system tool the nodes run.
 */
export function exportVariables(
  workflow: CompiledWorkflow,
  tools: SystemTool[],
  telegram: boolean,
): EnvVariable[] {
  const variables: EnvVariable[] = SERVICE_VARIABLES.map((item) => ({ ...item, group: 'service' }));
  if (telegram) variables.push({ ...TELEGRAM_SECRET_VARIABLE, required: true, group: 'service' });

  const seen = new Set(variables.map((item) => item.name));
  const add = (item: EnvVariable) => {
    if (seen.has(item.name)) return;
    seen.add(item.name);
    variables.push(item);
  };

  for (const node of workflow.nodes.values()) {
    for (const spec of node.definition.credentials ?? []) {
      add({
        name: spec.env,
        about: `${spec.title}, for the ${node.definition.title} node.`,
        required: true,
        group: 'credentials',
      });
      if (spec.baseUrlEnv) {
        add({
          name: spec.baseUrlEnv,
          about: `Another address for ${spec.title.replace(/ (key|token)$/i, '')}'s API (a local or compatible server).`,
          group: 'credentials',
        });
      }
    }
  }
  for (const tool of tools) {
    add({
      name: tool.envVar,
      about: `Path to ${tool.command} when it is not on the PATH (Debian package ${tool.debianPackage}).`,
      group: 'tools',
    });
  }
  return variables;
}
