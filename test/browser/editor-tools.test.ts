import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 10_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

/** Three nodes piled in the wrong order, so that a layout has something to put right. */
const TANGLED: WorkflowDocument = {
  format: 1,
  id: 'tangled',
  name: 'Tangled',
  version: '1.0.0',
  nodes: [
    {
      id: 'output',
      type: 'output',
      position: { x: 0, y: 0 },
      settings: { fields: [{ name: 'script', type: 'text' }] },
    },
    {
      id: 'template',
      type: 'text.template',
      position: { x: 60, y: 40 },
      settings: { template: 'About {{topic}}' },
    },
    {
      id: 'input',
      type: 'input',
      position: { x: 120, y: 80 },
      settings: { fields: [{ name: 'topic', type: 'text' }] },
    },
  ],
  edges: [
    { from: ['input', 'topic'], to: ['template', 'topic'] },
    { from: ['template', 'text'], to: ['output', 'script'] },
  ],
};

const nodes = () => page.locator('.react-flow__node');
const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const edges = () => page.locator('.react-flow__edge');
const pane = () => page.locator('.react-flow__pane');
const dirty = () => page.locator('.save-state').getAttribute('data-dirty');
const zoom = () =>
  page
    .locator('.react-flow__viewport')
    .evaluate((element: HTMLElement) => new DOMMatrix(element.style.transform));

