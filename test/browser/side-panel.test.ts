import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
const runBodies: { inputs?: Record<string, unknown> }[] = [];
/** Every answer the studio API gave the page, as text. */
const answers: string[] = [];
beforeAll(() => {
  page = shared.page;
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/runs') return;
    runBodies.push(request.postDataJSON() as { inputs?: Record<string, unknown> });
  });
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    if (response.headers()['content-type']?.includes('event-stream')) return;
    answers.push(await response.text().catch(() => ''));
  });
});

const SECRET = 'sk-pipewright-test-4f1d9c2a';
const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const headline = () => page.locator('#run-input-headline');
const runState = () => page.locator('[data-run-state]').getAttribute('data-run-state');
const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

describe('the side panel in Chromium', () => {
  it('keeps what was typed into the run form while other tabs are shown, and runs it', async () => {
    await page.locator('[data-sample="headline-check"]').click();
    await tab('Run').click();
    await headline().fill('Tide pools at dawn');

    await tab('History').click();
    await headline().waitFor({ state: 'detached' });
    await tab('Run').click();
    expect(await headline().inputValue()).toBe('Tide pools at dawn');

    await node('fits').click();
    await expect.poll(() => tab('Settings').getAttribute('aria-selected')).toBe('true');
    await tab('Run').click();
    expect(await headline().inputValue()).toBe('Tide pools at dawn');

    // The toolbar's Run, pressed with another tab open, runs what the form shows.
    await tab('History').click();
    await page.locator('.toolbar').getByTitle('Run (Ctrl+Enter)').click();
    await expect.poll(() => runBodies.length).toBe(1);
    expect(runBodies[0]!.inputs).toEqual({ headline: 'Tide pools at dawn' });
    await expect.poll(runState, { timeout: 30_000 }).toBe('completed');

    await tab('Run').click();
    expect(await headline().inputValue()).toBe('Tide pools at dawn');
    await page.locator('.run-outputs [data-output="verdict"]').waitFor();
  });

  it('shows nothing of the last run in the next workflow opened', async () => {
    await page.locator('.brand').click();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.locator('[data-sample="headline-check"]').click();
    await tab('Run').click();

    expect(await headline().inputValue()).toBe('');
    expect(await page.locator('.run-outputs').count()).toBe(0);
    expect(await page.locator('[data-run-state="completed"]').count()).toBe(0);
  });

  it('adds a credential from the settings panel, uses it, and never gets its secret back', async () => {
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + 80, canvas.y + 60);
    await page.keyboard.press(' ');
    await page.keyboard.type('llm script');
    await page.keyboard.press('Enter');
    await node('script').waitFor();
    await expect.poll(() => tab('Settings').getAttribute('aria-selected')).toBe('true');

    const picker = page.locator('#credential-openai');
    await picker.selectOption({ label: 'Add a credential…' });
    const form = page.locator('.new-credential');
    await form.getByLabel('Name').fill('studio-openai');
    await form.getByLabel('Secret').fill(SECRET);
    await form.getByLabel('Base URL (optional)').fill('http://127.0.0.1:9/v1');
    await form.getByRole('button', { name: 'Save credential' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await picker.inputValue()).toBe('studio-openai');
    expect(await picker.locator('option:checked').textContent()).toBe(
      'studio-openai · http://127.0.0.1:9/v1',
    );

    const listed = await api<Record<string, unknown>[]>('/api/credentials');
    expect(listed).toEqual([
      {
        name: 'studio-openai',
        baseUrl: 'http://127.0.0.1:9/v1',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.save-state').getAttribute('data-dirty')).toBe('false');
    const id = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('workflow')!;
    const saved = await api<{ document: WorkflowDocument }>(`/api/workflows/${id}`);
    const script = saved.document.nodes.find((n) => n.id === 'script')!;
    expect(script.credentials).toEqual({ openai: 'studio-openai' });

    await page.reload();
    await node('script').click();
    await expect.poll(() => page.locator('#credential-openai').inputValue()).toBe('studio-openai');

    // Adding one under a name already saved says that it replaces that one.
    await picker.selectOption({ label: 'Add a credential…' });
    await form.getByLabel('Name').fill('studio-openai');
    await form.getByRole('alert').filter({ hasText: 'is saved already' }).waitFor();
    expect(await form.getByRole('button', { name: 'Replace credential' }).count()).toBe(1);
    await form.getByLabel('Name').fill('studio-openai-2');
    expect(await form.getByRole('alert').count()).toBe(0);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await picker.inputValue()).toBe('studio-openai');

    expect(answers.length).toBeGreaterThan(5);
    expect(answers.filter((text) => text.includes(SECRET))).toEqual([]);
    expect(await filesHolding(shared.studio.home, SECRET)).toEqual([]);
  });
});

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${shared.studio.origin}${path}`, {
    headers: { authorization: `Bearer ${shared.studio.token}` },
  });
  return (await response.json()) as T;
}

/** The files under a folder whose bytes hold the text as it is: a plain-text secret would. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(text)) found.push(path);
  }
  return found;
}
