import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  IdentityTokenVerifier,
  identityHeader,
  type Role,
  type Scope,
  type TIdentity,
  type VerifyKey,
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
  const verifier = new IdentityTokenVerifier(key, audience);
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = req.get(identityHeader);
    if (!token)
      return next(new HttpProblem(401, 'unauthenticated', 'No identity token: call through the gateway.'));
    try {
      res.locals.identity = await verifier.verify(token);
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

/** Who may call a route: people holding one of `roles`, integrations holding one of `scopes`. */
export interface Access {
  roles: readonly Role[];
  scopes: readonly Scope[];
}

/** Every authenticated caller, person or integration with the `read` scope. */
export const anyAuthenticated: Access = {
  roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  scopes: ['read'],
};

export function mayAccess(identity: TIdentity, access: Access): boolean {
  return identity.kind === 'user'
    ? identity.roles.some((role) => access.roles.includes(role))
    : identity.scopes.some((scope) => access.scopes.includes(scope));
}

/** Lets the request through when the caller may (403 otherwise, naming what is needed). */
export function requireAccess(access: Access): RequestHandler {
  return (_req, res, next) => {
    const identity = identityOf(res);
    if (mayAccess(identity, access)) return next();
    const needed =
      identity.kind === 'user'
        ? `one of the roles: ${access.roles.join(', ') || '(none: not open to people)'}`
        : `one of the scopes: ${access.scopes.join(', ') || '(none: not open to integrations)'}`;
    next(new HttpProblem(403, 'forbidden', `This action needs ${needed}.`));
  };
}
