import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { OpenedFile, OpenFileOptions, SaveFileOptions } from '../api/types.ts';
import { IPC } from './ipc-channels.ts';
import { isFromStudio } from './window-options.ts';

/** Workflow files are small; a larger choice is a mistake, not something to load into the page. */
const MAX_OPEN_BYTES = 16 * 1024 * 1024;

const WORKFLOW_FILTERS = [{ name: 'Pipewright workflow', extensions: ['json'] }];

/**
 * Answers the preload's open and save requests with the system's dialogs. The page names no
 * path itself: the person picks it in the dialog, so a compromised page cannot read or write
 * files of its choosing.
 */
export function handleFileDialogs(
  ipc: IpcMain,
  dialog: Dialog,
  window: () => BrowserWindow | undefined,
  appOrigin: string,
): void {
  const guard = (event: IpcMainInvokeEvent) => {
    if (!isFromStudio(event.senderFrame?.url, appOrigin)) {
      throw new Error('File dialogs answer the studio page only.');
    }
  };

  ipc.handle(IPC.openFile, async (event, options: OpenFileOptions = {}) => {
    guard(event);
    const owner = window();
    const settings = {
      title: options.title ?? 'Open a workflow',
      properties: ['openFile' as const],
      filters: options.filters ?? WORKFLOW_FILTERS,
    };
    const choice = owner
      ? await dialog.showOpenDialog(owner, settings)
      : await dialog.showOpenDialog(settings);
    const path = choice.filePaths[0];
    if (choice.canceled || !path) return null;

    const { size } = await stat(path);
    if (size > MAX_OPEN_BYTES) {
      throw new Error(`${basename(path)} is ${size} bytes; workflow files are at most 16 MB.`);
    }
    const opened: OpenedFile = { name: basename(path), path, text: await readFile(path, 'utf8') };
    return opened;
  });

  ipc.handle(IPC.saveFile, async (event, options: SaveFileOptions) => {
    guard(event);
    const owner = window();
    const settings = {
      title: options.title ?? 'Save the workflow',
      defaultPath: basename(options.defaultName),
      filters: options.filters ?? WORKFLOW_FILTERS,
    };
    const choice = owner
      ? await dialog.showSaveDialog(owner, settings)
      : await dialog.showSaveDialog(settings);
    if (choice.canceled || !choice.filePath) return null;
    await writeFile(choice.filePath, options.text, 'utf8');
    return choice.filePath;
  });
}
