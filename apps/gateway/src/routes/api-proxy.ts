// Forwards /api/v1/<service>/… to the service that owns it, with a short-lived identity token
// signed for that service alone. The caller's cookies and credentials never reach a service.
import { Agent, type IncomingMessage } from 'node:http';
import {
  HttpProblem,
  IdentityTokenSigner,
  identityHeader,
  requestIdHeader,
  type SigningKey,
  sendProblem,
  toProblem,
} from '@procura/http';
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { type ServiceName, serviceFor } from './service-routes.js';

type ProxiedRequest = IncomingMessage & { procuraTarget?: ServiceName; id?: unknown; originalUrl?: string };

export function apiProxy(options: {
  services: Record<ServiceName, string>;
  signingKey: SigningKey;
  timeoutMs?: number;
}): RequestHandler[] {
  const signer = new IdentityTokenSigner(options.signingKey);
  const attachIdentity: RequestHandler = async (req, res, next) => {
    const service = serviceFor(req.originalUrl.split('?')[0] ?? '');
    if (!service)
      return next(new HttpProblem(404, 'route_not_found', `No service answers ${req.method} ${req.path}.`));
    const identity = res.locals.identity;
    if (!identity) return next(new HttpProblem(401, 'unauthenticated', 'Log in first.'));
    delete req.headers.cookie;
    delete req.headers.authorization;
    req.headers[identityHeader] = await signer.sign(identity, service);
    req.headers[requestIdHeader] = String(req.id);
    (req as ProxiedRequest).procuraTarget = service;
    next();
  };

  // Connections to the services are kept open between requests (no TCP handshake per request). An
  // idle one is closed by the gateway after 4 s, well before the services' 65 s keep-alive timeout,
  // so a request never lands on a socket the service is closing.
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const proxy = createProxyMiddleware<IncomingMessage>({
    agent,
    router: (req) => options.services[(req as ProxiedRequest).procuraTarget as ServiceName],
    pathRewrite: (_path, req) => (req as ProxiedRequest).originalUrl ?? _path,
    changeOrigin: true,
    xfwd: true,
    proxyTimeout: options.timeoutMs ?? 30_000,
    on: {
      error: (error, req, res) => {
        const target = (req as ProxiedRequest).procuraTarget;
        (req as ProxiedRequest & { log?: { error(o: object, m: string): void } }).log?.error(
          { err: error, code: (error as NodeJS.ErrnoException).code, service: target },
          'service did not answer',
        );
        const { problem } = toProblem(
          new HttpProblem(502, 'service_unavailable', `The ${target} service did not answer.`),
        );
        if ('headersSent' in res && !res.headersSent && 'status' in res) {
          sendProblem(res as never, {
            ...problem,
            status: 502,
            title: 'Bad Gateway',
            requestId: String((req as ProxiedRequest).id ?? ''),
          });
        } else {
          res.destroy(error);
        }
      },
    },
  });
  return [attachIdentity, proxy as RequestHandler];
}
