// Who is calling: an integration with an API token, or a person with a session cookie. State-
// changing requests made with a cookie must also carry the session's CSRF token.

import { timingSafeEqual } from 'node:crypto';
import type { IdentityDatabase } from '@procura/db';
import { calendarDate } from '@procura/domain';
import { HttpProblem } from '@procura/http';
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { authenticateApiToken } from '../services/api-token.service.js';
import type { ApiTokenCache } from '../services/api-token-cache.js';
import { loadUserIdentity } from '../services/identity.service.js';

export const csrfHeader = 'x-csrf-token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare global {
  namespace Express {
    interface Locals {
      viaApiToken?: boolean;
    }
  }
}

export function resolveCaller(db: Kysely<IdentityDatabase>, apiTokens?: ApiTokenCache): RequestHandler {
  return async (req, res, next) => {
    const now = new Date();
    const authorization = req.get('authorization');
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      const identity =
        scheme === 'Bearer' && token ? await authenticateApiToken(db, token, now, apiTokens) : undefined;
      if (!identity)
        return next(new HttpProblem(401, 'unauthenticated', 'The API token is invalid, revoked or expired.'));
      res.locals.identity = identity;
      res.locals.viaApiToken = true;
      return next();
    }
    const userId = req.session?.userId;
    if (userId) {
      const identity = await loadUserIdentity(db, userId, calendarDate(now));
      if (!identity) {
        // Deactivated since the session began: the session ends now.
        await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
        return next(new HttpProblem(401, 'unauthenticated', 'Your account is deactivated.'));
      }
      res.locals.identity = identity;
    }
    next();
  };
}

export const requireCaller: RequestHandler = (_req, res, next) => {
  next(res.locals.identity ? undefined : new HttpProblem(401, 'unauthenticated', 'Log in first.'));
};

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Refuses a state-changing request made with the session cookie but without the session's CSRF token. */
export const requireCsrfToken: RequestHandler = (req, res, next) => {
  if (safeMethods.has(req.method) || res.locals.viaApiToken || !req.session?.userId) return next();
  const expected = req.session.csrfToken ?? '';
  const sent = req.get(csrfHeader) ?? (typeof req.body?._csrf === 'string' ? req.body._csrf : '');
  if (expected && sent && sameToken(sent, expected)) return next();
  req.log?.warn({ method: req.method, path: req.path }, 'request refused: missing or wrong CSRF token');
  next(
    new HttpProblem(
      403,
      'csrf_token_invalid',
      'The request lacks the CSRF token of your session; reload the page.',
    ),
  );
};
