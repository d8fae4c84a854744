// Which items a caller may see and order: the supplier must serve the caller's entity and, when it
// is kept to some sites of that entity (a remote site's local supplier), the caller's site.
import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogItems, demoSites, demoSuppliers } from '@procura/demo-data';
import { identityHeader, type TIdentity } from '@procura/http';
import {
  createTestIdentityKeys,
  demoIdentity,
  integrationIdentity,
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

const employee = demoIdentity('employee');
const subsidiaryUser = demoIdentity('administrator'); // another entity, Altiva Ouest
// A supplier serving both entities, kept within the employee's entity to a site that is not theirs.
const supplier = demoSuppliers.find((s) => s.allowedEntityIds.length === 2);
const otherSite = demoSites.find((s) => s.entityId === employee.entityId && s.id !== employee.siteId);
if (!supplier || !otherSite || employee.entityId === subsidiaryUser.entityId)
  throw new Error('demo data changed: update this test');
const supplierItems = demoCatalogItems.filter((i) => i.supplierId === supplier.id);
const item = supplierItems[0];
if (!item) throw new Error('demo data changed: update this test');
const colleagueAtOtherSite: TIdentity = {
  ...employee,
  userId: '3a1e1f55-0d57-4b3e-8a0c-5f2a2b8c9d10',
  siteId: otherSite.id,
};
const integration = integrationIdentity(['read'], employee.entityId);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
  await db
    .insertInto('catalog.supplier_site')
    .values({ supplier_id: supplier.id, entity_id: employee.entityId, site_id: otherSite.id })
    .execute();
});
afterAll(() => database.drop());

const as = async (identity: TIdentity) => ({ [identityHeader]: await keys.tokenFor(identity, 'catalog') });
const supplierItemCount = async (identity: TIdentity) => {
  const response = await request(app)
    .get(`/api/v1/catalog/items?supplier=${supplier.id}&pageSize=1`)
    .set(await as(identity));
  expect(response.status).toBe(200);
  return response.body.total as number;
};
const itemPage = async (identity: TIdentity) =>
  (
    await request(app)
      .get(`/api/v1/catalog/items/${item.id}`)
      .set(await as(identity))
  ).status;

describe('a supplier kept to one site of an entity', () => {
  it('is hidden from search, the item page and the cart of people at the entity’s other sites', async () => {
    expect(await supplierItemCount(employee)).toBe(0);
    expect(await itemPage(employee)).toBe(404);
    const added = await request(app)
      .post('/api/v1/catalog/cart/lines')
      .set(await as(employee))
      .send({ itemId: item.id, quantity: String(item.minOrderQuantity) });
    expect(added.status).toBe(404);
  });

  it('is visible and orderable for people at that site', async () => {
    expect(await supplierItemCount(colleagueAtOtherSite)).toBe(supplierItems.length);
    expect(await itemPage(colleagueAtOtherSite)).toBe(200);
    const added = await request(app)
      .post('/api/v1/catalog/cart/lines')
      .set(await as(colleagueAtOtherSite))
      .send({ itemId: item.id, quantity: String(item.minOrderQuantity) });
    expect(added.status).toBe(201);
  });

  it('is hidden from an integration of that entity, which has no site', async () => {
    expect(await supplierItemCount(integration)).toBe(0);
  });

  it('stays visible to another entity it serves without a site restriction', async () => {
    expect(await supplierItemCount(subsidiaryUser)).toBe(supplierItems.length);
    expect(await itemPage(subsidiaryUser)).toBe(200);
  });

  it('is hidden from every site of an entity it does not serve', async () => {
    const servicesSupplier = demoSuppliers.find((s) => !s.allowedEntityIds.includes(subsidiaryUser.entityId));
    if (!servicesSupplier) throw new Error('demo data changed: update this test');
    const response = await request(app)
      .get(`/api/v1/catalog/items?supplier=${servicesSupplier.id}`)
      .set(await as(subsidiaryUser));
    expect(response.body.total).toBe(0);
  });
});
