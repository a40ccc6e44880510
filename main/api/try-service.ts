import { pino } from 'pino';
import { sha256, stableStringify } from '../../engine/index.ts';
import type { NodeRegistry } from '../../engine/index.ts';
import { API_KEY_ENV, CONTRACT_ROUTES } from '../../service/contract/routes.ts';
import { createService } from '../../service/runtime/create-service.ts';
import type { PipewrightService } from '../../service/runtime/create-service.ts';
import type { TryServiceResponse } from './types.ts';

interface Running {
  /** The hash of the document it serves: an edited pipeline gets a fresh service. */
  key: string;
  service: PipewrightService;
  origin: string;
}

/**
 * The exported service of the pipeline in the editor, run inside the studio on 127.0.0.1 so
 * that a person can call it before exporting. One serves at a time; a changed document replaces
 * it. It reads keys from the studio's environment, as an export does, and writes artifacts into
 * the studio's data folder, so the studio's own artifact route can play its media outputs.
 */
export class TryServiceHost {
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;

  constructor(
    private readonly options: {
      registry: NodeRegistry;
      env: Record<string, string | undefined>;
      dataFolder: string;
    },
  ) {}

  /** Sends a body to the service's synchronous run route and answers with what came back. */
  async run(document: unknown, body: unknown): Promise<TryServiceResponse> {
    const running = await this.serve(document);
    const url = `${running.origin}${CONTRACT_ROUTES.runSync.path}`;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      request: { method: 'POST', url },
      status: response.status,
      contentType,
      body: contentType.includes('json') ? (JSON.parse(text) as unknown) : text,
      durationMs: Math.round(performance.now() - started),
      serviceUrl: running.origin,
    };
  }

  /** The address of the service for this document, starting or replacing it as needed. */
  async serve(document: unknown): Promise<Running> {
    const key = sha256(stableStringify(document));
    if (this.running?.key === key) return this.running;
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.running?.key === key) return this.running;

    await this.stop();
    this.starting = this.start(key, document);
    try {
      this.running = await this.starting;
      return this.running;
    } finally {
      this.starting = null;
    }
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await running.service.shutdown();
  }

  private async start(key: string, document: unknown): Promise<Running> {
    // The studio's own key would make every trial need it; locally the routes stay open.
    const env = { ...this.options.env, [API_KEY_ENV]: undefined, PUBLIC_URL: undefined };
    const service = await createService({
      workflow: document,
      registry: this.options.registry,
      env,
      dataFolder: this.options.dataFolder,
      logger: pino({ level: 'silent' }),
    });
    const origin = await service.app.listen({ host: '127.0.0.1', port: 0 });
    return { key, service, origin };
  }
}
