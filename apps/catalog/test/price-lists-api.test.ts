import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogItems, demoPriceLists, demoPriceTiers } from '@procura/demo-data';
import { identityHeader } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
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

const buyer = demoIdentity('buyer');
const employee = demoIdentity('employee');
const [demoList] = demoPriceLists;
if (!demoList) throw new Error('demo data changed: update this test');
const tieredItem = demoCatalogItems.find(
  (i) => i.supplierId === demoList.supplierId && demoPriceTiers.some((t) => t.itemId === i.id),
);
if (!tieredItem) throw new Error('demo data changed: update this test');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(() => database.drop());

const as = async (who = buyer) => ({ [identityHeader]: await keys.tokenFor(who, 'catalog') });

describe('price lists API', () => {
  it('lists a supplier’s price lists with their item counts and state', async () => {
    const response = await request(app)
      .get(`/api/v1/catalog/price-lists?supplier=${demoList.supplierId}`)
      .set(await as());
    expect(response.status).toBe(200);
    expect(response.body.priceLists).toEqual([
      expect.objectContaining({
        id: demoList.id,
        reference: demoList.reference,
        kind: 'contract',
        validFrom: demoList.validFrom,
        validTo: demoList.validTo,
        state: 'in_force',
        itemCount: demoCatalogItems.filter((i) => i.supplierId === demoList.supplierId).length,
      }),
    ]);
  });

  it('creates a contract for a supplier (201), upcoming until it starts, and refuses a duplicate reference (409)', async () => {
    const body = {
      supplierId: demoList.supplierId,
      reference: 'AC-2028-001',
      name: 'Accord-cadre 2028',
      kind: 'contract',
      currency: 'EUR',
      validFrom: '2099-01-01',
      validTo: '2099-12-31',
    };
    const created = await request(app)
      .post('/api/v1/catalog/price-lists')
      .set(await as())
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reference: 'AC-2028-001', state: 'upcoming', itemCount: 0 });

    const duplicate = await request(app)
      .post('/api/v1/catalog/price-lists')
      .set(await as())
      .send(body);
    expect(duplicate.status).toBe(409);
  });

  it('refuses a validity that ends before it starts (400), naming the field', async () => {
    const response = await request(app)
      .post('/api/v1/catalog/price-lists')
      .set(await as())
      .send({
        supplierId: demoList.supplierId,
        reference: 'X',
        name: 'X',
        kind: 'price_list',
        currency: 'EUR',
        validFrom: '2026-06-01',
        validTo: '2026-05-31',
      });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'validTo', reason: 'must not end (2026-05-31) before it starts (2026-06-01)' },
    ]);
  });

  it('shortens a validity so that the list expires, making its items unorderable, then extends it again', async () => {
    const shortened = await request(app)
      .patch(`/api/v1/catalog/price-lists/${demoList.id}`)
      .set(await as())
      .send({ validTo: '2026-01-31' });
    expect(shortened.status).toBe(200);
    expect(shortened.body).toMatchObject({ validTo: '2026-01-31', state: 'expired' });
    expect(
      (
        await request(app)
          .get(`/api/v1/catalog/items/${tieredItem.id}`)
          .set(await as())
      ).status,
    ).toBe(404);

    const extended = await request(app)
      .patch(`/api/v1/catalog/price-lists/${demoList.id}`)
      .set(await as())
      .send({ validTo: null });
    expect(extended.body).toMatchObject({ validTo: null, state: 'in_force' });

    // Both changes are on record: who, when, the validity before and after, in order.
    const changedBy = { userId: buyer.userId, displayName: buyer.displayName };
    expect(extended.body.validityChanges).toEqual([
      {
        changedBy,
        changedAt: expect.any(String),
        from: { validFrom: demoList.validFrom, validTo: demoList.validTo },
        to: { validFrom: demoList.validFrom, validTo: '2026-01-31' },
      },
      {
        changedBy,
        changedAt: expect.any(String),
        from: { validFrom: demoList.validFrom, validTo: '2026-01-31' },
        to: { validFrom: demoList.validFrom, validTo: null },
      },
    ]);
    const fetched = await request(app)
      .get(`/api/v1/catalog/price-lists/${demoList.id}`)
      .set(await as());
    expect(fetched.body.validityChanges).toEqual(extended.body.validityChanges);
    // The record is append-only.
    await expect(db.deleteFrom('catalog.price_list_validity_change').execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('answers 404 as a problem for an unknown price list', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/price-lists/00000000-0000-4000-8000-000000000000')
      .set(await as());
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.code).toBe('not_found');
  });

  it('refuses an employee (403) creating a price list', async () => {
    const response = await request(app)
      .post('/api/v1/catalog/price-lists')
      .set(await as(employee))
      .send({});
    expect(response.status).toBe(403);
  });
});

describe('item detail', () => {
  it('carries the quantity tiers, the price list and the image', async () => {
    const response = await request(app)
      .get(`/api/v1/catalog/items/${tieredItem.id}`)
      .set(await as(employee));
    expect(response.status).toBe(200);
    const tiers = demoPriceTiers.filter((t) => t.itemId === tieredItem.id);
    expect(response.body.tiers).toEqual(
      tiers.map((t) => ({ minQuantity: t.minQuantity, unitPrice: t.unitPrice })),
    );
    expect(response.body.priceList).toEqual({
      id: demoList.id,
      reference: demoList.reference,
      name: demoList.name,
      kind: demoList.kind,
      validFrom: demoList.validFrom,
      validTo: null,
    });
    expect(response.body).toHaveProperty('imageUrl');
  });

  it('gives the price history with the price list each price came from', async () => {
    await db
      .updateTable('catalog.item')
      .set({ unit_price: '1.2300' })
      .where('id', '=', tieredItem.id)
      .execute();
    const response = await request(app)
      .get(`/api/v1/catalog/items/${tieredItem.id}/price-history`)
      .set(await as(employee));
    expect(response.status).toBe(200);
    expect(response.body.prices.map((p: { unitPrice: string }) => p.unitPrice)).toEqual([
      tieredItem.unitPrice,
      '1.23',
    ]);
    expect(response.body.prices[0].priceList).toEqual({
      id: demoList.id,
      reference: demoList.reference,
      name: demoList.name,
    });
    // The demo tiers are where the item's tier history starts.
    expect(response.body.tiers).toHaveLength(1);
    expect(response.body.tiers[0].tiers.length).toBeGreaterThan(0);
  });
});
