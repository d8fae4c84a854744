import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentityDatabase } from '@procura/db';
import {
  createMetrics,
  type Logger,
  notFoundHandler,
  problemHandler,
  type ReadinessCheck,
  requestIdOf,
  runReadinessChecks,
  type SigningKey,
  type TIdentity,
} from '@procura/http';
import express, { type Express, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { pinoHttp } from 'pino-http';
import { apiProxy } from './routes/api-proxy.js';
import { meRoutes } from './routes/me.routes.js';
import type { ServiceName } from './routes/service-routes.js';
import { loadIdentityByEmail } from './services/identity.service.js';

export interface GatewayAppDeps {
  db: Kysely<IdentityDatabase>;
  logger: Logger;
  signingKey: SigningKey;
  services: Record<ServiceName, string>;
  readiness: ReadinessCheck[];
  /** The built web app; the gateway serves it with a fallback to index.html for client-side routes. */
  webDistDir?: string | undefined;
  /** Development only: every request is made as this user (until single sign-on replaces it). */
  devIdentityEmail?: string | undefined;
}

/** Readiness of a service behind the gateway, from its own /readyz. */
export function serviceReadiness(name: ServiceName, baseUrl: string): ReadinessCheck {
  return {
    name,
    async check() {
      const response = await fetch(new URL('/readyz', baseUrl), { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`${name} answered ${response.status}`);
    },
  };
}

export function createApp(deps: GatewayAppDeps): Express {
  const app = express();
  const metrics = createMetrics('gateway');
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestIdOf,
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

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await runReadinessChecks(deps.readiness);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', service: 'gateway', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const resolveCaller: RequestHandler = async (_req, res, next) => {
    if (deps.devIdentityEmail) {
      const identity: TIdentity | undefined = await loadIdentityByEmail(deps.db, deps.devIdentityEmail);
      if (identity) res.locals.identity = identity;
    }
    next();
  };
  app.use('/api', resolveCaller);
  app.use('/api/v1/me', meRoutes());
  app.use('/api/v1', ...apiProxy({ services: deps.services, signingKey: deps.signingKey }));
  app.use('/api', notFoundHandler);

  if (deps.webDistDir && existsSync(join(deps.webDistDir, 'index.html'))) {
    const webDistDir = deps.webDistDir;
    app.use(
      '/assets',
      express.static(join(webDistDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
    );
    app.use(express.static(webDistDir, { index: false }));
    app.get('/{*page}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDistDir, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
