// A gateway wired as in production, from environment variables alone, in front of a foreign IdP
// (test/support/foreign-idp.ts) and a real service built with the same kit as catalog.
import type { IdentityDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoEntities, demoUsers } from '@procura/demo-data';
import {
  ApiRoutes,
  anyAuthenticated,
  createServiceApp,
  generateIdentityKeyPair,
  identityOf,
  importSigningKey,
  importVerifyKey,
  type RunningService,
  runService,
} from '@procura/http';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { type GatewayConfig, config as readConfig } from '../../src/config.js';
import { loadDemoData } from '../../src/demo/load-demo-data.js';
import { ApiTokenCache, listenForRevocations } from '../../src/services/api-token-cache.js';
import { createServiceProvider, loadIdentityProvider } from '../../src/sso/service-provider.js';
import {
  authnRequestIdOf,
  buildResponse,
  type KeyPair,
  newIdpKey,
  type ResponseOptions,
} from './foreign-idp.js';

export const publicUrl = 'http://procura.test';
export const idpEntityId = 'https://idp.foreign.example/saml';
export const acsUrl = `${publicUrl}/auth/saml/callback`;
export const spEntityId = `${publicUrl}/auth/saml/metadata`;
const logger = pino({ level: 'silent' });

export interface Harness {
  database: TestDatabase;
  db: Kysely<IdentityDatabase>;
  idpKey: KeyPair;
  config: GatewayConfig;
  app: ReturnType<typeof createApp>;
  catalog: RunningService;
  seen: { headers: Record<string, unknown>; url: string }[];
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const db = database.connect<IdentityDatabase>();
  await loadDemoData(db, logger);
  const idpKey = await newIdpKey();
  const pair = await generateIdentityKeyPair();

  const seen: Harness['seen'] = [];
  const api = new ApiRoutes().get('/catalog/{*rest}', anyAuthenticated, (req, res) => {
    seen.push({ headers: req.headers, url: req.originalUrl });
    res.json({ caller: identityOf(res) });
  });
  const catalog = await runService({
    app: createServiceApp({
      name: 'catalog',
      logger,
      identityKey: await importVerifyKey(pair.publicKeyPem),
      readiness: [],
      api,
    }),
    port: 0,
    host: '127.0.0.1',
    logger,
  });

  // Only environment variables, as an operator would set them for an IdP Procura has never seen.
  const config = readConfig({
    DATABASE_URL: database.url,
    PUBLIC_URL: publicUrl,
    IDENTITY_SIGNING_KEY: pair.privateKeyPem,
    SESSION_SECRET: 'a-test-session-secret-of-forty-characters',
    SAML_IDP_ENTITY_ID: idpEntityId,
    SAML_IDP_SSO_URL: 'https://idp.foreign.example/sso',
    SAML_IDP_SLO_URL: 'https://idp.foreign.example/slo',
    SAML_IDP_CERT: idpKey.certPem,
    CATALOG_URL: catalog.url,
    PURCHASING_URL: 'http://127.0.0.1:9',
    INVOICING_URL: 'http://127.0.0.1:9',
    ...env,
  });
  const sp = await createServiceProvider(config, db, await loadIdentityProvider(config));
  // As in production: integrations' tokens kept a while, evicted when revoked.
  const apiTokens = new ApiTokenCache();
  const revocations = listenForRevocations(database.url, apiTokens, logger);
  await revocations.ready;
  const app = createApp({
    db,
    logger,
    apiTokens,
    signingKey: await importSigningKey(config.identitySigningKeyPem),
    services: {
      catalog: config.CATALOG_URL,
      purchasing: config.PURCHASING_URL,
      invoicing: config.INVOICING_URL,
    },
    readiness: [],
    sp,
    publicUrl: config.PUBLIC_URL,
    sessionSecret: config.sessionSecret,
    session: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
  });
  return {
    database,
    db,
    idpKey,
    config,
    app,
    catalog,
    seen,
    async close() {
      await revocations.stop();
      await catalog.shutdown();
      await database.drop();
    },
  };
}

export interface Person {
  email: string;
  displayName: string;
  groups: string[];
  entity: string;
  costCentre?: string[];
  manager?: string;
}

/** What the IdP asserts for one of the demo users. */
export function demoPerson(email: string): Person {
  const user = demoUsers.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  const groups = user.roles.map((role) => `procura-${role}s`);
  const entity = demoEntities.find((e) => e.id === user.entityId)?.code ?? '';
  return { email, displayName: user.displayName, groups, entity };
}

export const attributesOf = (person: Person): Record<string, string[]> => ({
  email: [person.email],
  displayName: [person.displayName],
  groups: person.groups,
  entity: [person.entity],
  costCentre: person.costCentre ?? [],
  ...(person.manager ? { manager: [person.manager] } : {}),
});

/** Starts a login at the gateway and returns the AuthnRequest id the IdP must answer. */
export async function startLogin(agent: ReturnType<typeof request.agent>, returnTo = '/'): Promise<string> {
  const response = await agent.get(`/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (response.status !== 302) throw new Error(`login did not redirect: ${response.status} ${response.text}`);
  return authnRequestIdOf(response.headers.location as string);
}

export function validResponse(
  harness: Harness,
  person: Person,
  inResponseTo: string | undefined,
  overrides: Partial<ResponseOptions> = {},
) {
  return buildResponse({
    idpEntityId,
    inResponseTo,
    destination: acsUrl,
    audience: spEntityId,
    nameId: person.email,
    attributes: attributesOf(person),
    signAssertionWith: harness.idpKey,
    signResponseWith: harness.idpKey,
    ...overrides,
  });
}

export interface LoggedIn {
  agent: ReturnType<typeof request.agent>;
  csrfToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON body of /api/v1/me, read by the tests
  me: Record<string, any>;
  /** The session cookie as the gateway set it, e.g. `procura.sid=s%3A…; Path=/; HttpOnly; SameSite=Lax`. */
  setCookie: string;
}

/** Logs a person in through the whole SAML round trip; the agent then holds the session cookie. */
export async function logIn(harness: Harness, person: Person): Promise<LoggedIn> {
  const agent = request.agent(harness.app);
  const requestId = await startLogin(agent);
  const callback = await agent
    .post('/auth/saml/callback')
    .type('form')
    .send({ SAMLResponse: validResponse(harness, person, requestId), RelayState: '/' });
  if (callback.status !== 303) throw new Error(`login failed: ${callback.status} ${callback.text}`);
  const me = await agent.get('/api/v1/me');
  return {
    agent,
    csrfToken: me.body.csrfToken as string,
    me: me.body,
    setCookie: String(callback.headers['set-cookie']),
  };
}
