import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 10_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const handle = (id: string, port: string) =>
  node(id).locator(`[data-port="${port}"] .react-flow__handle`);
const edges = () => page.locator('.react-flow__edge');

describe('the editor in Chromium', () => {
  it('builds a pipeline from the palette, refuses a wrong connection, undoes, redoes and saves', async () => {
    await page.getByRole('button', { name: 'New blank pipeline' }).click();
    await expect.poll(() => page.getByText('An empty pipeline').isVisible()).toBe(true);

    await dragFromPalette('input', 60, 200);
    await dragFromPalette('text.template', 330, 200);
    await dragFromPalette('output', 600, 200);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.getByText('An empty pipeline').count()).toBe(0);

    await node('input').click();
    await page.getByRole('button', { name: 'Add field' }).click();
    await fill(page.locator('#setting-input-fields-0-name'), 'topic');
    await node('template').click();
    await fill(page.locator('#setting-template-template'), 'A film about {{topic}}');
    await node('output').click();
    await page.getByRole('button', { name: 'Add field' }).click();
    await fill(page.locator('#setting-output-fields-0-name'), 'script');
    await page.getByRole('button', { name: 'Add field' }).click();
    await fill(page.locator('#setting-output-fields-1-name'), 'clip');
    await page.locator('#setting-output-fields-1-type').selectOption('video');
    // Ports follow settings: the server answers with each node's new ports.
    await handle('output', 'clip').waitFor();
    await handle('template', 'topic').waitFor();

    await connect(handle('input', 'topic'), handle('template', 'topic'));
    await connect(handle('template', 'text'), handle('output', 'script'));
    await expect.poll(() => edges().count()).toBe(2);

    await connect(handle('template', 'text'), handle('output', 'clip'));
    const notice = page.getByRole('alert').filter({ hasText: 'Not connected' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('template.text is a text output');
    expect(await notice.textContent()).toContain('output.clip takes a video input');
    expect(await edges().count()).toBe(2);
    await shared.browser.screenshot('editor-refused-connection');

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => edges().count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => edges().count()).toBe(2);

    expect(await page.locator('.save-state').getAttribute('data-dirty')).toBe('true');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.save-state').getAttribute('data-dirty')).toBe('false');
    await shared.browser.screenshot('editor-saved');
  }, 120_000);

  it('finds the workflow saved after a reload', async () => {
    await page.reload();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => edges().count()).toBe(2);
    await node('template').click();
    expect(await page.locator('#setting-template-template').inputValue()).toBe(
      'A film about {{topic}}',
    );

    const saved = await fetch(`${shared.studio.origin}/api/workflows`, {
      headers: { authorization: `Bearer ${shared.studio.token}` },
    }).then((response) => response.json() as Promise<{ id: string; nodeCount: number }[]>);
    expect(saved).toEqual([expect.objectContaining({ nodeCount: 3 })]);
    await shared.browser.screenshot('editor-after-reload');
  });

  it('drags two selected nodes as one undoable move, saved only once the drag ends', async () => {
    const dirty = () => page.locator('.save-state').getAttribute('data-dirty');
    const placeOf = (id: string) =>
      node(id).evaluate((element: HTMLElement) => new DOMMatrix(element.style.transform).e);
    const [inputX, templateX] = [await placeOf('input'), await placeOf('template')];
    await node('input').click();
    await node('template').click({ modifiers: ['Control'] });

    const box = (await node('template').locator('.node-title').boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 70, box.y + 45, { steps: 6 });
    await expect.poll(() => placeOf('template')).toBeGreaterThan(templateX + 30);
    expect(await placeOf('input')).toBeGreaterThan(inputX + 30);
    expect(await dirty()).toBe('false');
    await page.mouse.move(box.x + 130, box.y + 85, { steps: 6 });
    await page.mouse.up();
    await expect.poll(dirty).toBe('true');

    await page.keyboard.press('Control+s');
    await expect.poll(dirty).toBe('false');
    const [summary] = await api<{ id: string }[]>('/api/workflows');
    const saved = await api<{ document: { nodes: { id: string; position: { x: number } }[] } }>(
      `/api/workflows/${summary!.id}`,
    );
    const savedX = (id: string) => saved.document.nodes.find((n) => n.id === id)!.position.x;
    expect(savedX('template')).toBeCloseTo(await placeOf('template'), 0);
    expect(savedX('input')).toBeCloseTo(await placeOf('input'), 0);
    expect(savedX('template')).toBeGreaterThan(templateX + 60);

    await page.keyboard.press('Control+z');
    await expect.poll(() => placeOf('template')).toBeCloseTo(templateX, 0);
    expect(await placeOf('input')).toBeCloseTo(inputX, 0);
    expect(await dirty()).toBe('true');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => placeOf('template')).toBeGreaterThan(templateX + 60);
    await page.keyboard.press('Control+s');
    await expect.poll(dirty).toBe('false');
  });

  it('zooms with the controls and stops painting unreadable port names when far out', async () => {
    const ports = node('template').locator('.node-ports');
    const zoom = () =>
      page
        .locator('.react-flow__viewport')
        .evaluate((element: HTMLElement) => new DOMMatrix(element.style.transform).a);
    const before = await zoom();
    expect(await ports.isVisible()).toBe(true);

    for (let click = 0; click < 12 && (await zoom()) >= 0.35; click += 1) {
      await page.locator('.react-flow__controls-zoomout').click();
    }
    expect(await zoom()).toBeLessThan(before);
    await expect.poll(() => ports.isVisible()).toBe(false);
    await expect.poll(() => edges().count()).toBe(2);
    await shared.browser.screenshot('editor-zoomed-far-out');

    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(() => ports.isVisible()).toBe(true);
  });
});

