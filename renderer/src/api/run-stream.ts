import type { RunEvent } from '../../../main/api/types.ts';
import type { ApiClient } from './client.ts';

/**
 * Follows a run's server-sent events until its last one. A dropped connection is resumed by
 * EventSource itself with Last-Event-ID; the server's `end` event is the sign to stop, since an
 * open EventSource would otherwise reconnect for ever.
 */
export function followRun(
  client: ApiClient,
  runId: string,
  onEvent: (event: RunEvent) => void,
): () => void {
  const source = new EventSource(client.tokenUrl(`/api/runs/${encodeURIComponent(runId)}/events`));
  source.onmessage = (message: MessageEvent<string>) => {
    onEvent(JSON.parse(message.data) as RunEvent);
  };
  source.addEventListener('end', () => source.close());
  return () => source.close();
}
