import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
let runsStarted = 0;
beforeAll(() => {
  page = shared.page;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/runs') {
      runsStarted += 1;
    }
  });
});

const runState = () => page.locator('[data-run-state]').getAttribute('data-run-state');
const toolbarRun = () => page.locator('.toolbar').getByTitle('Run (Ctrl+Enter)');
const tabSelected = (name: string) =>
  page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected');

describe("the toolbar's Run in Chromium", () => {
  it('opens the run form with the empty required field marked, and starts no run', async () => {
    await page.locator('[data-sample="headline-check"]').click();
    await page.getByRole('tab', { name: 'History' }).click();

    await toolbarRun().click();

    await expect.poll(() => tabSelected('Run')).toBe('true');
    const field = page.locator('.run-form .field', { has: page.locator('#run-input-headline') });
    await expect.poll(() => field.getAttribute('data-missing')).toBe('true');
    expect(await field.getByRole('alert').textContent()).toContain('Needed to run');
    await shared.browser.screenshot('run-button-missing-input');
    expect(runsStarted).toBe(0);

    await page.locator('#run-input-headline').fill('Lighthouses of the north sea');
    await expect.poll(() => field.getAttribute('data-missing')).toBe(null);
  });

  it('runs at the first press when another tab is open and the inputs are known', async () => {
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect.poll(runState, { timeout: 30_000 }).toBe('completed');
    expect(runsStarted).toBe(1);

    await page.getByRole('tab', { name: 'History' }).click();
    await toolbarRun().click();

    await expect.poll(() => runsStarted).toBe(2);
    await expect.poll(runState, { timeout: 30_000 }).toBe('completed');
  });
});
