import { describe, expect, it } from 'vitest';
import {
  decideWindowOpen,
  isFromStudio,
  mayGrantPermission,
  mayNavigate,
  studioWindowOptions,
  windowContentSecurityPolicy,
} from '../../main/electron/window-options.ts';

const ORIGIN = 'http://127.0.0.1:43123';

describe('the studio window options', () => {
  const options = studioWindowOptions({ preload: '/app/out/preload/index.cjs', devTools: false });
  const web = options.webPreferences!;

  it('keeps context isolation and the sandbox on and Node.js out of the page', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and insecure content, webviews and drag navigation off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
  });

  it('loads only the given preload and hides developer tools when asked', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
    expect(web.devTools).toBe(false);
    expect(studioWindowOptions({ preload: 'p', devTools: true }).webPreferences!.devTools).toBe(
      true,
    );
  });
});

describe('the window content security policy', () => {
  const directives = new Map(
    windowContentSecurityPolicy()
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

  it('denies by default and runs scripts from the app only, never inline or eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(windowContentSecurityPolicy()).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('lets the page talk to its own origin only and never be framed', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });
});

describe('the navigation guards', () => {
  it('allows pages of the studio origin only', () => {
    expect(mayNavigate(`${ORIGIN}/`, ORIGIN)).toBe(true);
    expect(mayNavigate(`${ORIGIN}/#/workflows/greeting`, ORIGIN)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:9999/',
      'http://localhost:43123/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(mayNavigate(url, ORIGIN), url).toBe(false);
    }
  });

  it('refuses every new window, sending only https links to the browser', () => {
    expect(decideWindowOpen('https://docs.example/')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    for (const url of [
      'http://example.com/',
      'file:///tmp/x',
      'javascript:alert(1)',
      `${ORIGIN}/`,
    ]) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternally: false });
    }
  });

  it('grants no device permission', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      expect(mayGrantPermission(permission)).toBe(false);
    }
  });

  it('answers IPC only from the studio page', () => {
    expect(isFromStudio(`${ORIGIN}/`, ORIGIN)).toBe(true);
    expect(isFromStudio('https://evil.example/', ORIGIN)).toBe(false);
    expect(isFromStudio(undefined, ORIGIN)).toBe(false);
  });
});
