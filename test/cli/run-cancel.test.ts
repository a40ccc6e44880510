import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../harness/cli.ts';

/** A server that takes ten seconds to answer and notes when a caller hangs up. */
function slowServer() {
  const hangUps: number[] = [];
  const server = createServer((request, response) => {
    request.socket.on('close', () => hangUps.push(performance.now()));
    const timer = setTimeout(() => response.end('{}'), 10_000);
    response.on('close', () => clearTimeout(timer));
  });
  return { server, hangUps };
}

describe('pipewright run, interrupted', () => {
  const { server, hangUps } = slowServer();
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
  });
  afterAll(() => new Promise<void>((resolve) => (server as Server).close(() => resolve())));

  it('ends within a second of Ctrl-C while a node would take ten, and leaves nothing running', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pipewright-cancel-'));
    const file = join(folder, 'slow.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 1,
        id: 'slow',
        name: 'Slow',
        version: '1.0.0',
        nodes: [
          { id: 'call', type: 'http.request', position: { x: 0, y: 0 }, settings: { url } },
          {
            id: 'out',
            type: 'output',
            position: { x: 200, y: 0 },
            settings: { fields: [{ name: 'status', type: 'number' }] },
          },
        ],
        edges: [{ from: ['call', 'status'], to: ['out', 'status'] }],
      }),
    );

    const child = spawn(process.execPath, [CLI_BIN, 'run', file, '--json'], {
      cwd: folder,
      env: { ...process.env, PIPEWRIGHT_HOME: join(folder, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let interruptedAt = 0;
    let scheduled = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!scheduled && stdout.includes('"type":"node.started"')) {
        scheduled = true;
        // Give the request a moment to reach the server before the interrupt.
        setTimeout(() => {
          interruptedAt = performance.now();
          child.kill('SIGINT');
        }, 200);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const exitedAt = performance.now();
    const end = JSON.parse(stdout.trim().split('\n').at(-1)!);

    expect(interruptedAt).toBeGreaterThan(0);
    expect(code).toBe(130);
    expect(exitedAt - interruptedAt).toBeLessThan(1000);
    expect(end.type).toBe('run.cancelled');
    expect(hangUps).toHaveLength(1);
    expect(hangUps[0]! - interruptedAt).toBeLessThan(1000);
  });
});
