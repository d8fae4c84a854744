import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { demoUsers } from '@procura/demo-data';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { type DevIdentityProvider, type InboundSamlMessage, SamlMessageError } from './identity-provider.js';
import { autoPostPage, errorPage, homePage, loggedOutPage, loginPage, type UserChoice } from './pages.js';
import { findDemoUser, roleGroups, samlAttributesOf } from './users.js';

export const sessionCookieName = 'procura_dev_idp';
/** How long the login page for an AuthnRequest stays usable. */
export const pendingRequestLifetimeMs = 10 * 60_000;
/** How long the IdP waits for the SP's LogoutResponse after an IdP-initiated logout. */
export const pendingLogoutLifetimeMs = 10 * 60_000;

export interface DevIdpAppDeps {
  identityProvider: DevIdentityProvider;
  logger: Logger;
  /** Milliseconds since the epoch; tests move it to expire pending requests. */
  now?: () => number;
}

interface PendingAuthnRequest {
  requestId: string;
  relayState: string | undefined;
  expiresAt: number;
}

interface IdpSession {
  userId: string;
  sessionIndex: string;
  authnInstant: Date;
}

const userChoices: UserChoice[] = demoUsers.map((user) => ({
  id: user.id,
  displayName: user.displayName,
  email: user.email,
  roles: user.roles,
  groups: user.roles.map((role) => roleGroups[role]),
}));

