import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsInSettings } from '../../service/export/secret-scan.ts';
import { contractValidator, FIXTURES, fixture } from './service-harness.ts';
import { npmInstall, npmTest, readJson, startExport, workspace } from './export-harness.ts';
import type { Workspace } from './export-harness.ts';

let space: Workspace;

beforeEach(async () => {
  space = await workspace();
});

afterEach(async () => {
  await space.remove();
});

describe('exporting a pipeline of input, template and output nodes', () => {
  it('writes a folder that installs with no dependency, serves the contract and passes npm test', async () => {
    const report = await space.exportTo(join(FIXTURES, 'greeting.json'));
    const out = report.outDir;

    expect(report.files).toEqual([
      '.dockerignore',
      '.env.example',
      '.gitignore',
      'Dockerfile',
      'README.md',
      'openapi.json',
      'package-lock.json',
      'package.json',
      'server.mjs',
      'test/contract.test.mjs',
      'test/export-facts.json',
      'test/schema-check.mjs',
    ]);
    const manifest = await readJson(join(out, 'package.json'));
    expect(manifest.dependencies).toEqual({});
    expect(manifest.scripts).toMatchObject({ start: 'node server.mjs' });
    const dockerfile = await readFile(join(out, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-slim/);
    expect(dockerfile).not.toContain('apt-get');

    await npmInstall(out);
    const service = await startExport(out, {
      DATA_DIR: join(space.root, 'data'),
      PIPEWRIGHT_API_KEY: 'key-1',
    });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer key-1' };
    try {
      const contract = await readJson(join(out, 'openapi.json'));
      const check = contractValidator(contract);
      const served = await (await fetch(`${service.base}/openapi.json`)).json();
      const valid = await fetch(`${service.base}/run`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Grace', times: 2 }),
      });
      const invalid = await fetch(`${service.base}/run`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Grace', colour: 'red' }),
      });

      expect(served).toEqual(contract);
      expect(valid.status).toBe(200);
      const outputs = await valid.json();
      expect(outputs).toEqual({ greeting: 'Hello, Grace! (plain x2)' });
      expect(check('RunOutputs', outputs).ok).toBe(true);
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await invalid.json();
      expect(problem.field).toBe('colour');
      expect(check('Problem', problem).ok).toBe(true);
    } finally {
      expect(await service.stop()).toBe(0);
    }

    const tests = await npmTest(out);
    expect(tests.output).toMatch(/# fail 0/);
    expect(tests.code, tests.output).toBe(0);
  }, 180_000);

  it('puts no secret from the environment or a saved credential name into the folder', async () => {
    const document = await fixture('greeting');
    (document.nodes as Record<string, unknown>[])[1]!.credentials = undefined;
    process.env.OPENAI_API_KEY_FOR_TEST = 'sk-this-must-not-leak';
    try {
      const report = await space.exportTo(await space.writeWorkflow('greeting', document));
      for (const name of report.files) {
        const text = await readFile(join(report.outDir, name), 'utf8');
        expect(text, name).not.toContain('sk-this-must-not-leak');
      }
    } finally {
      delete process.env.OPENAI_API_KEY_FOR_TEST;
    }
  });

  it('refuses a workflow with a secret typed into a node setting, naming the node and field', async () => {
    const document = await fixture('greeting');
    const file = await space.writeWorkflow('leaky', {
      ...document,
      nodes: [
        ...(document.nodes as object[]),
        {
          id: 'call',
          type: 'http.request',
          position: { x: 0, y: 300 },
          settings: { url: 'https://example.org', headers: { Authorization: 'Bearer sk-live-2' } },
        },
      ],
    });

    await expect(space.exportTo(file)).rejects.toMatchObject({
      code: 'EXPORT_SECRET_IN_SETTINGS',
      details: { nodeId: 'call', field: 'headers.Authorization' },
    });
  });

  it('refuses a key in a URL’s query string, but not a {{placeholder}} or a plain parameter', async () => {
    const document = await fixture('greeting');
    const call = (url: string) => ({ id: 'call', type: 'http.request', settings: { url } });
    const leaky = await space.writeWorkflow('query-key', {
      ...document,
      nodes: [
        ...(document.nodes as object[]),
        { ...call('https://x.org/v1?api_key=abc123'), position: { x: 0, y: 300 } },
      ],
    });
    const scan = (url: string) =>
      secretsInSettings({
        format: 1,
        id: 'scan',
        name: 'Scan',
        version: '1.0.0',
        nodes: [{ ...call(url), position: { x: 0, y: 0 } }],
        edges: [],
      });

    await expect(space.exportTo(leaky)).rejects.toMatchObject({
      code: 'EXPORT_SECRET_IN_SETTINGS',
      details: { nodeId: 'call', field: 'url?api_key' },
    });
    expect(scan('https://x.org/v1?key=sk-1&q=cats')).toEqual([{ nodeId: 'call', path: 'url?key' }]);
    expect(scan('https://x.org/v1?key={{key}}&q=cats')).toEqual([]);
    expect(scan('https://x.org/v1?q=token')).toEqual([]);
  });

  it('lists only the packages the used node kinds need, locked to the repository versions', async () => {
    const report = await space.exportTo(join('workflows', 'telegram-to-video.json'));
    const manifest = await readJson(join(report.outDir, 'package.json'));
    const lock = await readJson(join(report.outDir, 'package-lock.json'));
    const repoLock = await readJson('package-lock.json');
    const packages = lock.packages as Record<string, { version?: string }>;
    const repoPackages = repoLock.packages as Record<string, { version?: string }>;

    expect(Object.keys(manifest.dependencies as object).sort()).toEqual([
      '@elevenlabs/elevenlabs-js',
      'node-telegram-bot-api',
      'openai',
    ]);
    expect(packages['node_modules/openai']?.version).toBe(
      repoPackages['node_modules/openai']?.version,
    );
    expect(packages['node_modules/fastify']).toBeUndefined();
    expect(report.debianPackages).toEqual(['ffmpeg']);
    const names = report.variables.map((item) => item.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'OPENAI_API_KEY',
        'OPENAI_BASE_URL',
        'ELEVENLABS_API_KEY',
        'TELEGRAM_BOT_TOKEN',
        'TELEGRAM_WEBHOOK_SECRET',
        'PIPEWRIGHT_API_KEY',
      ]),
    );
    const readme = await readFile(join(report.outDir, 'README.md'), 'utf8');
    const envExample = await readFile(join(report.outDir, '.env.example'), 'utf8');
    for (const name of names) {
      expect(readme).toContain(`\`${name}\``);
      expect(envExample).toContain(`${name}=`);
    }
  }, 60_000);
});

