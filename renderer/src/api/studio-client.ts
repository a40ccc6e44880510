import type { ApiClient } from './client.ts';

let current: ApiClient | null = null;

/** The page talks to one studio for its whole life; main.tsx sets it before the first render. */
export function setStudioClient(client: ApiClient): void {
  current = client;
}

export function studioClient(): ApiClient {
  if (!current) throw new Error('The studio client is used before the page connected to the API.');
  return current;
}
