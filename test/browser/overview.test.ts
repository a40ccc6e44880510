import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 15_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

/** Sixty Template nodes in one long row, each fed by the one before: fitted, a far overview. */
const SIZE = 60;
const ROW: WorkflowDocument = {
  format: 1,
  id: 'long-row',
  name: 'Long row',
  version: '1.0.0',
  nodes: Array.from({ length: SIZE }, (_, index) => ({
    id: `n${index}`,
    type: 'text.template',
    position: { x: index * 320, y: (index % 3) * 120 },
    settings: { template: 'Step after {{previous}}' },
  })),
  edges: Array.from({ length: SIZE - 1 }, (_, index) => ({
    from: [`n${index}`, 'text'] as [string, string],
    to: [`n${index + 1}`, 'previous'] as [string, string],
  })),
};

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const zoom = () =>
  page
    .locator('.react-flow__viewport')
    .evaluate((element: HTMLElement) => new DOMMatrix(element.style.transform).a);
const placeOf = (id: string) =>
  node(id).evaluate((element: HTMLElement) => element.style.transform);
/** The curves the overview draws: one `M` per edge, whatever its colour. */
const overviewCurves = () =>
  page
    .getByTestId('overview-edges')
    .locator('path')
    .evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? '').join(' '))
    .then((d) => (d.match(/M/g) ?? []).length);

describe('a big workflow seen whole, in Chromium', () => {
  it('is drawn as an overview: boxes without handles, every edge in one drawing', async () => {
    const { studio } = shared;
    const saved = await fetch(`${studio.origin}/api/workflows/${ROW.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${studio.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ document: ROW }),
    });
    expect(saved.status).toBe(200);
    // Only the fragment changes, which the page reads when it loads: load it again.
    await page.goto(`${studio.url}&workflow=${ROW.id}`);
    await page.reload();
    await expect
      .poll(() => page.locator('.react-flow__node').count(), { timeout: 15_000 })
      .toBe(SIZE);

    await expect.poll(zoom).toBeLessThan(0.2);
    await page.locator('.canvas.overview').waitFor();
    await expect.poll(overviewCurves).toBe(SIZE - 1);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    expect(await page.locator('.react-flow__handle').count()).toBe(0);
    await expect.poll(() => page.locator('.pipeline-node.overview-box').count()).toBe(SIZE);
    await shared.browser.screenshot('overview-long-row');
  });

  it('drags a node in the overview as one undoable move, its edges following', async () => {
    const before = await placeOf('n30');
    const curvesBefore = await page
      .getByTestId('overview-edges')
      .locator('path')
      .first()
      .getAttribute('d');
    const box = (await node('n30').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 60, { steps: 8 });
    await page.mouse.up();

    await expect.poll(() => placeOf('n30')).not.toBe(before);
    await expect
      .poll(() => page.getByTestId('overview-edges').locator('path').first().getAttribute('d'))
      .not.toBe(curvesBefore);
    expect(await overviewCurves()).toBe(SIZE - 1);
    expect(await page.locator('.save-state').getAttribute('data-dirty')).toBe('true');

    await page.keyboard.press('Control+z');
    await expect.poll(() => placeOf('n30')).toBe(before);
  });

  it('gives the nodes their handles and React Flow its edges back when zoomed in', async () => {
    const box = (await node('n30').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let turn = 0; turn < 12 && (await zoom()) < 0.3; turn += 1) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(50);
    }
    expect(await zoom()).toBeGreaterThan(0.2);
    await page.locator('.canvas.overview').waitFor({ state: 'detached' });
    expect(await page.getByTestId('overview-edges').count()).toBe(0);

    // Handles measured again: React Flow can draw every edge, each from its port.
    await expect.poll(() => page.locator('.react-flow__handle').count()).toBe(SIZE * 2);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(SIZE - 1);
    const handle = (await node('n30').locator('.react-flow__handle-left').boundingBox())!;
    const edgeStart = await page
      .locator('.react-flow__edge[data-id] path.react-flow__edge-path')
      .first()
      .getAttribute('d');
    expect(edgeStart).toMatch(/^M/);
    expect(handle.width).toBeGreaterThan(0);
    await shared.browser.screenshot('overview-zoomed-in');
  });
});
