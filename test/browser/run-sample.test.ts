import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

const status = (id: string) =>
  page.locator(`.react-flow__node[data-id="${id}"] .node-status`).getAttribute('data-status');

describe('a live run in Chromium', () => {
  it('runs the offline sample, shows each node change state, and plays the video', async () => {
    await page.locator('[data-sample="prompt-to-video-offline"]').click();
    await page.locator('.react-flow__node[data-id="render"]').waitFor();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.locator('#run-input-prompt').fill('lighthouses of the north sea');

    // Watch the render node from the page itself, so no short state between two polls is missed.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => {
        const state = document
          .querySelector('.react-flow__node[data-id="render"] .node-status')
          ?.getAttribute('data-status');
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Run pipeline' }).click();

    await expect.poll(() => status('render'), { timeout: 90_000 }).toBe('completed');
    await shared.browser.screenshot('run-completed');
    const seen = await page.evaluate(
      () => (window as unknown as { seenStates: string[] }).seenStates,
    );
    expect(seen[0]).toBe('waiting');
    expect(seen).toContain('running');
    expect(seen.at(-1)).toBe('completed');
    for (const id of ['prompt', 'narration', 'voice', 'result']) {
      expect(['completed', 'cached']).toContain(await status(id));
    }
    expect(await page.locator('[data-run-state]').getAttribute('data-run-state')).toBe('completed');

    await page.locator('.react-flow__node[data-id="render"]').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const video = page.locator('.inspector video');
    await video.waitFor();
    const duration = await video.evaluate(
      (element: HTMLVideoElement) =>
        new Promise<number>((done, fail) => {
          if (element.readyState >= 1) return done(element.duration);
          element.addEventListener('loadedmetadata', () => done(element.duration));
          element.addEventListener('error', () => fail(new Error('the video did not load')));
        }),
    );
    expect(duration).toBeGreaterThan(1);
    // The output's heading: its name as written, and its type as a separate quiet label.
    const heading = page.locator('.inspector .port-value[data-port="video"] h3');
    expect(await heading.locator('.port-value-name').textContent()).toBe('video');
    expect(await heading.locator('.port-value-type').textContent()).toBe('video');
    expect(await heading.evaluate((element) => getComputedStyle(element).textTransform)).toBe(
      'none',
    );
    await shared.browser.screenshot('run-inspector-video');
  }, 150_000);
});
