import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentityDatabase } from '@procura/db';
import {
  createOperationalApp,
  type Logger,
  notFoundHandler,
  problemHandler,
  type ReadinessCheck,
  type SigningKey,
} from '@procura/http';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Kysely } from 'kysely';
import { apiProxy } from './routes/api-proxy.js';
import { authRoutes } from './routes/auth.routes.js';
import { requireCaller, requireCsrfToken, resolveCaller } from './routes/caller.js';
import { gatewayApiRoutes } from './routes/gateway-api.routes.js';
import { publicProxy } from './routes/public-proxy.js';
import { type ServiceName, serviceFor } from './routes/service-routes.js';
import type { ApiTokenCache } from './services/api-token-cache.js';
import type { ServiceProvider } from './sso/service-provider.js';
import { PostgresSessionStore } from './sso/session-store.js';

export const sessionCookieName = 'procura.sid';

export interface GatewayAppDeps {
  db: Kysely<IdentityDatabase>;
  logger: Logger;
  signingKey: SigningKey;
  services: Record<ServiceName, string>;
  readiness: ReadinessCheck[];
  sp: ServiceProvider;
  publicUrl: string;
  sessionSecret: string;
  session: { idleMinutes: number; absoluteHours: number };
  /** Integrations' tokens seen lately (none kept without it: every call looks its token up). */
  apiTokens?: ApiTokenCache | undefined;
  /** The built web app; the gateway serves it with a fallback to index.html for client-side routes. */
  webDistDir?: string | undefined;
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
  const app = createOperationalApp({ name: 'gateway', logger: deps.logger, readiness: deps.readiness });
  const secure = deps.publicUrl.startsWith('https:');
  if (secure) app.set('trust proxy', 1); // TLS ends at the load balancer in front
  const sessions = session({
    name: sessionCookieName,
    secret: deps.sessionSecret,
    store: new PostgresSessionStore(deps.db, {
      idleMs: deps.session.idleMinutes * 60_000,
      absoluteMs: deps.session.absoluteHours * 3_600_000,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: deps.session.idleMinutes * 60_000,
    },
  });
  app.use('/public/v1', publicProxy({ services: deps.services }));
  // An integration's request carries its API token and never a session: it skips the session
  // middleware (and its hooks on every response it proxies).
  app.use((req, res, next) => (req.headers.authorization ? next() : sessions(req, res, next)));

  app.use(
    '/auth',
    authRoutes({ sp: deps.sp, db: deps.db, logger: deps.logger, cookieName: sessionCookieName }),
  );

  const own = gatewayApiRoutes(deps.db);
  app.locals.routes = own.declared.map((route) => ({ ...route, path: `/api/v1${route.path}` }));
  app.use('/api', resolveCaller(deps.db, deps.apiTokens), requireCaller, requireCsrfToken);
  const json = express.json({ limit: '64kb' });
  // Bodies of proxied requests stream through untouched; only the gateway's own routes read JSON.
  app.use(
    '/api/v1',
    (req, res, next) => (serviceFor(req.originalUrl) ? next() : json(req, res, next)),
    own.router,
  );
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
