import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogItems, demoSuppliers } from '@procura/demo-data';
import { identityHeader, type TIdentity } from '@procura/http';
import {
  createTestIdentityKeys,
  demoIdentity,
  integrationIdentity,
  routesLettingThrough,
  type TestIdentityKeys,
} from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoData } from '../src/demo/load-demo-data.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<CatalogDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;

const buyer = demoIdentity('buyer'); // Altiva SAS
const administrator = demoIdentity('administrator'); // Altiva Ouest SARL, the subsidiary
const employee = demoIdentity('employee');
const servicesSupplier = demoSuppliers.find((s) => s.allowedEntityIds.length === 1);
const officeSupplier = demoSuppliers[0];
if (!servicesSupplier || !officeSupplier) throw new Error('demo data changed: update this test');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(() => database.drop());

const as = async (identity: TIdentity) => ({ [identityHeader]: await keys.tokenFor(identity, 'catalog') });
// The demo loader announces its suppliers as active, with their ordering details and verified bank
// accounts: not what these tests look at.
const outboxEvents = () =>
  db
    .selectFrom('catalog.outbox_event')
    .select(['event_type', 'aggregate_id', 'payload'])
    .where('event_type', 'not in', [
      'catalog.supplier.activated',
      'catalog.supplier.ordering-details',
      'catalog.supplier.bank-account-changed',
    ])
    .execute();

describe('demo data', () => {
  it('loads once: a second load leaves the catalog as it was', async () => {
    await loadDemoData(db, logger);
    const { n } = await db
      .selectFrom('catalog.item')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(demoCatalogItems.length);
  });
});

describe('GET /api/v1/catalog/items', () => {
  it('lists the items the caller’s entity may order, with prices as decimal strings', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/items?pageSize=100')
      .set(await as(buyer));
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(demoCatalogItems.length);
    expect(response.body.items).toHaveLength(100);
    const item = response.body.items[0];
    expect(item.unitPrice.amount).toMatch(/^\d+\.\d{2,4}$/);
    expect(item.name.fr).toBeTruthy();
    expect(item.name.en).toBeTruthy();
  });

  it('hides the items of a supplier the caller’s entity may not order from', async () => {
    const hidden = demoCatalogItems.filter((i) => i.supplierId === servicesSupplier.id).length;
    expect(hidden).toBeGreaterThan(0);
    const response = await request(app)
      .get('/api/v1/catalog/items')
      .set(await as(administrator));
    expect(response.body.total).toBe(demoCatalogItems.length - hidden);
    const one = demoCatalogItems.find((i) => i.supplierId === servicesSupplier.id);
    const direct = await request(app)
      .get(`/api/v1/catalog/items/${one?.id}`)
      .set(await as(administrator));
    expect(direct.status).toBe(404);
  });

  it('filters by a word of the French or English name, ignoring case', async () => {
    const fr = await request(app)
      .get('/api/v1/catalog/items?q=RAMETTE')
      .set(await as(buyer));
    const en = await request(app)
      .get('/api/v1/catalog/items?q=ream')
      .set(await as(buyer));
    expect(fr.body.total).toBeGreaterThan(0);
    for (const item of fr.body.items) expect(item.name.fr.toLowerCase()).toContain('ramette');
    expect(en.body.total).toBeGreaterThan(0);
  });

  it('pages through the results without overlap', async () => {
    const first = await request(app)
      .get('/api/v1/catalog/items?pageSize=10&page=1')
      .set(await as(buyer));
    const second = await request(app)
      .get('/api/v1/catalog/items?pageSize=10&page=2')
      .set(await as(buyer));
    const ids = new Set([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id));
    expect(ids.size).toBe(20);
  });

  it('refuses a page size over 100 and names the parameter', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/items?pageSize=1000')
      .set(await as(buyer));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('query.pageSize');
  });

  it('answers 401 without an identity token', async () => {
    expect((await request(app).get('/api/v1/catalog/items')).status).toBe(401);
  });

  it('answers 400 for an item id that is not a UUID', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/items/42')
      .set(await as(buyer));
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toEqual({ field: 'params.id', reason: 'must be a UUID' });
  });
});

describe('POST /api/v1/catalog/suppliers/:id/block', () => {
  it('refuses an employee (403) and changes nothing', async () => {
    const response = await request(app)
      .post(`/api/v1/catalog/suppliers/${officeSupplier.id}/block`)
      .set(await as(employee))
      .send({ reason: 'Suspected fraud' });
    expect(response.status).toBe(403);
    expect(await outboxEvents()).toEqual([]);
  });

  it('refuses a request without a reason (400) and changes nothing', async () => {
    const response = await request(app)
      .post(`/api/v1/catalog/suppliers/${officeSupplier.id}/block`)
      .set(await as(buyer))
      .send({});
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('body.reason');
    expect(await outboxEvents()).toEqual([]);
  });

  it('answers 404 for an unknown supplier', async () => {
    const response = await request(app)
      .post('/api/v1/catalog/suppliers/00000000-0000-4000-8000-000000000000/block')
      .set(await as(buyer))
      .send({ reason: 'Unknown' });
    expect(response.status).toBe(404);
  });

  it('blocks once when two buyers block the same supplier at the same moment, with one event', async () => {
    const send = async () =>
      request(app)
        .post(`/api/v1/catalog/suppliers/${officeSupplier.id}/block`)
        .set(await as(buyer))
        .send({ reason: 'Social-security certificate expired' });
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);

    const events = await outboxEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event_type: 'catalog.supplier.blocked',
      aggregate_id: officeSupplier.id,
      payload: {
        supplierId: officeSupplier.id,
        reason: 'Social-security certificate expired',
        blockedBy: buyer.userId,
      },
    });
  });

  it('takes the blocked supplier’s items out of the catalog', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/items?pageSize=100')
      .set(await as(buyer));
    const fromBlocked = response.body.items.filter(
      (i: { supplier: { id: string } }) => i.supplier.id === officeSupplier.id,
    );
    expect(fromBlocked).toEqual([]);
    const blockedCount = demoCatalogItems.filter((i) => i.supplierId === officeSupplier.id).length;
    expect(response.body.total).toBe(demoCatalogItems.length - blockedCount);
  });

  it('lists the supplier as blocked with its reason', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/suppliers')
      .set(await as(buyer));
    const blocked = response.body.suppliers.find((s: { id: string }) => s.id === officeSupplier.id);
    expect(blocked).toMatchObject({ status: 'blocked', statusReason: 'Social-security certificate expired' });
  });
});

describe('authorization', () => {
  it('refuses every route to every caller without the role or scope it declares', async () => {
    const callers = [
      demoIdentity('employee'),
      demoIdentity('manager'),
      demoIdentity('buyer'),
      demoIdentity('accountant'),
      demoIdentity('administrator'),
      integrationIdentity(['read'], buyer.entityId),
      integrationIdentity(['invoices:write'], buyer.entityId),
    ];
    expect(app.locals.routes.length).toBeGreaterThanOrEqual(4);
    expect(
      await routesLettingThrough(app, callers, (identity) => keys.tokenFor(identity, 'catalog')),
    ).toEqual([]);
  });
});