describe('the contract history', () => {
  /** Input fields straight into an Output: the request changes with `fields`. */
  async function exportVersion(version: string, fields: object[], allowBreaking = false) {
    const document = {
      format: 1,
      id: 'greeting',
      name: 'Greeting',
      version,
      nodes: [
        { id: 'in', type: 'input', position: { x: 0, y: 0 }, settings: { fields } },
        {
          id: 'out',
          type: 'output',
          position: { x: 1, y: 0 },
          settings: { fields: [{ name: 'echo', type: 'text' }] },
        },
      ],
      edges: [{ from: ['in', 'name'], to: ['out', 'echo'] }],
    };
    const file = await space.writeWorkflow(`greeting-${version}`, document);
    return space.exportTo(file, { allowBreaking, out: join(space.root, `out-${version}`) });
  }
  const name = { name: 'name', type: 'text', required: true };
  const style = { name: 'style', type: 'text', required: false, default: 'plain' };
  const times = { name: 'times', type: 'number', required: false };

  it('records each export as contracts/<workflow-id>/<version>.json in the data folder', async () => {
    const report = await exportVersion('1.0.0', [name, style, times]);

    expect(report.recordedAt).toBe(join(space.home, 'contracts', 'greeting', '1.0.0.json'));
    expect(await readdir(join(space.home, 'contracts', 'greeting'))).toEqual(['1.0.0.json']);
    expect(report.verdict.previous).toBeUndefined();
  });

  it('refuses a breaking change without a major version and lists it', async () => {
    await exportVersion('1.0.0', [name, style, times]);

    const refusal = exportVersion('1.1.0', [name, style]);
    await expect(refusal).rejects.toMatchObject({ code: 'CONTRACT_VERSION_TOO_LOW' });
    const error: { details: { verdict: { changes: object[] } } } = await refusal.then(
      () => expect.fail('the export went through'),
      (caught) => caught,
    );
    expect(error.details.verdict.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'breaking' })]),
    );
    expect(await readdir(join(space.home, 'contracts', 'greeting'))).toEqual(['1.0.0.json']);
  });

  it('takes the breaking change with a major version, or with --allow-breaking', async () => {
    await exportVersion('1.0.0', [name, style, times]);

    const major = await exportVersion('2.0.0', [name, style]);
    const forced = await exportVersion('2.0.1', [name], true);

    expect(major.verdict.check?.required).toBe('major');
    expect(major.verdict.check?.ok).toBe(true);
    expect(forced.verdict.refused).toBe(true);
    expect(await readdir(join(space.home, 'contracts', 'greeting'))).toEqual([
      '1.0.0.json',
      '2.0.0.json',
      '2.0.1.json',
    ]);
  });

  it('asks a minor version for an added field and lets an unchanged re-export through', async () => {
    await exportVersion('1.0.0', [name, style]);

    const again = await exportVersion('1.0.0', [name, style]);
    await expect(exportVersion('1.0.0', [name, style, times])).rejects.toMatchObject({
      code: 'CONTRACT_VERSION_TOO_LOW',
    });
    const minor = await exportVersion('1.1.0', [name, style, times]);

    expect(again.verdict.changes).toEqual([]);
    expect(minor.verdict.check).toMatchObject({ ok: true, required: 'minor' });
  });
});
