import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import pino from 'pino';
import { builtinRegistry } from '../../nodes/index.ts';
import { startStudioServer } from '../api/server.ts';
import type { StudioServer } from '../api/server.ts';
import { storeBackend } from '../api/store-backend.ts';
import { dataFolder } from '../data-folder.ts';
import { keySourceFor } from '../store/key-source.ts';
import { openStore } from '../store/store.ts';
import { handleFileDialogs } from './file-dialogs.ts';
import { IPC } from './ipc-channels.ts';
import { useElectronSqliteBuild } from './native-sqlite.ts';
import {
  decideWindowOpen,
  isFromStudio,
  mayGrantPermission,
  mayNavigate,
  studioWindowOptions,
  windowContentSecurityPolicy,
} from './window-options.ts';

/**
 * The desktop app: starts the studio API in this process, then opens one window on it. The page
 * is served by the API itself, so the window and the API share an origin and need no CORS.
 */
const log = pino({ name: 'pipewright-desktop' });
let server: StudioServer | undefined;
let window: BrowserWindow | undefined;

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
else start();

function start() {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!server) return;
    event.preventDefault();
    const closing = server;
    server = undefined;
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(launch, fail);
}

async function launch() {
  const root = app.getAppPath();
  const resources = app.isPackaged ? process.resourcesPath : join(root, 'native');
  const missing = useElectronSqliteBuild(join(resources, 'electron', 'better_sqlite3.node'));
  if (missing) return fail(new Error(missing));

  const home = dataFolder(process.env);
  const store = openStore({ home, keySource: keySourceFor(home, safeStorage) });
  server = await startStudioServer({
    backend: storeBackend(store),
    registry: builtinRegistry(),
    host: 'desktop',
    rendererDir: join(root, 'out', 'renderer'),
    samplesDir: join(root, 'workflows'),
    env: process.env,
    version: app.getVersion(),
    log,
  });
  const { origin, token } = server;
  log.info({ origin, home }, 'studio API listening');

  ipcMain.on(IPC.session, (event) => {
    event.returnValue = isFromStudio(event.senderFrame?.url, origin)
      ? { apiBase: origin, token }
      : null;
  });
  handleFileDialogs(ipcMain, dialog, () => window, origin);
  guardSession(origin);
  openWindow(origin, root);
}

function guardSession(origin: string) {
  const policy = windowContentSecurityPolicy();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, grant) =>
    grant(mayGrantPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    mayGrantPermission(permission),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, respond) => {
    const headers = { ...details.responseHeaders };
    const named = Object.keys(headers).some(
      (name) => name.toLowerCase() === 'content-security-policy',
    );
    if (!named && details.url.startsWith(origin)) headers['Content-Security-Policy'] = [policy];
    respond({ responseHeaders: headers });
  });
}

function openWindow(origin: string, root: string) {
  window = new BrowserWindow(
    studioWindowOptions({
      preload: join(root, 'out', 'preload', 'index.cjs'),
      devTools: !app.isPackaged,
    }),
  );
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url, origin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = undefined));
  void window.loadURL(`${origin}/`);
}

/** A start that cannot go on says why in a dialog (there is no terminal in a packaged app). */
function fail(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  log.error({ error: message }, 'the studio could not start');
  dialog.showErrorBox('Pipewright could not start', message);
  app.exit(1);
}
