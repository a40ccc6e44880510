import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
let outRoot: string;

beforeAll(async () => {
  page = shared.page;
  outRoot = await mkdtemp(join(tmpdir(), 'pipewright-studio-export-'));
});

afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

const dialog = () => page.getByRole('dialog', { name: 'Export as a service' });

describe('the Export dialog in Chromium', () => {
  it('shows the contract, serves and tries it, and exports a folder', async () => {
    await page.locator('[data-sample="headline-check"]').click();
    await page.locator('.react-flow__node[data-id="headline"]').waitFor();
    // Keys pressed over the dialog stay there: Delete does not remove the node selected behind it.
    await page.locator('.react-flow__node[data-id="headline"]').click();
    await page.getByRole('button', { name: 'Export service' }).click();
    await dialog().waitFor();
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await page.locator('.react-flow__node[data-id="headline"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Export service' }).click();

    const routes = dialog().getByRole('table', { name: 'Routes' });
    await routes.getByText('/run', { exact: true }).waitFor();
    expect(await routes.textContent()).toContain('runHeadlineCheck');
    const request = dialog().getByRole('table', { name: 'Request fields' });
    expect(await request.locator('[data-field="headline"]').textContent()).toContain('yes');
    await shared.browser.screenshot('export-contract');

    await dialog().getByRole('tab', { name: 'Serve and try' }).click();
    await dialog().locator('#try-headline').fill('Ten tips for faster renders');
    await dialog().getByRole('button', { name: 'Send request' }).click();
    const answer = dialog().getByRole('region', { name: 'Response' });
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.locator('.http-status').textContent()).toBe('200');
    expect(await answer.textContent()).toContain('Approved: Ten tips for faster renders');
    await shared.browser.screenshot('export-try');

    const first = join(outRoot, 'first');
    await dialog().getByLabel('Export folder').fill(first);
    await dialog().getByRole('button', { name: 'Export service' }).click();
    await dialog()
      .getByText(/Wrote \d+ files/)
      .waitFor({ timeout: 60_000 });
    const contract = JSON.parse(await readFile(join(first, 'openapi.json'), 'utf8'));
    expect(contract.info.version).toBe('1.0.0');
    expect(existsSync(join(first, 'server.mjs'))).toBe(true);
  }, 120_000);

  it('marks a new required input as breaking and exports only with the major version', async () => {
    await dialog().getByRole('button', { name: 'Close' }).click();
    await page.locator('.react-flow__node[data-id="headline"]').click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.locator('#setting-headline-fields-1-name').fill('audience');
    await page.locator('#setting-headline-fields-1-name').blur();

    await page.getByRole('button', { name: 'Export service' }).click();
    await dialog()
      .getByRole('tab', { name: /Changes/ })
      .click();
    const changes = dialog().getByRole('list', { name: 'Contract changes' });
    await changes.waitFor();
    expect(await changes.locator('.change-major').first().textContent()).toContain('audience');
    const exportButton = dialog().getByRole('button', { name: 'Export service' });
    expect(await exportButton.isDisabled()).toBe(true);
    await shared.browser.screenshot('export-breaking-change');

    await dialog().getByRole('button', { name: 'Use version 2.0.0' }).click();
    await expect.poll(() => exportButton.isDisabled()).toBe(false);
    const second = join(outRoot, 'second');
    await dialog().getByLabel('Export folder').fill(second);
    await exportButton.click();
    await dialog()
      .getByText(/Wrote \d+ files/)
      .waitFor({ timeout: 60_000 });
    const contract = JSON.parse(await readFile(join(second, 'openapi.json'), 'utf8'));
    expect(contract.info.version).toBe('2.0.0');
    expect(contract.components.schemas.RunRequest.required).toContain('audience');
  }, 120_000);
});
