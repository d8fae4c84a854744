import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import type { ApiRoutes } from './api-routes.js';
import { authenticate } from './auth.js';
import type { VerifyKey } from './identity-token.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { notFoundHandler, problemHandler } from './problem.js';

export const requestIdHeader = 'x-request-id';
const acceptableRequestId = /^[A-Za-z0-9._:-]{1,100}$/;

export interface ReadinessCheck {
  name: string;
  /** Resolves when ready; throws with a reason otherwise. */
  check(): Promise<void>;
}

export interface ServiceAppOptions {
  /** The service's name: the audience its identity tokens must carry, and its log and metric label. */
  name: string;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
  /** The service's routes, mounted under /api/v1 behind authentication. */
  api: ApiRoutes;
  /**
   * Routes for people without an account (a supplier answering an order through a signed link),
   * mounted under /public/v1 without authentication: each checks its own signed token.
   */
  publicApi?: Router;
  bodyLimit?: string;
  /**
   * Paths under /api/v1 (such as '/invoices') whose routes read the request body themselves, as
   * bytes, whatever its type: an uploaded file that may be JSON is kept as sent, malformed or not.
   * The JSON parser leaves their bodies alone.
   */
  rawBodyPaths?: readonly string[];
}

/** The request id from the gateway when it looks sane, a new one otherwise; echoed in the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[requestIdHeader];
  const id = typeof incoming === 'string' && acceptableRequestId.test(incoming) ? incoming : randomUUID();
  res.setHeader(requestIdHeader, id);
  return id;
}

export async function runReadinessChecks(
  checks: ReadinessCheck[],
): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await check();
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, detail: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}

/**
 * What every process that answers HTTP puts in front: request ids, pino request logs, the
 * request-duration histogram, protective headers, /healthz, /readyz and /metrics. Used by the services and the gateway.
 */
export function createOperationalApp(options: {
  name: string;
  logger: Logger;
  readiness: ReadinessCheck[];
}): Express {
  const app = express();
  const metrics = createMetrics(options.name);
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: requestIdOf,
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      },
    }),
  );
  app.use(metrics.middleware);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  // The process id lets whoever started the process tell it answers, not another on the same port.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name, pid: process.pid });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await runReadinessChecks(options.readiness);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', service: options.name, checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

export function createServiceApp(options: ServiceAppOptions): Express {
  const app = createOperationalApp(options);
  const json = express.json({ limit: options.bodyLimit ?? '1mb' });
  const rawBodyPaths = new Set(options.rawBodyPaths ?? []);
  app.use(
    '/api/v1',
    (req, res, next) => (rawBodyPaths.has(req.path.replace(/(.)\/$/, '$1')) ? next() : json(req, res, next)),
    authenticate(options.identityKey, options.name),
    options.api.router,
  );
  app.locals.routes = options.api.declared.map((route) => ({ ...route, path: `/api/v1${route.path}` }));
  if (options.publicApi) app.use('/public/v1', express.json({ limit: '64kb' }), options.publicApi);
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
