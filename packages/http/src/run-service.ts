import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';

export interface RunServiceOptions {
  app: RequestListener;
  port: number;
  host: string;
  logger: Logger;
  /** Releases what the service holds (job queue, relay, pool) once no request is in flight. */
  onShutdown?: () => Promise<void>;
  /** How long in-flight requests may take to finish before their connections are cut. */
  drainTimeoutMs?: number;
}

export interface RunningService {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then runs onShutdown. Idempotent. */
  shutdown(): Promise<void>;
}

export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const server = createServer(options.app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;

  const shutdown = () => {
    stopping ??= (async () => {
      options.logger.info('shutting down: no new connections, draining requests in flight');
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last response ends: close them as they do.
      server.closeIdleConnections();
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const timeout = setTimeout(() => {
        options.logger.warn('drain timeout reached: closing remaining connections');
        server.closeAllConnections();
      }, options.drainTimeoutMs ?? 10_000);
      await drained;
      clearInterval(sweeper);
      clearTimeout(timeout);
      await options.onShutdown?.();
      options.logger.info('shut down');
    })();
    return stopping;
  };

  return { server, port, url: `http://${options.host}:${port}`, shutdown };
}

/** SIGTERM and SIGINT shut the service down gracefully, then end the process. */
export function shutdownOnSignals(service: Pick<RunningService, 'shutdown'>, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    service.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
