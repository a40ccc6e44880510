import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge, OpenedFile, OpenFileOptions, SaveFileOptions } from '../api/types.ts';
import { IPC } from './ipc-channels.ts';

/**
 * The page's only door to the machine, running sandboxed before the page loads. It hands over
 * where the studio API is and its token (asked of the main process synchronously, so that both
 * are there before any page script runs; never passed on the command line, where other
 * processes could read it), and the native open and save dialogs.
 */
const session = ipcRenderer.sendSync(IPC.session) as { apiBase: string; token: string } | null;

if (session) {
  const bridge: DesktopBridge = {
    apiBase: session.apiBase,
    token: session.token,
    openFile: (options?: OpenFileOptions) =>
      ipcRenderer.invoke(IPC.openFile, options ?? {}) as Promise<OpenedFile | null>,
    saveFile: (options: SaveFileOptions) =>
      ipcRenderer.invoke(IPC.saveFile, options) as Promise<string | null>,
  };
  contextBridge.exposeInMainWorld('pipewright', bridge);
}