describe('workflow files in Chromium', () => {
  it('exports the workflow as a file and imports an edited copy of it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export file' }).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    const exported = JSON.parse(text) as { id: string; name: string; nodes: unknown[] };
    expect(download.suggestedFilename()).toBe(`${exported.id}.json`);
    expect(exported.nodes).toHaveLength(3);

    const copy = { ...exported, id: 'imported-copy', name: 'Imported copy' };
    await page.locator('.toolbar input[type="file"]').setInputFiles({
      name: 'imported-copy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(copy)),
    });
    await expect.poll(() => page.getByLabel('Workflow name').inputValue()).toBe('Imported copy');
    expect(await page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.locator('.save-state').getAttribute('data-dirty')).toBe('false');

    await page.locator('.brand').click();
    await page.locator('[data-workflow="imported-copy"]').waitFor();
    await shared.browser.screenshot('editor-imported-on-start-screen');
  });

  it('refuses a file that is not a workflow and says why', async () => {
    await page.locator('[data-workflow="imported-copy"]').click();
    await page.locator('.toolbar input[type="file"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 1, id: 'broken', nodes: 'none' })),
    });
    const notice = page.getByRole('alert').filter({ hasText: 'The file was not imported' });
    await notice.waitFor();
    expect(await page.getByLabel('Workflow name').inputValue()).toBe('Imported copy');
  });
});

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${shared.studio.origin}${path}`, {
    headers: { authorization: `Bearer ${shared.studio.token}` },
  });
  return (await response.json()) as T;
}

async function dragFromPalette(kind: string, x: number, y: number) {
  const pane = page.locator('.react-flow__pane');
  await page
    .locator(`.palette-item[data-kind="${kind}"]`)
    .dragTo(pane, { targetPosition: { x, y } });
}

async function fill(field: Locator, text: string) {
  await field.fill(text);
  await field.blur();
}

/** Drags from one handle to another with the mouse, as a person wires two ports. */
async function connect(from: Locator, to: Locator) {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}
