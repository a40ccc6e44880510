import { createService } from './create-service.ts';
import type { PipewrightService, ServiceOptions } from './create-service.ts';

export interface StartedService extends PipewrightService {
  /** The address it listens at, such as `http://127.0.0.1:8080`. */
  address: string;
}

/**
 * Creates the service and listens at PORT and HOST. On SIGTERM or SIGINT it stops taking runs
 * (readiness turns 503 so that a load balancer moves on), lets the runs in flight finish, closes
 * and exits; a second signal during the drain exits at once.
 */
export async function startService(
  options: ServiceOptions & { port?: number; host?: string },
): Promise<StartedService> {
  const service = await createService(options);
  const { app, config } = service;
  const address = await app.listen({
    port: options.port ?? config.port,
    host: options.host ?? config.host,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting without waiting for runs');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal, runsInFlight: service.runs.inFlight }, 'draining runs, then exiting');
    service.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { ...service, address };
}
