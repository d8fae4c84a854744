// Routes for people without an account — a supplier answering an order through the signed link
// of its e-mail — forwarded to the service that checks the link. No session, no identity token,
// no cookie reaches the service: the link's own signature is the only authority.
import { Agent, type IncomingMessage } from 'node:http';
import { HttpProblem, sendProblem, toProblem } from '@procura/http';
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** The public paths, each owned by one service, under /public/v1. */
export const publicRoutes = [
  { prefix: '/public/v1/purchasing/supplier-orders/', service: 'purchasing' },
] as const;

export function publicProxy(options: {
  services: { purchasing: string };
  timeoutMs?: number;
}): RequestHandler {
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const proxy = createProxyMiddleware<IncomingMessage>({
    agent,
    target: options.services.purchasing,
    // /public/v1/purchasing/supplier-orders/<token> → the service's /public/v1/supplier-orders/<token>
    pathRewrite: (path, req) =>
      ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? path).replace(
        '/public/v1/purchasing/',
        '/public/v1/',
      ),
    changeOrigin: true,
    xfwd: true,
    proxyTimeout: options.timeoutMs ?? 30_000,
    on: {
      error: (_error, _req, res) => {
        const { problem } = toProblem(
          new HttpProblem(502, 'service_unavailable', 'The purchasing service did not answer.'),
        );
        if ('headersSent' in res && !res.headersSent && 'status' in res)
          sendProblem(res as never, { ...problem, status: 502, title: 'Bad Gateway' });
        else res.destroy();
      },
    },
  });
  return (req, res, next) => {
    if (!publicRoutes.some((r) => req.originalUrl.startsWith(r.prefix))) return next();
    delete req.headers.cookie;
    delete req.headers.authorization;
    return (proxy as RequestHandler)(req, res, next);
  };
}
