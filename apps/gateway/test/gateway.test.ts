import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoUserEmails } from '@procura/demo-data';
import {
  createServiceApp,
  generateIdentityKeyPair,
  identityOf,
  importSigningKey,
  importVerifyKey,
  type RunningService,
  runService,
} from '@procura/http';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, serviceReadiness } from '../src/app.js';
import { config } from '../src/config.js';
import { loadDemoData } from '../src/demo/load-demo-data.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<IdentityDatabase>;
let catalog: RunningService;
let seen: { headers: Record<string, unknown>; url: string } | undefined;
let deps: Parameters<typeof createApp>[0];
const webDistDir = mkdtempSync(join(tmpdir(), 'procura-web-'));

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<IdentityDatabase>();
  await loadDemoData(db, logger);
  const pair = await generateIdentityKeyPair();

  // A real service built with the same kit as catalog: it verifies the gateway's token itself.
  const api = Router();
  api.all('/catalog/{*rest}', (req, res) => {
    seen = { headers: req.headers, url: req.originalUrl };
    res.json({ caller: identityOf(res), body: req.body ?? null });
  });
  catalog = await runService({
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

  mkdirSync(join(webDistDir, 'assets'));
  writeFileSync(join(webDistDir, 'index.html'), '<!doctype html><title>Procura</title><div id="root"></div>');
  writeFileSync(join(webDistDir, 'assets', 'app.js'), 'console.log(1)');

  const services = {
    catalog: catalog.url,
    purchasing: 'http://127.0.0.1:9',
    invoicing: 'http://127.0.0.1:9',
  };
  deps = {
    db,
    logger,
    signingKey: await importSigningKey(pair.privateKeyPem),
    services,
    readiness: [
      serviceReadiness('catalog', catalog.url),
      serviceReadiness('purchasing', services.purchasing),
    ],
    webDistDir,
    devIdentityEmail: demoUserEmails.buyer,
  };
});
afterAll(async () => {
  await catalog.shutdown();
  await database.drop();
});

describe('forwarding /api/v1 to the services', () => {
  it('forwards to the owning service with a token it accepts, the request id, and no credentials', async () => {
    const response = await request(createApp(deps))
      .post('/api/v1/catalog/items?q=papier')
      .set('x-request-id', 'req-42')
      .set('cookie', 'procura.sid=secret')
      .set('authorization', 'Bearer integration-token')
      .send({ quantity: '3' });
    expect(response.status).toBe(200);
    expect(response.body.caller).toMatchObject({ email: demoUserEmails.buyer, roles: ['employee', 'buyer'] });
    expect(response.body.body).toEqual({ quantity: '3' });
    expect(seen?.url).toBe('/api/v1/catalog/items?q=papier');
    expect(seen?.headers['x-request-id']).toBe('req-42');
    expect(seen?.headers.cookie).toBeUndefined();
    expect(seen?.headers.authorization).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('req-42');
  });

  it('ignores an identity header sent by the caller', async () => {
    const response = await request(createApp({ ...deps, devIdentityEmail: undefined }))
      .get('/api/v1/catalog/items')
      .set('x-procura-identity', 'forged.token.value');
    expect(response.status).toBe(401);
  });

  it('answers 401 when nobody is logged in, without reaching the service', async () => {
    seen = undefined;
    const response = await request(createApp({ ...deps, devIdentityEmail: undefined })).get(
      '/api/v1/catalog/items',
    );
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
    expect(seen).toBeUndefined();
  });

  it('answers 401 for a deactivated user', async () => {
    await db
      .updateTable('identity.app_user')
      .set({ active: false })
      .where('email', '=', demoUserEmails.accountant)
      .execute();
    const response = await request(createApp({ ...deps, devIdentityEmail: demoUserEmails.accountant })).get(
      '/api/v1/me',
    );
    expect(response.status).toBe(401);
  });

  it('answers 404 for a path no service owns', async () => {
    const response = await request(createApp(deps)).get('/api/v1/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('route_not_found');
  });

  it('answers 502 as a problem when the service is down', async () => {
    const response = await request(createApp(deps)).get('/api/v1/purchasing/requests');
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({
      code: 'service_unavailable',
      detail: 'The purchasing service did not answer.',
    });
  });
});

describe('the gateway itself', () => {
  it('tells the caller who they are', async () => {
    const response = await request(createApp(deps)).get('/api/v1/me');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ email: demoUserEmails.buyer, displayName: 'Sophie Garnier' });
    expect(response.body.costCentreIds.length).toBeGreaterThan(0);
  });

  it('is not ready while a service is not, and says which', async () => {
    const response = await request(createApp(deps)).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.catalog).toEqual({ ok: true });
    expect(response.body.checks.purchasing.ok).toBe(false);
  });

  it('serves the web app, with index.html for client-side routes', async () => {
    const app = createApp(deps);
    const page = await request(app).get('/requests/123');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    const asset = await request(app).get('/assets/app.js');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/assets/missing.js')).status).toBe(404);
  });

  it('sets protective headers', async () => {
    const response = await request(createApp(deps)).get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('configuration', () => {
  const base = { DATABASE_URL: 'postgres://u:p@localhost/procura', IDENTITY_SIGNING_KEY: 'pem' };

  it('refuses a development identity in production', () => {
    expect(() => config({ ...base, NODE_ENV: 'production', DEV_IDENTITY_EMAIL: 'a@b.example' })).toThrow(
      /DEV_IDENTITY_EMAIL/,
    );
  });

  it('names the missing variable', () => {
    expect(() => config({ IDENTITY_SIGNING_KEY: 'pem' })).toThrow(/DATABASE_URL/);
    expect(() => config({ DATABASE_URL: base.DATABASE_URL })).toThrow(/IDENTITY_SIGNING_KEY/);
  });
});
