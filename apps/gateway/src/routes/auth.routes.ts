// SAML single sign-on and single logout at the gateway.
import { randomBytes } from 'node:crypto';
import type { Profile } from '@node-saml/node-saml';
import type { IdentityDatabase } from '@procura/db';
import { HttpProblem, type Logger } from '@procura/http';
import express, { type NextFunction, type Request, Router } from 'express';
import type { Kysely } from 'kysely';
import { Passport, type Strategy } from 'passport';
import type { LoggedInUser, ServiceProvider } from '../sso/service-provider.js';
import { destroySessionsOf } from '../sso/session-store.js';
import { requireCsrfToken } from './caller.js';
import { safeReturnPath } from './return-path.js';

/** A SAMLResponse larger than this is refused before any parsing. */
export const maxSamlMessageBytes = 256 * 1024;

function samlEngine(sp: ServiceProvider) {
  const engine = sp.strategy._saml;
  if (!engine) throw new Error('the SAML strategy has no engine');
  return engine;
}

function refuse(req: Request, next: NextFunction, reason: string): void {
  // Every refusal is logged with its reason; none creates a session.
  req.log?.warn({ reason }, 'SAML response refused');
  next(
    new HttpProblem(400, 'saml_response_refused', `The identity provider's answer was refused: ${reason}.`),
  );
}

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
const save = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
const destroy = (req: Request) => new Promise<void>((resolve) => req.session.destroy(() => resolve()));

export function authRoutes(deps: {
  sp: ServiceProvider;
  db: Kysely<IdentityDatabase>;
  logger: Logger;
  cookieName: string;
}): Router {
  const { sp, db } = deps;
  const router = Router();
  const passport = new Passport();
  // passport-saml is typed against Express 4; at run time it is the strategy passport expects.
  passport.use('saml', sp.strategy as unknown as Strategy);
  const form = express.urlencoded({ extended: false, limit: maxSamlMessageBytes, parameterLimit: 10 });

  router.get('/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(sp.metadataXml);
  });

  router.get('/saml/login', async (req, res) => {
    const returnTo = req.query.returnTo === undefined ? '/' : safeReturnPath(req.query.returnTo);
    if (!returnTo)
      throw new HttpProblem(
        400,
        'invalid_return_path',
        'returnTo must be a path on this site, such as /requests.',
      );
    res.redirect(302, await samlEngine(sp).getAuthorizeUrlAsync(returnTo, req.get('host'), {}));
  });

  router.post(
    '/saml/callback',
    (req, res, next) =>
      form(req, res, (error?: unknown) => {
        if (!error) return next();
        const tooLarge =
          typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';
        refuse(req, next, tooLarge ? 'the message is too large' : 'the form could not be read');
      }),
    (req, res, next) => {
      const message = req.body?.SAMLResponse;
      if (typeof message !== 'string' || message.length === 0)
        return refuse(req, next, 'no SAMLResponse was posted');
      if (!/^[A-Za-z0-9+/=\s]+$/.test(message)) return refuse(req, next, 'the SAMLResponse is not base64');
      passport.authenticate('saml', { session: false }, (error: Error | null, user: LoggedInUser | false) => {
        if (error || !user) return refuse(req, next, error?.message ?? 'no user');
        (async () => {
          await regenerate(req); // a new session id at login: no fixation
          req.session.userId = user.userId;
          req.session.nameId = user.nameId;
          req.session.nameIdFormat = user.nameIdFormat;
          req.session.sessionIndex = user.sessionIndex;
          req.session.csrfToken = randomBytes(32).toString('base64url');
          await save(req);
          req.log?.info({ userId: user.userId }, 'logged in through SAML');
          res.redirect(303, safeReturnPath(req.body.RelayState) ?? '/');
        })().catch(next);
      })(req, res, next);
    },
  );

  // SP-initiated logout: end the session here, then at the identity provider.
  router.post(
    '/logout',
    express.urlencoded({ extended: false, limit: '4kb' }),
    express.json({ limit: '4kb' }),
    requireCsrfToken,
    async (req, res) => {
      const { userId, nameId, nameIdFormat, sessionIndex } = req.session ?? {};
      await destroy(req);
      res.clearCookie(deps.cookieName, { path: '/' });
      let target = '/';
      if (userId && nameId && sp.idp.sloUrl) {
        const profile = {
          issuer: sp.idp.entityId,
          nameID: nameId,
          nameIDFormat: nameIdFormat ?? '',
          sessionIndex,
        } as Profile;
        target = await samlEngine(sp).getLogoutUrlAsync(profile, '/', {});
      }
      req.log?.info({ userId }, 'logged out');
      if (req.accepts(['html', 'json']) === 'json') res.json({ redirect: target });
      else res.redirect(303, target);
    },
  );

  // Single logout endpoint (HTTP-Redirect binding): the IdP's answer to our LogoutRequest, or its own LogoutRequest.
  router.get('/saml/logout', async (req, res, next) => {
    const originalQuery = req.originalUrl.split('?')[1] ?? '';
    try {
      const { profile, loggedOut } = await samlEngine(sp).validateRedirectAsync(req.query, originalQuery);
      if (req.query.SAMLRequest && profile) {
        const ended = await destroySessionsOf(db, profile.nameID, profile.sessionIndex);
        req.log?.info({ nameId: profile.nameID, sessions: ended }, 'logged out by the identity provider');
        if (req.session) await destroy(req);
        res.clearCookie(deps.cookieName, { path: '/' });
        const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : '';
        return res.redirect(
          302,
          await samlEngine(sp).getLogoutResponseUrlAsync(profile, relayState, {}, true),
        );
      }
      if (!loggedOut) throw new Error('the identity provider did not confirm the logout');
      res.redirect(303, '/?loggedOut=1');
    } catch (error) {
      req.log?.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'SAML logout message refused',
      );
      next(
        new HttpProblem(
          400,
          'saml_logout_refused',
          'The logout message from the identity provider was refused.',
        ),
      );
    }
  });

  return router;
}
