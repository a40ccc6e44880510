import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');
const CHROMIUM = process.env.PIPEWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const STARTUP_MS = 60_000;

export interface RunningStudio {
  /** The page address with the token in its fragment, as `pipewright studio` printed it. */
  url: string;
  origin: string;
  token: string;
  home: string;
  /** Everything the studio wrote, for a failing test's message. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts `pipewright studio --port 0 --no-open` in a fresh data folder, as a user would, and
 * reads the address it prints. The renderer is built first when its sources are newer.
 */
export async function startStudio(env: Record<string, string> = {}): Promise<RunningStudio> {
  const given = process.env.PIPEWRIGHT_STUDIO_URL;
  if (given) return existingStudio(given);
  await buildRendererIfStale();
  const home = env.PIPEWRIGHT_HOME ?? (await mkdtemp(join(tmpdir(), 'pipewright-studio-')));
  const child = spawn(
    process.execPath,
    ['bin/pipewright.mjs', 'studio', '--port', '0', '--no-open'],
    {
      cwd: ROOT,
      env: { ...process.env, PIPEWRIGHT_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));

  const url = await new Promise<string>((found, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`pipewright studio printed no address in ${STARTUP_MS} ms:\n${output}`)),
      STARTUP_MS,
    );
    const look = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*#token=[\w-]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      found(match[1]!);
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(
        new Error(`pipewright studio exited with ${code} before printing its address:\n${output}`),
      );
    });
  });

  const address = new URL(url);
  return {
    url,
    origin: address.origin,
    token: new URLSearchParams(address.hash.slice(1)).get('token')!,
    home,
    output: () => output,
    close: async () => {
      await stopChild(child);
      if (!env.PIPEWRIGHT_HOME) await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * A studio someone already started (PIPEWRIGHT_STUDIO_URL, the address it printed), for
 * debugging a test against a studio under a debugger. Nothing is stopped afterwards.
 */
function existingStudio(url: string): RunningStudio {
  const address = new URL(url);
  return {
    url,
    origin: address.origin,
    token: new URLSearchParams(address.hash.slice(1)).get('token') ?? '',
    home: '',
    output: () => '',
    close: async () => {},
  };
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves a full-page PNG under test-output/screenshots and prints where. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile and nothing that calls home. */
export async function launchBrowser(
  viewport = { width: 1440, height: 900 },
): Promise<RunningBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'pipewright-chromium-'));
  // Playwright passes the fresh profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    screenshot: async (name) => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      process.stdout.write(`screenshot: ${path}\n`);
      return path;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface StudioPage {
  studio: RunningStudio;
  browser: RunningBrowser;
  page: Page;
}

/**
 * The setup every browser test file shares: a studio and Chromium started before its tests, the
 * page opened on the studio, a screenshot of any test that fails, and everything stopped after.
 * Read the fields inside tests and hooks: they are set once `beforeAll` has run.
 */
export function useStudioPage(options: { stepTimeoutMs: number }): StudioPage {
  const shared = {} as StudioPage;
  beforeAll(async () => {
    shared.studio = await startStudio();
    shared.browser = await launchBrowser();
    shared.page = shared.browser.page;
    // Fail at the step that went wrong, with Playwright's message, not at the test's timeout.
    shared.page.setDefaultTimeout(options.stepTimeoutMs);
    await shared.page.goto(shared.studio.url);
  }, 120_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await shared.browser?.screenshot(`failed-${task.name.slice(0, 40)}`);
  });

  afterAll(async () => {
    await shared.browser?.close();
    await shared.studio?.close();
  });
  return shared;
}

/** Builds out/renderer with Vite when it is missing or older than any renderer source. */
export async function buildRendererIfStale(): Promise<void> {
  const built = await stat(join(ROOT, 'out/renderer/index.html')).catch(() => null);
  const newest = await newestChange(join(ROOT, 'renderer'));
  if (built && built.mtimeMs >= newest) return;

  const child = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'error',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`The renderer did not build:\n${output}`);
}

async function newestChange(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? await newestChange(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
