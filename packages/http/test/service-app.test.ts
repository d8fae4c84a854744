import { DomainError } from '@procura/domain';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ApiRoutes,
  anyAuthenticated,
  createServiceApp,
  generateIdentityKeyPair,
  identityHeader,
  importSigningKey,
  importVerifyKey,
  parseBody,
  routeLabel,
  type SigningKey,
  signIdentityToken,
  type TIdentity,
} from '../src/index.js';
import { integrationIdentity, routesLettingThrough } from '../src/testing/index.js';

const logger = pino({ level: 'silent' });
const buyer: TIdentity = {
  kind: 'user',
  scopes: [],
  actingFor: [],
  userId: '3409defb-e13f-4315-bc12-87dc854b447e',
  email: 'sophie.garnier@altiva.example',
  displayName: 'Sophie Garnier',
  roles: ['employee', 'buyer'],
  entityId: '0bf7add1-4532-4ea0-861c-b147b3e09d36',
  siteId: null,
  costCentreIds: [],
  locale: 'fr',
};

let signingKey: SigningKey;
let otherKey: SigningKey;
let ready = true;
let app: ReturnType<typeof createServiceApp>;

beforeAll(async () => {
  const pair = await generateIdentityKeyPair();
  signingKey = await importSigningKey(pair.privateKeyPem);
  otherKey = await importSigningKey((await generateIdentityKeyPair()).privateKeyPem);
  const api = new ApiRoutes();
  api.get('/things', anyAuthenticated, (_req, res) => {
    res.json({ who: res.locals.identity?.email });
  });
  api.post('/things', { roles: ['buyer'], scopes: ['catalog:write'] }, (req, res) => {
    const body = parseBody(z.object({ name: z.string().min(2), quantity: z.number().int().positive() }), req);
    res.status(201).json(body);
  });
  api.post('/approvals', { roles: ['manager'], scopes: [] }, (_req, res) => {
    res.json({ approved: true });
  });
  api.post('/files', anyAuthenticated, express.raw({ type: () => true, limit: '4kb' }), (req, res) => {
    res.status(201).json({ bytes: Buffer.isBuffer(req.body) ? req.body.toString('utf8') : null });
  });
  api.get('/missing', anyAuthenticated, () => {
    throw new DomainError('not_found', 'Purchase order PO-2026-000001 does not exist.');
  });
  api.get('/crash', anyAuthenticated, () => {
    throw new Error('secret internal detail');
  });
  app = createServiceApp({
    name: 'catalog',
    logger,
    identityKey: await importVerifyKey(pair.publicKeyPem),
    readiness: [
      {
        name: 'database',
        check: async () => {
          if (!ready) throw new Error('connection refused');
        },
      },
    ],
    api,
    bodyLimit: '1kb',
    rawBodyPaths: ['/files'],
  });
});

const tokenFor = (identity: TIdentity, options: { audience?: string; key?: SigningKey; now?: Date } = {}) =>
  signIdentityToken(options.key ?? signingKey, identity, {
    audience: options.audience ?? 'catalog',
    ...(options.now ? { now: options.now } : {}),
  });

