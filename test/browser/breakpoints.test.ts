import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const status = (id: string) => node(id).locator('.node-status').getAttribute('data-status');
const runState = () => page.locator('[data-run-state]').getAttribute('data-run-state');
const toolbar = () => page.locator('.toolbar');

describe('breakpoints and partial runs in Chromium', () => {
  it('pauses at a breakpoint set on the canvas, steps and continues from the toolbar', async () => {
    await page.locator('[data-sample="headline-check"]').click();
    await node('fits').click();
    await page.keyboard.press('b');
    await node('fits').locator('.badge-breakpoint').waitFor();

    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('#run-input-headline').fill('Lighthouses of the north sea');
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect.poll(() => status('fits')).toBe('paused');
    expect(await status('headline')).toBe('completed');
    // The inspector shows what the paused node is about to take.
    const inputs = page.getByRole('tab', { name: 'inputs' });
    await expect.poll(() => inputs.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.inspector [data-port="value"]').textContent()).toContain(
      'Lighthouses of the north sea',
    );
    await shared.browser.screenshot('breakpoint-paused');

    await toolbar().getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => status('fits')).toBe('completed');
    await expect.poll(() => runState()).toBe('paused');

    await toolbar().getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => runState()).toBe('completed');
    expect(await toolbar().getByRole('button', { name: 'Step' }).count()).toBe(0);
    await shared.browser.screenshot('breakpoint-continued');
  }, 60_000);

  it('runs from a node with the inputs of the run on screen, upstream from the cache', async () => {
    await node('fits').click();
    await page.keyboard.press('b');
    await expect.poll(() => node('fits').locator('.badge-breakpoint').count()).toBe(0);

    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByRole('button', { name: 'Run from here' }).click();
    await expect.poll(() => status('headline')).toBe('cached');
    await expect.poll(() => runState()).toBe('completed');

    // The run form comes back holding what the run started with.
    await page.getByRole('tab', { name: 'Run' }).click();
    expect(await page.locator('#run-input-headline').inputValue()).toBe(
      'Lighthouses of the north sea',
    );
    await shared.browser.screenshot('run-from-node');
  }, 60_000);

  it('follows a paused run again when it is opened from History, and continues it', async () => {
    await node('fits').click();
    await page.keyboard.press('b');
    await node('fits').locator('.badge-breakpoint').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect.poll(() => status('fits')).toBe('paused');

    // Looking at a finished run leaves the paused one behind...
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = (state: string) =>
      page.locator('.history-list li').filter({ has: page.locator(`.run-state-${state}`) });
    await entry('completed').first().locator('.history-open').click();
    await expect.poll(() => runState()).toBe('completed');
    expect(await toolbar().getByRole('button', { name: 'Continue' }).count()).toBe(0);

    // ...and opening the paused one from History follows it live, so it can be continued.
    await entry('paused').locator('.history-open').click();
    await expect.poll(() => runState()).toBe('paused');
    await expect.poll(() => status('fits')).toBe('paused');
    expect(['completed', 'cached']).toContain(await status('headline'));
    await toolbar().getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => runState()).toBe('completed');
    expect(['completed', 'cached']).toContain(await status('fits'));
  }, 60_000);
});
