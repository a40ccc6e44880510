import { CONTRACT_ROUTES, TELEGRAM_SECRET_HEADER } from '../../contract/routes.ts';
import type { ExportFacts } from '../export-facts.ts';

/** The export's README: what the service does, how to start and call it, and its environment. */
export function readme(facts: ExportFacts): string {
  const routes = CONTRACT_ROUTES;
  const sections = [
    `# ${facts.name} ${facts.version}`,
    facts.description ?? '',
    `This folder is a service exported by Pipewright from the workflow \`${facts.id}\`. Its contract is \`openapi.json\` (OpenAPI 3.1), which the running service also serves at \`${routes.contract.path}\`. The contract tells the truth about the running copy: without \`PIPEWRIGHT_API_KEY\` the served one drops the bearer scheme and its 401 answers.`,
    [
      '## Start',
      '',
      '```sh',
      'npm install',
      'cp .env.example .env   # then fill it in',
      'node --env-file=.env server.mjs   # or: npm start, with the variables in the environment',
      '```',
      '',
      'With Docker:',
      '',
      '```sh',
      `docker build -t ${facts.id} .`,
      `docker run --env-file .env -p 8080:8080 -v ${facts.id}-data:/data ${facts.id}`,
      '```',
      '',
      '`npm test` starts the service on a free port and checks its answers against `openapi.json`. Runs that need keys are checked only when those keys are set.',
    ].join('\n'),
    [
      '## Call it',
      '',
      '| route | what it does |',
      '| --- | --- |',
      `| \`POST ${routes.runSync.path}\` | runs the pipeline and answers with its outputs |`,
      `| \`POST ${routes.runAsync.path}\` | starts a run and answers 202 with a \`Location\` to poll |`,
      `| \`GET ${routes.runStatus.path}\` | the run's status, and its outputs or error once finished |`,
      `| \`GET ${routes.artifact.path}\` | a media output; honours \`Range\` |`,
      ...(facts.telegram
        ? [`| \`POST ${routes.telegramWebhook.path}\` | Telegram posts updates here |`]
        : []),
      `| \`GET ${routes.health.path}\`, \`GET ${routes.ready.path}\` | liveness; readiness (503 while draining) |`,
      `| \`GET ${routes.contract.path}\` | the contract |`,
      '',
      '```sh',
      `curl -X POST http://localhost:8080${routes.runSync.path} \\`,
      '  -H \'content-type: application/json\' -H "authorization: Bearer $PIPEWRIGHT_API_KEY" \\',
      `  -d '${JSON.stringify(exampleBody(facts))}'`,
      '```',
      '',
      'Errors are `application/problem+json` with a `code`, a `detail`, and the `field` and `path` of the request at fault. A request field the contract does not know is refused (400), not ignored. Media inputs are http(s) URLs the service downloads, or `data:` URIs with base64 content; media outputs are objects with an absolute `url` on the artifact route.',
    ].join('\n'),
    environmentSection(facts),
    ...(facts.telegram ? [telegramSection(facts)] : []),
    [
      '## Operating it',
      '',
      '- Logs are JSON lines (pino) on standard output: one per request and one per run, each with the run id.',
      '- SIGTERM stops new runs (readiness answers 503), lets the runs in flight finish for up to `DRAIN_TIMEOUT_MS`, then exits.',
      '- The only state is the artifact folder (`DATA_DIR`) and, in memory, recent run statuses and node results. Run more copies behind a load balancer with a shared `DATA_DIR` volume so that any copy serves any artifact; run status lives in the copy that took the run.',
      '- Artifacts are never deleted by the service; prune `DATA_DIR` by age if it grows.',
      '- Keys come from the environment only: nothing secret is in this folder.',
    ].join('\n'),
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

function environmentSection(facts: ExportFacts): string {
  const rows = facts.variables.map(
    (item) =>
      `| \`${item.name}\` | ${item.required ? 'yes' : 'no'} | ${item.default === undefined ? '' : `\`${item.default}\``} | ${item.about} |`,
  );
  return [
    '## Environment',
    '',
    'All configuration comes from the environment (see `.env.example`).',
    '',
    '| variable | required | default | what it does |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function telegramSection(facts: ExportFacts): string {
  const url = `https://YOUR-HOST${CONTRACT_ROUTES.telegramWebhook.path}`;
  return [
    '## Telegram',
    '',
    `The pipeline starts from a Telegram message. Point the bot at the webhook with a secret, the same one as \`TELEGRAM_WEBHOOK_SECRET\`; Telegram sends it in \`${TELEGRAM_SECRET_HEADER}\` and updates without it are refused with 401:`,
    '',
    '```sh',
    `curl "https://api.telegram.org/bot$TELEGRAM_BOT_TOKEN/setWebhook" \\`,
    `  -d url=${url} -d secret_token="$TELEGRAM_WEBHOOK_SECRET"`,
    '```',
    '',
    `The webhook answers at once; the run replies in the chat when it has finished. ${facts.name} runs once per update even if Telegram delivers it twice.`,
  ].join('\n');
}

function exampleBody(facts: ExportFacts): Record<string, unknown> {
  const components = facts.contract.components as
    | { requestBodies?: Record<string, { content?: Record<string, { example?: unknown }> }> }
    | undefined;
  const example = components?.requestBodies?.RunRequest?.content?.['application/json']?.example;
  return example && typeof example === 'object' ? (example as Record<string, unknown>) : {};
}
