// The gateway in front of the services: forwarding with a signed identity, sessions, CSRF, logout,
// readiness, the web app.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoUserEmails } from '@procura/demo-data';
import { importSigningKey } from '@procura/http';
import { sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, serviceReadiness } from '../src/app.js';
import { config } from '../src/config.js';
import { serviceFor } from '../src/routes/service-routes.js';
import { createServiceProvider, loadIdentityProvider } from '../src/sso/service-provider.js';
import { newIdpKey, redirectMessageOf, signedLogoutRequestQuery } from './support/foreign-idp.js';
import { demoPerson, type Harness, idpEntityId, logIn, publicUrl, startHarness } from './support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe('forwarding /api/v1 to the services', () => {
  it('forwards to the owning service with a token it accepts, the request id, and no credentials', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.buyer));
    const response = await agent.get('/api/v1/catalog/items?q=papier').set('x-request-id', 'req-42');
    expect(response.status).toBe(200);
    expect(response.body.caller).toMatchObject({ email: demoUserEmails.buyer, roles: ['buyer', 'employee'] });
    const seen = harness.seen.at(-1);
    expect(seen?.url).toBe('/api/v1/catalog/items?q=papier');
    expect(seen?.headers['x-request-id']).toBe('req-42');
    expect(seen?.headers.cookie).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('req-42');
  });

  it('ignores an identity header sent by the caller', async () => {
    const response = await request(harness.app)
      .get('/api/v1/catalog/items')
      .set('x-procura-identity', 'forged.token.value');
    expect(response.status).toBe(401);
  });

  it('answers 401 when nobody is logged in, without reaching the service', async () => {
    const before = harness.seen.length;
    const response = await request(harness.app).get('/api/v1/catalog/items');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
    expect(harness.seen.length).toBe(before);
  });

  it('answers 404 for a path no service owns, and 502 when the service is down', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.buyer));
    expect((await agent.get('/api/v1/nowhere')).body.code).toBe('route_not_found');
    const down = await agent.get('/api/v1/purchasing/requests');
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({
      code: 'service_unavailable',
      detail: 'The purchasing service did not answer.',
    });
  });

  it('sends supplier invoices to the invoicing service', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.accountant));
    const invoices = await agent.get('/api/v1/invoices?status=received');
    expect(invoices.body).toMatchObject({ detail: 'The invoicing service did not answer.' });
    expect(serviceFor('/api/v1/invoices/files/6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a')).toBe('invoicing');
    // With a query string too: the body of an upload streams through, never read by the gateway.
    expect(serviceFor('/api/v1/invoices?fileName=F-2026-0042.xml')).toBe('invoicing');
    expect(serviceFor('/api/v1/invoicing-elsewhere')).toBeUndefined();
  });
});

