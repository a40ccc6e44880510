import type { BrowserWindowConstructorOptions } from 'electron';
import { contentSecurityPolicy } from '../api/security.ts';

/**
 * The studio window's settings, as plain data so that a test can check every one without
 * starting Electron. The page is the studio's own: it comes from the studio API on 127.0.0.1,
 * it gets no Node.js, and it reaches the machine only through the preload's narrow bridge.
 */
export function studioWindowOptions(setup: {
  preload: string;
  /** Developer tools in development builds only. */
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Pipewright',
    backgroundColor: '#111318',
    // Shown on ready-to-show, so that the window never flashes white before the page paints.
    show: false,
    webPreferences: {
      preload: setup.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: setup.devTools,
    },
  };
}

/** The policy the window enforces on every response, on top of the one the studio API sends. */
export function windowContentSecurityPolicy(): string {
  return contentSecurityPolicy();
}

/**
 * Whether the window may go to a URL: only pages of the studio's own origin. Anything else (a
 * link in a node's notes, a page an HTTP node fetched, a dropped file) is refused.
 */
export function mayNavigate(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

export interface WindowOpenDecision {
  action: 'deny';
  /** https links go to the user's browser; nothing else leaves the app. */
  openExternally: boolean;
}

/** New windows are never opened inside the app. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  let external = false;
  try {
    external = new URL(url).protocol === 'https:';
  } catch {
    external = false;
  }
  return { action: 'deny', openExternally: external };
}

/** The studio needs no camera, microphone, location, notifications or other device access. */
export function mayGrantPermission(_permission: string): boolean {
  return false;
}

/** Whether an IPC message came from the studio's own page and not from some other frame. */
export function isFromStudio(senderUrl: string | undefined, appOrigin: string): boolean {
  return senderUrl !== undefined && mayNavigate(senderUrl, appOrigin);
}
