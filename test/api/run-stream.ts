import { request as httpRequest } from 'node:http';
import type { RunEvent } from '../../engine/index.ts';
import type { RunSummary } from '../../main/api/types.ts';
import type { TestStudio } from './studio-harness.ts';

export interface StreamMessage {
  event: string;
  id?: string;
  data: unknown;
}

/**
 * Reads a run's server-sent event stream until the server ends it (after the run's last event),
 * or until `stopWhen` says enough; answers every message in order.
 */
export function readRunStream(
  studio: TestStudio,
  runId: string,
  options: { lastEventId?: number; stopWhen?: (message: StreamMessage) => boolean } = {},
): Promise<StreamMessage[]> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${studio.server.port}`,
    accept: 'text/event-stream',
  };
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const path = `/api/runs/${runId}/events?token=${studio.server.token}`;

  return new Promise((resolve, reject) => {
    const messages: StreamMessage[] = [];
    const req = httpRequest(
      { host: '127.0.0.1', port: studio.server.port, path, headers },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`The event stream answered ${res.statusCode}.`));
          res.resume();
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const message = parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!message) continue;
            messages.push(message);
            if (options.stopWhen?.(message)) {
              req.destroy();
              resolve(messages);
              return;
            }
          }
        });
        res.on('end', () => resolve(messages));
      },
    );
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

function parseFrame(frame: string): StreamMessage | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return undefined;
  return { event, id, data: JSON.parse(data.join('\n')) };
}

export function runEvents(messages: StreamMessage[]): RunEvent[] {
  return messages.filter((message) => message.event === 'message').map((m) => m.data as RunEvent);
}

/** Follows the stream to the end and answers the run's summary as the API then reports it. */
export async function waitForRunEnd(studio: TestStudio, runId: string): Promise<RunSummary> {
  await readRunStream(studio, runId);
  const answer = await studio.call('GET', `/api/runs/${runId}`);
  return answer.json<{ summary: RunSummary }>().summary;
}