describe('identity between the gateway and a service', () => {
  it('accepts a request carrying a valid token for this service', async () => {
    const response = await request(app)
      .get('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ who: buyer.email });
  });

  it('answers 401 to a request with no token', async () => {
    const response = await request(app).get('/api/v1/things');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('answers 401 to a token signed by another key', async () => {
    const response = await request(app)
      .get('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer, { key: otherKey }));
    expect(response.status).toBe(401);
  });

  it('answers 401 to a token whose payload was altered after signing', async () => {
    const [header, payload, signature] = (await tokenFor(buyer)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['administrator'] })).toString('base64url');
    const response = await request(app)
      .get('/api/v1/things')
      .set(identityHeader, `${header}.${forged}.${signature}`);
    expect(response.status).toBe(401);
  });

  it('answers 401 to an expired token', async () => {
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    const response = await request(app)
      .get('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer, { now: twoMinutesAgo }));
    expect(response.status).toBe(401);
  });

  it('answers 401 to a token minted for another service', async () => {
    const response = await request(app)
      .get('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer, { audience: 'invoicing' }));
    expect(response.status).toBe(401);
  });

  it('answers 401 to an unsigned token (alg none)', async () => {
    const [, payload] = (await tokenFor(buyer)).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const response = await request(app).get('/api/v1/things').set(identityHeader, `${header}.${payload}.`);
    expect(response.status).toBe(401);
  });

  it('answers 403 when the caller lacks the role the route needs', async () => {
    const response = await request(app)
      .post('/api/v1/approvals')
      .set(identityHeader, await tokenFor(buyer));
    expect(response.status).toBe(403);
    expect(response.body.detail).toBe('This action needs one of the roles: manager.');
  });
});

describe('errors as application/problem+json', () => {
  const post = async (body: string) =>
    request(app)
      .post('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer))
      .set('content-type', 'application/json')
      .send(body);

  it('names each invalid field', async () => {
    const response = await post(JSON.stringify({ name: 'x', quantity: -1 }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.name',
      'body.quantity',
    ]);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await post('{"name": ');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_body');
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(2_000), quantity: 1 }));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('leaves the body of a route that reads it as bytes alone, JSON or not, malformed or over the JSON limit', async () => {
    const upload = async (body: string) =>
      request(app)
        .post('/api/v1/files/')
        .set(identityHeader, await tokenFor(buyer))
        .set('content-type', 'application/json')
        .send(body);
    expect((await upload('{"name": ')).body).toEqual({ bytes: '{"name": ' });
    const large = JSON.stringify({ name: 'x'.repeat(2_000) });
    expect(await upload(large)).toMatchObject({ status: 201, body: { bytes: large } });
  });

  it('maps a domain error to its status by kind', async () => {
    const response = await request(app)
      .get('/api/v1/missing')
      .set(identityHeader, await tokenFor(buyer));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      code: 'not_found',
      detail: 'Purchase order PO-2026-000001 does not exist.',
    });
  });

  it('hides the detail of an unexpected error', async () => {
    const response = await request(app)
      .get('/api/v1/crash')
      .set(identityHeader, await tokenFor(buyer));
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret internal detail');
    expect(response.body.code).toBe('internal_error');
  });

  it('answers 404 as a problem for an unknown route', async () => {
    const response = await request(app).get('/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('route_not_found');
  });
});

describe('health, readiness, metrics and request ids', () => {
  it('reports alive on /healthz', async () => {
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', service: 'catalog', pid: process.pid });
  });

  it('reports 503 on /readyz while a check fails, with the reason', async () => {
    ready = false;
    try {
      const response = await request(app).get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body.checks.database).toEqual({ ok: false, detail: 'connection refused' });
    } finally {
      ready = true;
    }
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('exposes Prometheus metrics with the route template, not the raw path', async () => {
    await request(app)
      .get('/api/v1/things')
      .set(identityHeader, await tokenFor(buyer));
    const response = await request(app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{service="catalog",method="GET",route="\/api\/v1\/things",status_code="200"\} \d+/,
    );
    expect(response.text).toContain('process_cpu_seconds_total');
  });

  it('keeps the request id sent by the gateway and echoes it', async () => {
    const response = await request(app).get('/healthz').set('x-request-id', 'gw-1234');
    expect(response.headers['x-request-id']).toBe('gw-1234');
  });

  it('replaces a request id that is not safe to log', async () => {
    const response = await request(app).get('/healthz').set('x-request-id', 'bad id\twith spaces');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('route labels for metrics', () => {
  it('replaces UUIDs, numbers and document numbers by :id', () => {
    expect(routeLabel('/api/v1/catalog/suppliers/5c65ecf2-73ca-4ff1-b9d9-031bf0ee4222/block?x=1')).toBe(
      '/api/v1/catalog/suppliers/:id/block',
    );
    expect(routeLabel('/api/v1/purchase-orders/PO-2026-000123/pdf')).toBe('/api/v1/purchase-orders/:id/pdf');
    expect(routeLabel('/api/v1/invoices/42')).toBe('/api/v1/invoices/:id');
  });
});

describe('access by role and by scope', () => {
  it('lets an integration through by scope, and refuses it where only people may go', async () => {
    const erp = integrationIdentity(['catalog:write'], buyer.entityId);
    const created = await request(app)
      .post('/api/v1/things')
      .set(identityHeader, await tokenFor(erp))
      .send({ name: 'Ramette', quantity: 2 });
    expect(created.status).toBe(201);
    const approval = await request(app)
      .post('/api/v1/approvals')
      .set(identityHeader, await tokenFor(erp));
    expect(approval.status).toBe(403);
    expect(approval.body.detail).toBe(
      'This action needs one of the scopes: (none: not open to integrations).',
    );
  });

  it('finds no route that lets through a caller it should refuse', async () => {
    const employee = { ...buyer, roles: ['employee' as const] };
    const readOnly = integrationIdentity(['read'], buyer.entityId);
    expect(await routesLettingThrough(app, [buyer, employee, readOnly], tokenFor)).toEqual([]);
  });
});