describe('sessions', () => {
  it('are shared through PostgreSQL: a second gateway replica knows the session', async () => {
    const { setCookie } = await logIn(harness, demoPerson(demoUserEmails.manager));
    const replica = createApp(await appDeps());
    const me = await request(replica)
      .get('/api/v1/me')
      .set('cookie', setCookie.split(';')[0] ?? '');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(demoUserEmails.manager);
  });

  it('end after the idle timeout', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.employee));
    await sql`update identity.session set idle_expires_at = now() - interval '1 second'
              where user_id = (select id from identity.app_user where email = ${demoUserEmails.employee})`.execute(
      harness.db,
    );
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });

  it('end after the absolute timeout, however active', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.employee));
    await sql`update identity.session set absolute_expires_at = now() - interval '1 second'
              where user_id = (select id from identity.app_user where email = ${demoUserEmails.employee})`.execute(
      harness.db,
    );
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });

  it('end when an administrator deactivates the user', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.accountant));
    const admin = await logIn(harness, demoPerson(demoUserEmails.administrator));
    const users = (await admin.agent.get('/api/v1/admin/users')).body.users as {
      id: string;
      email: string;
    }[];
    const accountant = users.find((u) => u.email === demoUserEmails.accountant);
    const deactivate = await admin.agent
      .post(`/api/v1/admin/users/${accountant?.id}/deactivate`)
      .set('x-csrf-token', admin.csrfToken);
    expect(deactivate.status).toBe(204);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
    await admin.agent
      .post(`/api/v1/admin/users/${accountant?.id}/activate`)
      .set('x-csrf-token', admin.csrfToken);
  });

  it('store no session id in clear', async () => {
    const { setCookie } = await logIn(harness, demoPerson(demoUserEmails.employee));
    const signed = decodeURIComponent(/procura\.sid=([^;]+)/.exec(setCookie)?.[1] ?? '');
    const sid = signed.slice(2, signed.lastIndexOf('.'));
    expect(sid.length).toBeGreaterThan(20);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from identity.session where data::text like ${`%${sid}%`} or encode(id_hash, 'escape') = ${sid}`.execute(
      harness.db,
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('CSRF protection', () => {
  it('refuses a state-changing request with the cookie but without the token', async () => {
    const { agent, me } = await logIn(harness, demoPerson(demoUserEmails.manager));
    const body = { delegateUserId: me.userId, startsOn: '2099-01-01', endsOn: '2099-01-02' };
    const refused = await agent.post('/api/v1/me/delegations').send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('csrf_token_invalid');
    const wrong = await agent.post('/api/v1/me/delegations').set('x-csrf-token', 'x'.repeat(43)).send(body);
    expect(wrong.status).toBe(403);
  });

  it('lets it through with the session token', async () => {
    const { agent, csrfToken } = await logIn(harness, demoPerson(demoUserEmails.manager));
    const directory = (await agent.get('/api/v1/directory/users')).body.users as {
      id: string;
      email: string;
    }[];
    const colleague = directory.find((u) => u.email === demoUserEmails.buyer);
    const created = await agent
      .post('/api/v1/me/delegations')
      .set('x-csrf-token', csrfToken)
      .send({ delegateUserId: colleague?.id, startsOn: '2099-01-01', endsOn: '2099-01-02' });
    expect(created.status).toBe(201);
  });
});

describe('logout', () => {
  it('ends the session here and sends a LogoutRequest to the IdP', async () => {
    const { agent, csrfToken } = await logIn(harness, demoPerson(demoUserEmails.buyer));
    const response = await agent.post('/auth/logout').type('form').send({ _csrf: csrfToken });
    expect(response.status).toBe(303);
    const location = response.headers.location as string;
    expect(location.startsWith('https://idp.foreign.example/slo?')).toBe(true);
    expect(redirectMessageOf(location, 'SAMLRequest')).toContain(`>${demoUserEmails.buyer}</saml:NameID>`);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses a logout without the CSRF token (a cross-site form cannot log you out)', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.buyer));
    expect((await agent.post('/auth/logout').type('form').send({})).status).toBe(403);
    expect((await agent.get('/api/v1/me')).status).toBe(200);
  });

  it('ends every session of the user when the IdP asks (IdP-initiated single logout)', async () => {
    const first = await logIn(harness, demoPerson(demoUserEmails.employee));
    const second = await logIn(harness, demoPerson(demoUserEmails.employee));
    const query = signedLogoutRequestQuery({
      idpEntityId,
      destination: `${publicUrl}/auth/saml/logout`,
      nameId: demoUserEmails.employee,
      key: harness.idpKey,
    });
    const response = await request(harness.app).get(`/auth/saml/logout?${query}`);
    expect(response.status).toBe(302);
    expect(redirectMessageOf(response.headers.location as string, 'SAMLResponse')).toContain(
      'status:Success',
    );
    expect((await first.agent.get('/api/v1/me')).status).toBe(401);
    expect((await second.agent.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses a LogoutRequest not signed by the IdP', async () => {
    const { agent } = await logIn(harness, demoPerson(demoUserEmails.employee));
    const query = signedLogoutRequestQuery({
      idpEntityId,
      destination: `${publicUrl}/auth/saml/logout`,
      nameId: demoUserEmails.employee,
      key: await newIdpKey(),
    });
    expect((await request(harness.app).get(`/auth/saml/logout?${query}`)).status).toBe(400);
    expect((await agent.get('/api/v1/me')).status).toBe(200);
  });
});

describe('the gateway itself', () => {
  it('is not ready while a service is not, and says which', async () => {
    const app = createApp({
      ...(await appDeps()),
      readiness: [
        serviceReadiness('catalog', harness.catalog.url),
        serviceReadiness('purchasing', 'http://127.0.0.1:9'),
      ],
    });
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.catalog).toEqual({ ok: true });
    expect(response.body.checks.purchasing.ok).toBe(false);
  });

  it('serves the web app, with index.html for client-side routes', async () => {
    const webDistDir = mkdtempSync(join(tmpdir(), 'procura-web-'));
    mkdirSync(join(webDistDir, 'assets'));
    writeFileSync(
      join(webDistDir, 'index.html'),
      '<!doctype html><title>Procura</title><div id="root"></div>',
    );
    writeFileSync(join(webDistDir, 'assets', 'app.js'), 'console.log(1)');
    const app = createApp({ ...(await appDeps()), webDistDir });
    const page = await request(app).get('/requests/123');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect((await request(app).get('/assets/app.js')).headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/assets/missing.js')).status).toBe(404);
  });

  it('sets protective headers', async () => {
    const response = await request(harness.app).get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('configuration', () => {
  const base = {
    DATABASE_URL: 'postgres://u:p@localhost/procura',
    IDENTITY_SIGNING_KEY: 'pem',
    SESSION_SECRET: 'x'.repeat(40),
    SAML_IDP_METADATA_URL: 'https://idp.example/metadata',
  };

  it('names each missing variable', () => {
    expect(() => config({ ...base, DATABASE_URL: undefined })).toThrow(/DATABASE_URL/);
    expect(() => config({ ...base, IDENTITY_SIGNING_KEY: undefined })).toThrow(/IDENTITY_SIGNING_KEY/);
    expect(() => config({ ...base, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => config({ ...base, SAML_IDP_METADATA_URL: undefined })).toThrow(
      /identity provider is not configured/,
    );
  });

  it('derives the SP entity id from the public URL and reads attribute names as lists', () => {
    const parsed = config({
      ...base,
      PUBLIC_URL: 'https://buy.altiva.example',
      SAML_ATTR_GROUPS: 'memberOf, roles',
    });
    expect(parsed.spEntityId).toBe('https://buy.altiva.example/auth/saml/metadata');
    expect(parsed.SAML_ATTR_GROUPS).toEqual(['memberOf', 'roles']);
    expect(parsed.SAML_ATTR_EMAIL).toContain(
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    );
  });
});

/** The same gateway as the harness's, as a second replica would run it. */
async function appDeps() {
  const c = harness.config;
  return {
    db: harness.db,
    logger: pino({ level: 'silent' }),
    signingKey: await importSigningKey(c.identitySigningKeyPem),
    services: { catalog: c.CATALOG_URL, purchasing: c.PURCHASING_URL, invoicing: c.INVOICING_URL },
    readiness: [],
    sp: await createServiceProvider(c, harness.db, await loadIdentityProvider(c)),
    publicUrl,
    sessionSecret: c.sessionSecret,
    session: { idleMinutes: 30, absoluteHours: 12 },
  };
}
