import type { ExportFacts } from '../export-facts.ts';

/**
 * A Dockerfile on node:20-slim: system packages only when a node runs a program, the npm
 * dependencies from the lock, and the service as an unprivileged user with its artifacts in a
 * volume. Node runs as PID 1 and handles SIGTERM itself, draining runs before it exits.
 */
export function dockerfile(facts: ExportFacts): string {
  const port = facts.variables.find((item) => item.name === 'PORT')?.default ?? '8080';
  const lines = ['FROM node:20-slim', ''];
  if (facts.debianPackages.length > 0) {
    lines.push(
      `# ${facts.debianPackages.join(' and ')}: programs the pipeline's nodes run.`,
      'RUN apt-get update \\',
      `  && apt-get install -y --no-install-recommends ${facts.debianPackages.join(' ')} \\`,
      '  && rm -rf /var/lib/apt/lists/*',
      '',
    );
  }
  lines.push(
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    Object.keys(facts.dependencies).length > 0
      ? 'RUN npm ci --omit=dev --no-audit --no-fund'
      : '# The bundle needs no packages from npm.',
    'COPY server.mjs openapi.json ./',
    '',
    'RUN mkdir -p /data && chown node:node /data',
    'VOLUME /data',
    `ENV NODE_ENV=production PORT=${port} HOST=0.0.0.0 DATA_DIR=/data`,
    `EXPOSE ${port}`,
    'USER node',
    '',
    'HEALTHCHECK --interval=30s --timeout=5s \\',
    `  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`,
    'CMD ["node", "server.mjs"]',
    '',
  );
  return lines.join('\n');
}
