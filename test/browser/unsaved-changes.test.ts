import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { useStudioPage } from '../harness/browser.ts';

const shared = useStudioPage({ stepTimeoutMs: 10_000 });
let page: Page;
beforeAll(() => {
  page = shared.page;
});

const marker = () => page.locator('.save-state');
const dirty = () => marker().getAttribute('data-dirty');
const nameField = () => page.getByLabel('Workflow name');
const unsaved = () => page.getByRole('alertdialog', { name: 'Unsaved changes' });

describe('the unsaved-changes marker in Chromium', () => {
  it('marks a template as unsaved, clears on save, and comes back with an edit or goes with its undo', async () => {
    await page.locator('[data-sample="headline-check"]').click();
    expect(await dirty()).toBe('true');
    expect(await marker().textContent()).toBe('● unsaved');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(dirty).toBe('false');
    expect(await marker().textContent()).toBe('saved');
    expect((await saved()).name).toBe('Headline check');

    await rename('Headline check, edited');
    await expect.poll(dirty).toBe('true');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect.poll(dirty).toBe('false');
    expect(await nameField().inputValue()).toBe('Headline check');
  });

  it('saves before exporting the file, so the file holds what the canvas shows', async () => {
    await rename('Headline check, exported');
    await expect.poll(dirty).toBe('true');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export file' }).click(),
    ]);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as WorkflowDocument;
    expect(file.name).toBe('Headline check, exported');
    await expect.poll(dirty).toBe('false');
    expect((await saved()).name).toBe('Headline check, exported');
  });

  it('asks before leaving unsaved changes: stay, discard, or save and go on', async () => {
    await page.locator('.react-flow__node[data-id="fits"]').click();
    const nodeCount = await page.locator('.react-flow__node').count();
    await rename('Draft name');
    await page.locator('.brand').click();
    await unsaved().waitFor();
    expect(await unsaved().textContent()).toContain('“Draft name” has changes that are not saved');
    await shared.browser.screenshot('editor-unsaved-changes-dialog');
    // The canvas behind it takes no keys: nothing is deleted or undone there.
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+z');
    expect(await page.locator('.react-flow__node').count()).toBe(nodeCount);
    expect(await page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('fits');
    await unsaved().getByRole('button', { name: 'Keep editing' }).click();
    await unsaved().waitFor({ state: 'detached' });
    expect(await nameField().inputValue()).toBe('Draft name');
    expect(await page.locator('.react-flow__node').count()).toBe(nodeCount);
    expect(await dirty()).toBe('true');

    await page.locator('.brand').click();
    await unsaved().getByRole('button', { name: 'Discard changes' }).click();
    const card = page.locator('[data-workflow="headline-check"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('Headline check, exported');
    await card.click();
    await expect.poll(() => nameField().inputValue()).toBe('Headline check, exported');
    expect(await dirty()).toBe('false');

    await rename('Saved on the way out');
    await page.locator('.brand').click();
    await unsaved().getByRole('button', { name: 'Save and go on' }).click();
    await card.waitFor();
    expect(await card.textContent()).toContain('Saved on the way out');
    expect((await saved()).name).toBe('Saved on the way out');
  });

  it('asks before an import replaces unsaved changes, and leaves at once when all is saved', async () => {
    await page.locator('[data-workflow="headline-check"]').click();
    await rename('Not kept');
    await page.getByRole('button', { name: 'Import' }).click();
    await unsaved().waitFor();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      unsaved().getByRole('button', { name: 'Discard changes' }).click(),
    ]);
    const copy = { ...(await saved()), id: 'imported', name: 'Imported over a draft' };
    await chooser.setFiles({
      name: 'imported.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(copy)),
    });
    await expect.poll(() => nameField().inputValue()).toBe('Imported over a draft');
    expect(await dirty()).toBe('false');
    expect((await saved()).name).toBe('Saved on the way out');

    await page.locator('.brand').click();
    await page.locator('[data-workflow="imported"]').waitFor();
    expect(await unsaved().count()).toBe(0);
  });

  it('has the browser ask before a tab with unsaved changes is closed', async () => {
    await page.locator('[data-workflow="imported"]').click();
    await rename('Left open');
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(page.isClosed()).toBe(false);
    expect(await nameField().inputValue()).toBe('Left open');
  });
});

async function rename(name: string) {
  await nameField().fill(name);
  await nameField().blur();
}

async function saved(id = 'headline-check'): Promise<WorkflowDocument> {
  const response = await fetch(`${shared.studio.origin}/api/workflows/${id}`, {
    headers: { authorization: `Bearer ${shared.studio.token}` },
  });
  return ((await response.json()) as { document: WorkflowDocument }).document;
}
