import type { DesktopBridge } from '../../../main/api/types.ts';

declare global {
  interface Window {
    pipewright?: DesktopBridge;
  }
}

export interface Connection {
  apiBase: string;
  token: string;
  bridge?: DesktopBridge;
}

const TOKEN_KEY = 'pipewright.token';

/**
 * Finds the studio API: the Electron preload hands over address and token; in a browser the
 * token comes in the address fragment that `pipewright studio` prints. The fragment never
 * reaches a server, and the token is kept for the tab's life so that a reload still works.
 */
export function findConnection(location: Location, storage: Storage): Connection | null {
  const bridge = window.pipewright;
  if (bridge) return { apiBase: bridge.apiBase.replace(/\/$/, ''), token: bridge.token, bridge };

  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) storage.setItem(TOKEN_KEY, fromFragment);
  const token = fromFragment ?? storage.getItem(TOKEN_KEY);
  if (!token) return null;
  return { apiBase: location.origin, token };
}
