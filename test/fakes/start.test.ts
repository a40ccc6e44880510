import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipewright } from '../harness/cli.ts';
import { probe } from '../harness/media-fixtures.ts';

/** The CLI starts, a model answers, a voice speaks and a 720x1280 video renders, on 2 cores. */
const PIPELINE_TIMEOUT_MS = 180_000;

let fakes: ChildProcessWithoutNullStreams;
let printed = '';
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pipewright-by-hand-'));
  fakes = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/start.ts'], { stdio: 'pipe' });
  fakes.stdout.setEncoding('utf8');
  fakes.stdout.on('data', (chunk: string) => (printed += chunk));
  await until(() => /TELEGRAM_API_ROOT=/.test(printed), 30_000);
}, 40_000);

afterAll(async () => {
  if (fakes.exitCode === null) {
    fakes.kill('SIGTERM');
    await new Promise((resolve) => fakes.once('exit', resolve));
  }
  await rm(home, { recursive: true, force: true });
});

/** What a person pastes from the banner into their shell. */
function exportedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of printed.matchAll(/^export (\w+)=(\S+)$/gm)) env[name!] = value!;
  return env;
}

function type(line: string): void {
  fakes.stdin.write(`${line}\n`);
}

describe('the fakes started by hand (test/fakes/start.ts)', () => {
  it('prints the variables that point every service at them', () => {
    expect(Object.keys(exportedEnvironment()).sort()).toEqual([
      'ELEVENLABS_API_KEY',
      'ELEVENLABS_BASE_URL',
      'OPENAI_API_KEY',
      'OPENAI_BASE_URL',
      'TELEGRAM_API_ROOT',
      'TELEGRAM_BOT_TOKEN',
    ]);
  });

  it('answers a typed fault command with what it queued, and a wrong one with its usage', async () => {
    type('/fail opneai 429');
    await until(() => printed.includes('"opneai" is not a fake'));
    expect(printed).toContain('# usage: /fail <fake> <status>');
  });

  it(
    'carry the Telegram sample through `pipewright run`, with a typed rate limit retried',
    async () => {
      type('/fail openai 429 retry=1');
      await until(() => printed.includes('the next 1 request(s) to openai will answer 429'));
      type('lighthouses of the north sea');
      await until(() => printed.includes('queued update'));

      const out = join(home, 'out');
      const run = await pipewright(['run', 'workflows/telegram-to-video.json', '--out', out], {
        ...exportedEnvironment(),
        PIPEWRIGHT_HOME: home,
      });

      expect(run.code, run.stderr).toBe(0);
      const video = await probe(join(out, 'video.mp4'));
      expect(video.streams.map((stream) => stream.kind).sort()).toEqual(['audio', 'video']);
      await until(() => /\[bot -> chat 1001\] sendVideo \[video: \d+ bytes\]/.test(printed));
      const completions = printed.match(/^\[openai\] POST \/v1\/chat\/completions.*$/gm);
      expect(completions).toEqual([
        '[openai] POST /v1/chat/completions (fault: fail)',
        '[openai] POST /v1/chat/completions',
      ]);
      expect(printed).toMatch(/^\[elevenlabs\] POST \/v1\/text-to-speech\/\w+\/stream$/m);
    },
    PIPELINE_TIMEOUT_MS,
  );
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; the fakes printed:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
