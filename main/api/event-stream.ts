import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security.ts';

const HEARTBEAT_MS = 15_000;

/**
 * A server-sent event stream on a raw response. A comment line goes out every 15 seconds so that
 * idle connections through proxies and sleeping laptops are noticed and closed.
 */
export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    onClose: () => void,
  ) {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
    response.on('close', () => {
      this.stop();
      onClose();
    });
  }

  send(data: unknown, options: { id?: number; event?: string } = {}): void {
    let frame = '';
    if (options.event) frame += `event: ${options.event}\n`;
    if (options.id !== undefined) frame += `id: ${options.id}\n`;
    frame += `data: ${JSON.stringify(data)}\n\n`;
    this.write(frame);
  }

  end(): void {
    if (this.closed) return;
    this.stop();
    this.response.end();
  }

  private write(frame: string): void {
    if (!this.closed) this.response.write(frame);
  }

  private stop(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
  }
}
