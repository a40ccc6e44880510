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
/** Undoes a move and waits until the node is back: a view fitted sooner would fit the old place. */
const undoMove = async (id: string, place: string) => {
  await page.keyboard.press('Control+z');
  await expect.poll(() => placeOf(id)).toBe(place);
};
/** How far a node went between two of its `translate(Xpx, Ypx)` places. */
const shift = (from: string, to: string) => {
  const [x0, y0] = (from.match(/-?[\d.]+/g) ?? []).map(Number);
  const [x1, y1] = (to.match(/-?[\d.]+/g) ?? []).map(Number);
  return [x1! - x0!, y1! - y0!];
};
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

  it('selects with a click, drags the selection together, and commits on release', async () => {
    const selected = () =>
      page
        .locator('.react-flow__node.selected')
        .evaluateAll((nodes) => nodes.map((element) => element.getAttribute('data-id')));
    const centre = async (id: string) => {
      const box = (await node(id).boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };

    // A press that does not move is a click: it selects, and Ctrl adds to the selection.
    const first = await centre('n10');
    await page.mouse.click(first.x, first.y);
    await expect.poll(selected).toEqual(['n10']);
    const second = await centre('n11');
    await page.keyboard.down('Control');
    await page.mouse.click(second.x, second.y);
    await expect.poll(selected).toEqual(['n10', 'n11']);

    const before = {
      n10: await placeOf('n10'),
      n11: await placeOf('n11'),
      n12: await placeOf('n12'),
    };
    const liveCurves = () =>
      page
        .locator('svg.overview-edges')
        .nth(1)
        .locator('path')
        .evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? '').join(' '));
    // Control is still held from the clicks, as a user picking nodes then dragging them holds it.
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    await page.mouse.move(first.x + 30, first.y + 40, { steps: 6 });

    // Mid-drag: both selected nodes follow, their three edges are drawn apart, nothing saved yet.
    await expect.poll(() => placeOf('n10')).not.toBe(before.n10);
    expect(await placeOf('n11')).not.toBe(before.n11);
    expect(await placeOf('n12')).toBe(before.n12);
    await expect.poll(async () => ((await liveCurves()).match(/M/g) ?? []).length).toBe(3);
    expect(await page.locator('.save-state').getAttribute('data-dirty')).toBe('false');

    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect.poll(() => page.locator('.save-state').getAttribute('data-dirty')).toBe('true');
    // The click that ends a drag, Control still held, does not take n10 out of the selection.
    expect(await selected()).toEqual(['n10', 'n11']);
    expect(await liveCurves()).toBe('');
    expect(await overviewCurves()).toBe(SIZE - 1);
    const moved = shift(before.n10, await placeOf('n10'));
    expect(shift(before.n11, await placeOf('n11'))).toEqual(moved);
    expect(moved[0]).toBeGreaterThan(100);

    // One step back puts both where they were; a drag of an unselected node selects it alone.
    await page.keyboard.press('Control+z');
    await expect.poll(() => placeOf('n10')).toBe(before.n10);
    expect(await placeOf('n11')).toBe(before.n11);
    const third = await centre('n20');
    const thirdPlace = await placeOf('n20');
    await page.mouse.move(third.x, third.y);
    await page.mouse.down();
    await page.mouse.move(third.x, third.y + 30, { steps: 4 });
    await page.mouse.up();
    await expect.poll(selected).toEqual(['n20']);
    await undoMove('n20', thirdPlace);
  });

  it('keeps a dragged node under the pointer when the view zooms during the drag', async () => {
    const box = (await node('n40').boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const before = await zoom();
    const place = await placeOf('n40');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 20, start.y + 30, { steps: 4 });
    await page.mouse.wheel(0, -150);
    await expect.poll(zoom).toBeGreaterThan(before * 1.1);
    expect(await zoom()).toBeLessThan(0.2);
    await page.mouse.move(start.x + 60, start.y + 80, { steps: 4 });
    await page.mouse.up();

    // The point pressed, the node's middle, is where the pointer let go.
    const after = (await node('n40').boundingBox())!;
    expect(after.x + after.width / 2).toBeCloseTo(start.x + 60, -0.5);
    expect(after.y + after.height / 2).toBeCloseTo(start.y + 80, -0.5);
    await undoMove('n40', place);
    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(zoom).toBeCloseTo(before, 3);
  });

  it('pans the view while a dragged node is held near a side of the canvas', async () => {
    const pane = (await page.locator('.react-flow').boundingBox())!;
    const box = (await node('n35').boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const view = () =>
      page
        .locator('.react-flow__viewport')
        .evaluate((element: HTMLElement) => new DOMMatrix(element.style.transform).e);
    const before = await view();
    const place = await placeOf('n35');
    const side = { x: pane.x + pane.width - 10, y: start.y };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(side.x, side.y, { steps: 8 });
    // Held still at the right side: the view moves left, frame after frame.
    await expect.poll(view).toBeLessThan(before - 100);
    await page.mouse.up();
    const panned = await view();
    await page.waitForTimeout(100);
    expect(await view()).toBe(panned);

    // The node went along: its middle is where the pointer let go.
    const after = (await node('n35').boundingBox())!;
    expect(after.x + after.width / 2).toBeCloseTo(side.x, -0.5);
    await undoMove('n35', place);
    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(view).toBeCloseTo(before, 0);
  });

  it('measures a node again when its ports change in the overview', async () => {
    const box = (await node('n5').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const field = page.locator('#setting-n5-template');
    await field.fill('Step after {{previous}}, then {{extra}} and {{more}}');
    // A press on another node takes the focus from the field, which keeps what was typed.
    const other = (await node('n7').boundingBox())!;
    await page.mouse.click(other.x + other.width / 2, other.y + other.height / 2);

    // Two more input rows: a taller box, still a box, and its edge still drawn.
    await expect
      .poll(async () => (await node('n5').boundingBox())!.height)
      .toBeGreaterThan(box.height * 1.2);
    await expect.poll(() => node('n5').locator('.overview-box').count()).toBe(1);
    expect(await overviewCurves()).toBe(SIZE - 1);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await node('n5').boundingBox())!.height)
      .toBeCloseTo(box.height, 0);
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