export function createApp(deps: DevIdpAppDeps): Express {
  const { identityProvider: idp, logger } = deps;
  const now = deps.now ?? Date.now;
  const secureCookie = idp.ssoUrl.startsWith('https:');

  // All state lives in this process's memory: the browser sessions (cookie id → user), the
  // AuthnRequests waiting for a user to be chosen, and the logouts waiting for the SP's answer.
  // This development IdP is single-process by design; a restart signs everybody out of it.
  const sessions = new Map<string, IdpSession>();
  const pendingRequests = new Map<string, PendingAuthnRequest>();
  const pendingLogouts = new Map<string, number>();

  const forgetExpired = () => {
    const at = now();
    for (const [id, pending] of pendingRequests) if (pending.expiresAt <= at) pendingRequests.delete(id);
    for (const [id, expiresAt] of pendingLogouts) if (expiresAt <= at) pendingLogouts.delete(id);
  };

  const currentSession = (req: Request): { id: string; session: IdpSession } | undefined => {
    const id = readCookie(req.headers.cookie, sessionCookieName);
    const session = id ? sessions.get(id) : undefined;
    return id && session ? { id, session } : undefined;
  };

  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/' } as const;

  async function sendLoginResponse(
    res: Response,
    session: IdpSession,
    requestId: string,
    relayState: string | undefined,
  ): Promise<void> {
    const user = findDemoUser(session.userId);
    if (!user) throw new Error(`session for unknown user ${session.userId}`);
    const samlResponse = await idp.createLoginResponse({
      inResponseTo: requestId,
      attributes: samlAttributesOf(user),
      sessionIndex: session.sessionIndex,
      authnInstant: session.authnInstant,
    });
    logger.info({ user: user.email, inResponseTo: requestId }, 'login response sent to the service provider');
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('content-security-policy', pageSecurityPolicy(nonce));
    sendHtml(
      res,
      200,
      autoPostPage({
        action: idp.sp.acsUrl,
        fields: { SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) },
        nonce,
      }),
    );
  }

  const handleSso = (binding: 'redirect' | 'post') => async (req: Request, res: Response) => {
    const message = inboundMessage(req);
    const params = (binding === 'redirect' ? message.query : message.body) ?? {};
    if (!params.SAMLRequest) throw new SamlMessageError('SAMLRequest is missing');
    const request = await idp.parseAuthnRequest(binding, message);
    const relayState = params.RelayState || undefined;
    const current = currentSession(req);
    logger.info(
      { requestId: request.id, binding, signature: request.signature, session: Boolean(current) },
      'AuthnRequest received',
    );
    if (current && !request.forceAuthn) {
      await sendLoginResponse(res, current.session, request.id, relayState);
      return;
    }
    forgetExpired();
    const pendingId = randomToken();
    pendingRequests.set(pendingId, {
      requestId: request.id,
      relayState,
      expiresAt: now() + pendingRequestLifetimeMs,
    });
    sendHtml(res, 200, loginPage({ pendingId, users: userChoices }));
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // SAML messages make long URLs, and the cookie is a session: log the path and status only.
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', pageSecurityPolicy());
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: '512kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'dev-idp', pid: process.pid });
  });

  app.get('/metadata', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.type('application/xml').send(idp.metadataXml);
  });

  app.get('/sso', handleSso('redirect'));
  app.post('/sso', handleSso('post'));

  app.post('/login', async (req, res) => {
    const body = formFields(req.body);
    const pendingId = body.request ?? '';
    const pending = pendingRequests.get(pendingId);
    if (!pending || pending.expiresAt <= now()) {
      pendingRequests.delete(pendingId);
      sendHtml(
        res,
        400,
        errorPage({
          messageFr: 'Demande de connexion inconnue ou expirée : recommencez depuis Procura.',
          messageEn: 'Unknown or expired sign-in request: start again from Procura.',
        }),
      );
      return;
    }
    const user = findDemoUser(body.user ?? '');
    if (!user) {
      sendHtml(
        res,
        400,
        errorPage({ messageFr: 'Utilisateur inconnu.', messageEn: 'Unknown user.', detail: body.user }),
      );
      return;
    }
    pendingRequests.delete(pendingId);
    const previous = currentSession(req);
    if (previous) sessions.delete(previous.id);
    const sessionId = randomToken();
    const session: IdpSession = {
      userId: user.id,
      sessionIndex: `_${randomUUID()}`,
      authnInstant: new Date(now()),
    };
    sessions.set(sessionId, session);
    res.cookie(sessionCookieName, sessionId, cookieOptions);
    logger.info({ user: user.email }, 'signed in at the development IdP');
    await sendLoginResponse(res, session, pending.requestId, pending.relayState);
  });

  app.get('/', (req, res) => {
    const current = currentSession(req);
    const user = current ? findDemoUser(current.session.userId) : undefined;
    sendHtml(res, 200, homePage({ user }));
  });

  // IdP-initiated logout: end the IdP session, then ask the SP to end its own.
  app.post('/logout', (req, res) => {
    const current = currentSession(req);
    const user = current ? findDemoUser(current.session.userId) : undefined;
    if (!current || !user) {
      sendHtml(res, 200, homePage({ user: undefined }));
      return;
    }
    sessions.delete(current.id);
    res.clearCookie(sessionCookieName, cookieOptions);
    forgetExpired();
    const { id, url } = idp.createLogoutRequestUrl({
      nameId: user.email,
      sessionIndex: current.session.sessionIndex,
    });
    pendingLogouts.set(id, now() + pendingLogoutLifetimeMs);
    logger.info({ user: user.email, logoutRequestId: id }, 'IdP-initiated logout: LogoutRequest sent');
    res.redirect(303, url);
  });

  app.get('/slo', async (req, res) => {
    const message = inboundMessage(req);
    const query = message.query ?? {};
    if (query.SAMLRequest) {
      // SP-initiated logout: end the IdP session of this browser (and any session the request names).
      const request = await idp.parseLogoutRequest(message);
      const current = currentSession(req);
      if (current) sessions.delete(current.id);
      for (const [id, session] of sessions) {
        if (request.sessionIndex && session.sessionIndex === request.sessionIndex) sessions.delete(id);
      }
      res.clearCookie(sessionCookieName, cookieOptions);
      logger.info(
        { logoutRequestId: request.id, nameId: request.nameId, signature: request.signature },
        'SP-initiated logout: IdP session ended',
      );
      res.redirect(302, idp.createLogoutResponseUrl(request.id, query.RelayState || undefined));
      return;
    }
    if (query.SAMLResponse) {
      // The SP's answer to an IdP-initiated logout.
      const { inResponseTo } = await idp.parseLogoutResponse(message);
      const expiresAt = inResponseTo ? pendingLogouts.get(inResponseTo) : undefined;
      if (!inResponseTo || expiresAt === undefined || expiresAt <= now()) {
        throw new SamlMessageError('LogoutResponse to no logout this IdP is waiting for');
      }
      pendingLogouts.delete(inResponseTo);
      sendHtml(res, 200, loggedOutPage());
      return;
    }
    throw new SamlMessageError('SAMLRequest or SAMLResponse is missing');
  });

  app.use((_req, res) => {
    sendHtml(res, 404, errorPage({ messageFr: 'Page introuvable.', messageEn: 'Page not found.' }));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof SamlMessageError) {
      req.log.warn({ reason: error.message }, 'SAML message refused');
      sendHtml(
        res,
        400,
        errorPage({
          messageFr: 'Message SAML refusé.',
          messageEn: 'SAML message refused.',
          detail: error.message,
        }),
      );
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // A body the parser refused (too large, malformed…).
      sendHtml(res, status, errorPage({ messageFr: 'Requête refusée.', messageEn: 'Request refused.' }));
      return;
    }
    req.log.error({ err: error }, 'request failed');
    sendHtml(res, 500, errorPage({ messageFr: 'Erreur interne.', messageEn: 'Internal error.' }));
  });

  return app;
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

/** Inline styles; no script except the auto-submitting form's, by nonce. */
function pageSecurityPolicy(scriptNonce?: string): string {
  const script = scriptNonce ? `script-src 'nonce-${scriptNonce}'` : "script-src 'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; ${script}; base-uri 'none'; frame-ancestors 'none'`;
}

function inboundMessage(req: Request): InboundSamlMessage {
  const queryStart = req.originalUrl.indexOf('?');
  return {
    query: formFields(req.query),
    body: formFields(req.body),
    rawQuery: queryStart >= 0 ? req.originalUrl.slice(queryStart + 1) : '',
  };
}

/** The string-valued fields of a parsed query or form body. */
function formFields(source: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return fields;
  for (const [name, value] of Object.entries(source)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