describe('the editing tools in Chromium', () => {
  it('lists every shortcut in the help overlay, opened with ? or the toolbar, closed again', async () => {
    await page.locator('.start-actions input[type="file"]').setInputFiles({
      name: 'tangled.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(TANGLED)),
    });
    await expect.poll(() => edges().count()).toBe(2);

    await node('input').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.locator('tr').count()).toBe(16);
    expect(await help.locator('tr', { hasText: 'Lay the graph out' }).textContent()).toContain(
      'Shift+L',
    );
    expect(await help.locator('tr', { hasText: 'Save the workflow' }).textContent()).toContain(
      'Ctrl+S',
    );
    await shared.browser.screenshot('editor-help-overlay');
    // Keys pressed over the list stay there: the selected node behind it is not deleted.
    await page.keyboard.press('Delete');
    await page.keyboard.press('?');
    await help.waitFor({ state: 'detached' });
    expect(await nodes().count()).toBe(3);

    await page.getByRole('button', { name: 'Help' }).click();
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Help' }).click();
    await help.waitFor();
    await page.locator('.overlay').click({ position: { x: 10, y: 10 } });
    await help.waitFor({ state: 'detached' });
  });

  it('lays the graph out left to right along its edges, without overlaps, and saves it', async () => {
    expect(await dirty()).toBe('false');
    await page.getByRole('button', { name: 'Layout' }).click();
    await expect.poll(dirty).toBe('true');

    // The view fits the laid-out graph in an animation: wait for where it ends.
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const laidOut = async () => {
      const boxes = await nodeBoxes();
      const inView = Object.values(boxes).every((box) => inside(box, canvas));
      const inOrder =
        boxes.input!.x + boxes.input!.width < boxes.template!.x &&
        boxes.template!.x + boxes.template!.width < boxes.output!.x;
      return { inView, inOrder };
    };
    await expect.poll(laidOut).toEqual({ inView: true, inOrder: true });
    await shared.browser.screenshot('editor-auto-layout');

    await page.keyboard.press('Control+s');
    await expect.poll(dirty).toBe('false');
    const saved = await savedDocument('tangled');
    const x = (id: string) => saved.nodes.find((n) => n.id === id)!.position.x;
    expect(x('input')).toBeLessThan(x('template'));
    expect(x('template')).toBeLessThan(x('output'));
  });

  it('zooms in, out and back to the whole graph with the controls', async () => {
    const start = (await zoom()).a;
    await page.locator('.react-flow__controls-zoomin').click();
    await expect.poll(async () => (await zoom()).a).toBeGreaterThan(start);
    const zoomedIn = (await zoom()).a;
    await page.locator('.react-flow__controls-zoomout').click();
    await page.locator('.react-flow__controls-zoomout').click();
    await expect.poll(async () => (await zoom()).a).toBeLessThan(zoomedIn);

    await page.mouse.move(700, 450);
    await page.mouse.wheel(0, -600);
    await page.locator('.react-flow__controls-fitview').click();
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await expect
      .poll(async () => Object.values(await nodeBoxes()).every((box) => inside(box, canvas)))
      .toBe(true);
  });

  it('shows every node on the minimap, and pans the canvas when the minimap is dragged', async () => {
    const minimap = page.getByTestId('minimap');
    await expect.poll(() => minimap.getAttribute('data-nodes')).toBe('3');
    // Each node in its category's colour: the template is a data node, in green.
    const colours = await minimap.evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const found = new Set<string>();
      for (let index = 0; index < data.length; index += 4) {
        found.add(`rgb(${data[index]}, ${data[index + 1]}, ${data[index + 2]})`);
      }
      return [...found];
    });
    expect(colours).toContain('rgb(34, 197, 94)');

    const before = await zoom();
    const box = (await minimap.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    const after = await zoom();
    expect(after.e).toBeLessThan(before.e);
    expect(after.f).toBeLessThan(before.f);
    await page.locator('.react-flow__controls-fitview').click();
    await viewSettled();

    // A press the browser cancels is no click: releasing it afterwards leaves the view alone.
    const fitted = await zoom();
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    await minimap.dispatchEvent('pointercancel', { pointerId: 1 });
    await page.mouse.up();
    await page.waitForTimeout(100);
    const left = await zoom();
    expect([left.a, left.e, left.f]).toEqual([fitted.a, fitted.e, fitted.f]);
  });

  it('adds a node from a search at the pointer with Space, and at a double-click', async () => {
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const at = { x: canvas.x + 120, y: canvas.y + 90 };
    await page.mouse.move(at.x, at.y);
    await page.keyboard.press(' ');
    const box = page.getByRole('dialog', { name: 'Add a node' });
    await box.waitFor();
    await page.keyboard.type('transform');
    expect(await box.locator('li.active .quick-add-type').textContent()).toBe('json.transform');
    await page.keyboard.press('Enter');
    await box.waitFor({ state: 'detached' });

    await expect.poll(() => nodes().count()).toBe(4);
    const added = (await node('transform').boundingBox())!;
    expect(Math.abs(added.x - at.x)).toBeLessThan(3);
    expect(Math.abs(added.y - at.y)).toBeLessThan(3);
    expect(await node('transform').getAttribute('class')).toContain('selected');
    await expect.poll(() => page.getByTestId('minimap').getAttribute('data-nodes')).toBe('4');

    // Near the right or the bottom edge, the box opens inside the window all the same.
    const area = (await pane().boundingBox())!;
    const view = page.viewportSize()!;
    for (const position of [
      { x: area.width - 4, y: area.height / 2 },
      { x: area.width / 2, y: area.height - 4 },
    ]) {
      await pane().dblclick({ position });
      await box.waitFor();
      const shown = (await box.boundingBox())!;
      expect(shown.x + shown.width).toBeLessThanOrEqual(view.width);
      expect(shown.y + shown.height).toBeLessThanOrEqual(view.height);
      await page.keyboard.press('Escape');
      await box.waitFor({ state: 'detached' });
    }

    await pane().dblclick({ position: { x: 300, y: 650 } });
    await box.waitFor();
    await page.keyboard.type('no kind is called this');
    await box.getByText('No node kind matches.').waitFor();
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    expect(await nodes().count()).toBe(4);

    await page.keyboard.press('Control+s');
    await expect.poll(dirty).toBe('false');
    const saved = (await savedDocument('tangled')).nodes.find((n) => n.id === 'transform');
    expect(saved?.type).toBe('json.transform');
  });

  it('lays the graph out with Shift+L too, as one step that undo takes back', async () => {
    const before = await nodeBoxes();
    await pane().click({ position: { x: 300, y: 650 } });
    await page.keyboard.press('Shift+L');
    await expect.poll(dirty).toBe('true');
    await expect
      .poll(
        async () =>
          JSON.stringify((await nodeBoxes()).transform) !== JSON.stringify(before.transform),
      )
      .toBe(true);

    await page.keyboard.press('Control+z');
    await expect.poll(dirty).toBe('false');
    await page.locator('.react-flow__controls-fitview').click();
    await viewSettled();
  });

  it('selects with a box and with Ctrl+click, deletes the selection, and undoes it', async () => {
    const template = (await node('template').boundingBox())!;
    const output = (await node('output').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(template.x - 20, template.y - 20);
    await page.mouse.down();
    await page.mouse.move(output.x + output.width + 20, output.y + output.height + 20, {
      steps: 6,
    });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await selectedIds()).toEqual(['output', 'template']);

    await page.keyboard.press('Delete');
    await expect.poll(() => nodes().count()).toBe(2);
    expect(await edges().count()).toBe(0);
    expect(await dirty()).toBe('true');
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodes().count()).toBe(4);
    await expect.poll(() => edges().count()).toBe(2);

    await node('input').click();
    await node('transform').click({ modifiers: ['Control'] });
    expect(await selectedIds()).toEqual(['input', 'transform']);
    await page.keyboard.press('Backspace');
    await expect.poll(() => nodes().count()).toBe(2);

    await page.keyboard.press('Control+s');
    await expect.poll(dirty).toBe('false');
    const saved = await savedDocument('tangled');
    expect(saved.nodes.map((n) => n.id).sort()).toEqual(['output', 'template']);
    expect(saved.edges).toEqual([{ from: ['template', 'text'], to: ['output', 'script'] }]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodes().count()).toBe(4);
  });

  it('copies nodes as JSON and pastes them, wired, into another window at the pointer', async () => {
    await pane().click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+a');
    await node('transform').click({ modifiers: ['Control'] });
    expect(await selectedIds()).toEqual(['input', 'output', 'template']);
    await page.keyboard.press('Control+c');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
      pipewright: string;
      nodes: { id: string }[];
      edges: unknown[];
    };
    expect(copied.pipewright).toBe('nodes');
    expect(copied.nodes.map((n) => n.id).sort()).toEqual(['input', 'output', 'template']);
    expect(copied.edges).toHaveLength(2);

    // Text selected on the page is copied as text, even with nodes selected on the canvas.
    const selected = await page.locator('.side-content').evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      return document.getSelection()!.toString();
    });
    expect(selected.trim()).not.toBe('');
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(selected);
    await page.evaluate(() => document.getSelection()!.removeAllRanges());
    expect(await selectedIds()).toEqual(['input', 'output', 'template']);
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('"pipewright"');

    const other = await shared.browser.context.newPage();
    await other.goto(shared.studio.url);
    await other.getByRole('button', { name: 'New blank pipeline' }).click();
    const canvas = (await other.getByTestId('canvas').boundingBox())!;
    const at = { x: canvas.x + 150, y: canvas.y + 120 };
    await other.mouse.move(at.x, at.y);
    await other.keyboard.press('Control+v');
    const pasted = other.locator('.react-flow__node');
    await expect.poll(() => pasted.count()).toBe(3);
    await expect.poll(() => other.locator('.react-flow__edge').count()).toBe(2);
    const corner = await pasted.evaluateAll((found) => {
      const boxes = found.map((element) => element.getBoundingClientRect());
      return { x: Math.min(...boxes.map((b) => b.x)), y: Math.min(...boxes.map((b) => b.y)) };
    });
    expect(Math.abs(corner.x - at.x)).toBeLessThan(3);
    expect(Math.abs(corner.y - at.y)).toBeLessThan(3);

    await other.keyboard.press('Control+s');
    await expect.poll(() => other.locator('.save-state').getAttribute('data-dirty')).toBe('false');
    const saved = await savedDocument('pipeline');
    expect(saved.nodes.map((n) => n.type).sort()).toEqual(['input', 'output', 'text.template']);
    expect(saved.edges).toHaveLength(2);
    await other.close();
  });
});

