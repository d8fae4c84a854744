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
import { findOrderableItem } from '../src/repositories/item.repository.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<CatalogDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;

const buyer = demoIdentity('buyer');
const [priceList] = demoPriceLists;
if (!priceList) throw new Error('demo data changed: update this test');
const itemOfList = demoCatalogItems.find((i) => i.supplierId === priceList.supplierId);
if (!itemOfList) throw new Error('demo data changed: update this test');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(() => database.drop());

const asBuyer = async () => ({ [identityHeader]: await keys.tokenFor(buyer, 'catalog') });

describe('price lists', () => {
  it('keeps every item’s price history, appended by the database on each change', async () => {
    await db
      .updateTable('catalog.item')
      .set({ unit_price: '99.1234' })
      .where('id', '=', itemOfList.id)
      .execute();
    await db.updateTable('catalog.item').set({ lead_time_days: 9 }).where('id', '=', itemOfList.id).execute();
    const history = await db
      .selectFrom('catalog.item_price_history')
      .select(['unit_price', 'price_list_id'])
      .where('item_id', '=', itemOfList.id)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { unit_price: Number(itemOfList.unitPrice).toFixed(4), price_list_id: priceList.id },
      { unit_price: '99.1234', price_list_id: priceList.id },
    ]);
  });

  it('loads quantity tiers for the demo consumables', async () => {
    const tiers = await db.selectFrom('catalog.item_price_tier').selectAll().execute();
    expect(tiers).toHaveLength(demoPriceTiers.length);
    expect(tiers.length).toBeGreaterThan(0);
  });

  it('makes the items of an expired price list unorderable: gone from search and from the item page', async () => {
    const before = await request(app)
      .get(`/api/v1/catalog/items/${itemOfList.id}`)
      .set(await asBuyer());
    expect(before.status).toBe(200);
    const listed = await request(app)
      .get(`/api/v1/catalog/items?supplier=${priceList.supplierId}&pageSize=1`)
      .set(await asBuyer());
    expect(listed.body.total).toBeGreaterThan(0);

    await db
      .updateTable('catalog.price_list')
      .set({ valid_from: '2020-01-01', valid_to: '2020-12-31' })
      .where('id', '=', priceList.id)
      .execute();

    const after = await request(app)
      .get(`/api/v1/catalog/items/${itemOfList.id}`)
      .set(await asBuyer());
    expect(after.status).toBe(404);
    const search = await request(app)
      .get(`/api/v1/catalog/items?supplier=${priceList.supplierId}`)
      .set(await asBuyer());
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);

    // A price list not yet in force is not orderable either.
    await db
      .updateTable('catalog.price_list')
      .set({ valid_from: '2099-01-01', valid_to: null })
      .where('id', '=', priceList.id)
      .execute();
    expect(
      (
        await request(app)
          .get(`/api/v1/catalog/items/${itemOfList.id}`)
          .set(await asBuyer())
      ).status,
    ).toBe(404);
  });

  it('judges validity on the company’s calendar day it is given, not the database server’s', async () => {
    await db
      .updateTable('catalog.price_list')
      .set({ valid_from: '2031-01-01', valid_to: '2031-12-31' })
      .where('id', '=', priceList.id)
      .execute();
    const on = (today: string) =>
      findOrderableItem(db, { entityId: buyer.entityId, siteId: buyer.siteId, today }, itemOfList.id);
    expect(await on('2030-12-31')).toBeUndefined();
    expect((await on('2031-01-01'))?.id).toBe(itemOfList.id);
    expect((await on('2031-12-31'))?.id).toBe(itemOfList.id);
    expect(await on('2032-01-01')).toBeUndefined();
  });
});
