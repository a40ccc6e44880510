import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 10_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

const FIRST: WorkflowDocument = {
  format: 1,
  id: 'greeting',
  name: 'Greeting',
  version: '1.0.0',
  nodes: [
    { id: 'in', type: 'input', position: { x: 0, y: 0 }, settings: { fields: [] } },
    {
      id: 'greet',
      type: 'text.template',
      position: { x: 300, y: 0 },
      settings: { template: 'Hello' },
    },
  ],
  edges: [],
};
const SECOND: WorkflowDocument = {
  ...FIRST,
  name: 'Greeting with output',
  nodes: [
    ...FIRST.nodes,
    { id: 'out', type: 'output', position: { x: 600, y: 0 }, settings: { fields: [] } },
  ],
};

const nodeIds = () =>
  page
    .locator('.react-flow__node')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')).sort());
const dirty = () => page.locator('.save-state').getAttribute('data-dirty');
const versions = () =>
  page
    .getByTestId('versions')
    .locator('li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-revision'))));

async function save(document: WorkflowDocument, message: string) {
  const { studio } = shared;
  const answer = await fetch(`${studio.origin}/api/workflows/${document.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${studio.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document, message }),
  });
  expect(answer.status).toBe(200);
}

describe('saved versions in the History panel, in Chromium', () => {
  it('lists them newest first and restores an old one as an unsaved, undoable change', async () => {
    await save(FIRST, 'two nodes');
    await save(SECOND, 'added the output');
    await page.goto(`${shared.studio.url}&workflow=${FIRST.id}`);
    await page.reload();
    await expect.poll(nodeIds).toEqual(['greet', 'in', 'out']);

    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(versions).toEqual([2, 1]);
    const older = page.locator('[data-testid="versions"] li[data-revision="1"]');
    expect(await older.textContent()).toContain('two nodes');
    // The newest is what is saved now: nothing to restore there.
    expect(await page.locator('[data-revision="2"] button').count()).toBe(0);

    await older.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(nodeIds).toEqual(['greet', 'in']);
    expect(await dirty()).toBe('true');
    // The name comes back with the graph.
    expect(await page.locator('.workflow-name').inputValue()).toBe('Greeting');
    await shared.browser.screenshot('versions-restored');

    // Undo brings the newest back, unchanged; restoring again and saving makes a third version.
    await page.keyboard.press('Control+z');
    await expect.poll(nodeIds).toEqual(['greet', 'in', 'out']);
    await expect.poll(dirty).toBe('false');
    expect(await page.locator('.workflow-name').inputValue()).toBe('Greeting with output');
    await older.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(nodeIds).toEqual(['greet', 'in']);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(dirty).toBe('false');
    await expect.poll(versions).toEqual([3, 2, 1]);

    const { studio } = shared;
    const record = (await (
      await fetch(`${studio.origin}/api/workflows/${FIRST.id}`, {
        headers: { authorization: `Bearer ${studio.token}` },
      })
    ).json()) as { document: WorkflowDocument };
    expect(record.document.nodes.map((node) => node.id).sort()).toEqual(['greet', 'in']);
    expect(record.document.name).toBe('Greeting');
  });
});
