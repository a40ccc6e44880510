import type { EnvVariable, ExportFacts } from '../export-facts.ts';

const HEADINGS: Record<EnvVariable['group'], string> = {
  service: 'The service',
  credentials: 'Keys and addresses of the services the pipeline calls',
  tools: 'Programs the nodes run (only when they are not on the PATH)',
};

/**
 * `.env.example`: every variable with a line saying what it does. Required ones stand empty to be
 * filled in, those with a default show it, and optional ones are commented out.
 */
export function envExample(facts: ExportFacts): string {
  const lines = [`# Environment of the ${facts.name} service. Copy to .env and fill in.`];
  for (const group of ['service', 'credentials', 'tools'] as const) {
    const members = facts.variables.filter((item) => item.group === group);
    if (members.length === 0) continue;
    lines.push('', `# ${HEADINGS[group]}`);
    for (const item of members) {
      lines.push(`# ${item.about}${item.required ? ' Required.' : ''}`);
      const unset = item.default === undefined && !item.required;
      lines.push(`${unset ? '# ' : ''}${item.name}=${item.default ?? ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