/** Waits until the view stops moving (fitting the view is animated). */
async function viewSettled() {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await zoom()).toString();
        const still = now === last;
        last = now;
        return still;
      },
      { interval: 100 },
    )
    .toBe(true);
}

async function selectedIds(): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node.selected')
    .evaluateAll((found) => found.map((element) => element.getAttribute('data-id') ?? ''));
  return ids.sort();
}

/** Where each node is drawn, in page pixels, by id. */
async function nodeBoxes(): Promise<
  Record<string, { x: number; y: number; width: number; height: number }>
> {
  const boxes: Record<string, { x: number; y: number; width: number; height: number }> = {};
  for (const found of await nodes().all()) {
    boxes[(await found.getAttribute('data-id'))!] = (await found.boundingBox())!;
  }
  return boxes;
}

function inside(
  box: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    box.x >= outer.x &&
    box.y >= outer.y &&
    box.x + box.width <= outer.x + outer.width &&
    box.y + box.height <= outer.y + outer.height
  );
}

async function savedDocument(id: string): Promise<WorkflowDocument> {
  const response = await fetch(`${shared.studio.origin}/api/workflows/${id}`, {
    headers: { authorization: `Bearer ${shared.studio.token}` },
  });
  const record = (await response.json()) as { document: WorkflowDocument };
  return record.document;
}
