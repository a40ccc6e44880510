import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { serializeWorkflow } from '../../engine/index.ts';
import { serializeContract } from '../../service/contract/generate.ts';
import { pipewright } from '../harness/cli.ts';
import { contractOf, pipelineDocument, STORY_INPUTS } from './contract-workflows.ts';

/**
 * Runs `pipewright ARGS` in this process, capturing what it prints: the command's own module
 * through the CLI's dispatcher, without the start-up cost of a child process per call. One test
 * runs the real executable to pin the exit code a shell sees.
 */
async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let folder: string;
const file = (name: string) => join(folder, name);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pipewright-contract-cli-'));
  const write = (name: string, text: string) => writeFile(file(name), text);
  await write('v1.json', serializeContract(contractOf({ version: '1.0.0' })));
  await write(
    'v1-1-breaking.json',
    serializeContract(
      contractOf({ version: '1.1.0', inputs: [...STORY_INPUTS, { name: 'hero' }] }),
    ),
  );
  await write(
    'v1-1-addition.json',
    serializeContract(
      contractOf({
        version: '1.1.0',
        inputs: [...STORY_INPUTS, { name: 'hero', required: false }],
      }),
    ),
  );
  await write('workflow.json', serializeWorkflow(pipelineDocument({ version: '1.0.0' })));
  await write('not-json.json', '{ "openapi": ');
  const broken = pipelineDocument();
  broken.nodes[2]!.type = 'no.such.node';
  await write('broken-workflow.json', serializeWorkflow(broken));
});

describe('pipewright contract diff', () => {
  it('prints breaking changes marked, the step they need, and exits 1', async () => {
    const result = await pipewright([
      'contract',
      'diff',
      file('v1.json'),
      file('v1-1-breaking.json'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'BREAKING  RunRequest.hero: A required request field "hero" was added. [required-field-added]',
    );
    expect(result.stdout).toContain('Version step needed: major.');
    expect(result.stdout).toContain(
      'Version: 1 breaking change since 1.0.0 needs a major version: 2.0.0, not 1.1.0.',
    );
  });

  it('exits 0 for additions covered by the version', async () => {
    const result = await inProcess([
      'contract',
      'diff',
      file('v1.json'),
      file('v1-1-addition.json'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'minor     RunRequest.hero: An optional request field "hero" was added. [request-field-added]',
    );
    expect(result.stdout).toContain('1 change, 0 breaking. Version step needed: minor.');
  });

  it('prints the changes as JSON with --json', async () => {
    const result = await inProcess([
      'contract',
      'diff',
      file('v1.json'),
      file('v1-1-breaking.json'),
      '--json',
    ]);
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(report.requiredBump).toBe('major');
    expect(report.breaking).toBe(1);
    expect(report.changes[0]).toEqual({
      kind: 'breaking',
      bump: 'major',
      code: 'required-field-added',
      path: 'RunRequest.hero',
      message: 'A required request field "hero" was added.',
    });
    expect(report.version).toMatchObject({ ok: false, blocked: true, suggested: '2.0.0' });
  });

  it('takes a workflow file on either side and generates its contract', async () => {
    const result = await inProcess(['contract', 'diff', file('workflow.json'), file('v1.json')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('No changes.\n');
    expect(result.code).toBe(0);
  });

  it('exits 2 naming a file that cannot be used', async () => {
    const missing = await inProcess(['contract', 'diff', file('v1.json'), file('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read ${file('nope.json')}: no such file.`);

    const garbled = await inProcess(['contract', 'diff', file('not-json.json'), file('v1.json')]);
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain(`${file('not-json.json')} is not valid JSON`);

    const broken = await inProcess([
      'contract',
      'diff',
      file('v1.json'),
      file('broken-workflow.json'),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('Node "out" has the unknown type "no.such.node".');
  });
});

describe('pipewright contract show', () => {
  it('prints the contract a workflow exports to', async () => {
    const result = await inProcess([
      'contract',
      'show',
      file('workflow.json'),
      '--api-key',
      '--server',
      'https://stories.example',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      serializeContract(
        contractOf({ version: '1.0.0' }, { apiKey: true, serverUrl: 'https://stories.example' }),
      ),
    );
  });

  it('explains its usage when the action is unknown', async () => {
    const result = await pipewright(['contract', 'compare', file('v1.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown action "compare"');
    expect(result.stderr).toContain('Usage: pipewright contract');
  });
});
