import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  identityHeader,
  type Role,
  type TIdentity,
  type VerifyKey,
  verifyIdentityToken,
} from './identity-token.js';
import { HttpProblem } from './problem.js';

declare global {
  namespace Express {
    interface Locals {
      identity?: TIdentity;
    }
  }
}

/** Refuses (401) any request without a valid identity token for this service. */
export function authenticate(key: VerifyKey, audience: string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = req.get(identityHeader);
    if (!token)
      return next(new HttpProblem(401, 'unauthenticated', 'No identity token: call through the gateway.'));
    try {
      res.locals.identity = await verifyIdentityToken(key, token, audience);
      req.log?.setBindings?.({ userId: res.locals.identity.userId });
      next();
    } catch (error) {
      req.log?.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'identity token refused',
      );
      next(new HttpProblem(401, 'unauthenticated', 'The identity token is invalid or expired.'));
    }
  };
}

/** The caller, as vouched for by the gateway. Only valid behind `authenticate`. */
export function identityOf(res: Response): TIdentity {
  const identity = res.locals.identity;
  if (!identity) throw new HttpProblem(401, 'unauthenticated', 'No authenticated caller.');
  return identity;
}

/** Lets the request through when the caller holds at least one of the roles (403 otherwise). */
export function requireRole(...allowed: Role[]): RequestHandler {
  return (_req, res, next) => {
    const identity = identityOf(res);
    if (identity.roles.some((role) => allowed.includes(role))) return next();
    next(new HttpProblem(403, 'forbidden', `This action needs one of the roles: ${allowed.join(', ')}.`));
  };
}
