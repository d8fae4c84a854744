// Search relevance on a fixed set of queries over the demo catalog, facets and filters.
import { type CatalogDatabase, connect } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogItems } from '@procura/demo-data';
import { identityHeader } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoData } from '../src/demo/load-demo-data.js';
import {
  type ItemSearch,
  searchDatabaseUrl,
  searchItems,
  searchWords,
} from '../src/repositories/item-search.repository.js';
import { orderingCaller } from '../src/repositories/orderable.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<CatalogDatabase>;
let searchDb: Kysely<CatalogDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;
const buyer = demoIdentity('buyer');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  searchDb = connect<CatalogDatabase>({ url: searchDatabaseUrl(database.url) });
  app = createApp({ db, searchDb, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(async () => {
  await searchDb.destroy();
  await database.drop();
});

async function search(query: string) {
  const response = await request(app)
    .get(`/api/v1/catalog/items?${query}`)
    .set(identityHeader, await keys.tokenFor(buyer, 'catalog'));
  return response;
}

const namesOf = (body: { items: { name: { fr: string; en: string } }[] }) => body.items.map((i) => i.name.fr);
const expected = (word: string) =>
  demoCatalogItems.filter((i) =>
    `${i.nameFr} ${i.nameEn}`
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .includes(word),
  );

describe('search words', () => {
  it('lowers case, drops accents and punctuation', () => {
    expect(searchWords('  Écran 27" — USB-C!  ')).toEqual(['ecran', '27', 'usb', 'c']);
    expect(searchWords('%%%')).toEqual([]);
  });
});

describe('GET /api/v1/catalog/items?q=', () => {
  /** Items named with the word come first, then those that only mention it in their description. */
  async function expectNameMatchesFirst(query: string, word: string) {
    const response = await search(`q=${query}&pageSize=100`);
    expect(response.status).toBe(200);
    expect(response.body.matchedBy).toBe('words');
    const named = expected(word)
      .map((i) => i.id)
      .sort();
    expect(named.length).toBeGreaterThan(2);
    const top = response.body.items
      .slice(0, named.length)
      .map((i: { id: string }) => i.id)
      .sort();
    expect(top).toEqual(named);
  }

  it('finds every item whose name holds the word, accents and case ignored, names first', async () => {
    await expectNameMatchesFirst('ECRAN', 'ecran');
  });

  it('matches a prefix while the user is typing', async () => {
    await expectNameMatchesFirst('clav', 'clavier');
  });

  it('finds English names too', async () => {
    await expectNameMatchesFirst('keyboard', 'keyboard');
  });

  it('requires every word to match', async () => {
    const both = await search('q=clavier%20ergonomique');
    expect(both.body.total).toBeGreaterThan(0);
    expect(both.body.total).toBeLessThan((await search('q=clavier')).body.total);
  });

  it('still finds the item when a word is misspelt, by similarity', async () => {
    const response = await search('q=ramete');
    expect(response.body.matchedBy).toBe('similarity');
    expect(
      namesOf(response.body)
        .slice(0, 5)
        .some((n) => n.toLowerCase().includes('ramette')),
    ).toBe(true);
  });

  // A fixed set of queries as people type them, each with the item they are after: it must be in
  // the first three results.
  const relevanceCases: [kind: string, query: string, intended: string][] = [
    ['whole words', 'ramette papier A4 recyclé', 'Ramette de papier A4 80 g/m² recyclé'],
    ['last word unfinished', 'clavier sans fil comp', 'Clavier sans fil compact QWERTY international'],
    ['earlier word unfinished', 'souris ambi', 'Souris sans fil ambidextre'],
    ['without accents', 'ecouteurs visioconference', 'Écouteurs sans fil avec micro pour la visioconférence'],
    ['English', 'usb-c hdmi adapter', 'Adaptateur USB-C vers HDMI 4K'],
    ['misspelt word among whole ones', 'onduleru 1000', 'Onduleur 1 000 VA line-interactive'],
    [
      'misspelt, last word',
      'switch 48 ports administrabel',
      'Switch 48 ports Gigabit PoE+ administrable, 4 × SFP+ 10G',
    ],
    ['two misspelt words', 'housee ordinatuer', 'Housse de protection pour ordinateur portable 14"'],
    ['wrong plural', 'ingenieur reseaus', 'Ingénieur systèmes et réseaux (par jour)'],
    ['supplier SKU', 'LB110103', 'Ramette de papier A4 80 g/m² recyclé'],
  ];
  it.each(relevanceCases)(
    'puts the intended item in the top three: %s ("%s")',
    async (_kind, query, intended) => {
      const response = await search(`q=${encodeURIComponent(query)}`);
      expect(response.status).toBe(200);
      expect(namesOf(response.body).slice(0, 3)).toContain(intended);
    },
  );

  it('finds nothing for gibberish rather than everything', async () => {
    const response = await search('q=zzqxw');
    expect(response.body.total).toBe(0);
    expect(response.body.items).toEqual([]);
  });

  it('returns facets whose counts add up to the total', async () => {
    const { body } = await search('q=papier');
    const sum = (list: { count: number }[]) => list.reduce((n, f) => n + f.count, 0);
    expect(sum(body.facets.categories)).toBe(body.total);
    expect(sum(body.facets.suppliers)).toBe(body.total);
    expect(sum(body.facets.priceBands)).toBe(body.total);
    expect(body.facets.priceBands.map((b: { key: string }) => b.key)).toEqual([
      '0-10',
      '10-50',
      '50-200',
      '200-1000',
      '1000+',
    ]);
  });

  it('filters by category, supplier and price, with exact decimal bounds', async () => {
    const item = demoCatalogItems.find((i) => i.unitPrice === '23.50');
    if (!item) throw new Error('demo data changed');
    const exact = await search(
      `minPrice=23.50&maxPrice=23.50&category=${item.categoryCode}&supplier=${item.supplierId}`,
    );
    expect(exact.body.items.map((i: { id: string }) => i.id)).toContain(item.id);
    for (const found of exact.body.items) expect(found.unitPrice.amount).toBe('23.50');
  });

  it('sorts by price when asked', async () => {
    const { body } = await search('q=cable&sort=price_asc&pageSize=50');
    const prices = body.items.map((i: { unitPrice: { amount: string } }) => Number(i.unitPrice.amount));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('puts preferred items and items of a negotiated contract first', async () => {
    const kinds = await db.selectFrom('catalog.price_list').select(['id', 'kind']).execute();
    await db.updateTable('catalog.price_list').set({ kind: 'price_list' }).execute();
    try {
      const ordinary = (await search('q=souris')).body.items;
      expect(ordinary.map((i: { preferred: boolean }) => i.preferred)).not.toContain(true);
      const last = ordinary.at(-1);
      await db.updateTable('catalog.item').set({ preferred: true }).where('id', '=', last.id).execute();
      const ranked = (await search('q=souris')).body.items;
      expect(ranked[0].id).toBe(last.id);
      expect(ranked[0].preferred).toBe(true);
      await db.updateTable('catalog.item').set({ preferred: false }).where('id', '=', last.id).execute();

      // The supplier's price list becomes a contract: its items come first, flagged.
      const other = ordinary.find(
        (i: { supplier: { id: string } }) => i.supplier.id !== ordinary[0].supplier.id,
      );
      const contractSupplier = (other ?? last).supplier.id;
      await db
        .updateTable('catalog.price_list')
        .set({ kind: 'contract' })
        .where('supplier_id', '=', contractSupplier)
        .execute();
      const byContract = (await search('q=souris')).body.items;
      const firstOther = byContract.findIndex(
        (i: { supplier: { id: string } }) => i.supplier.id !== contractSupplier,
      );
      const lastContract = byContract.findLastIndex(
        (i: { supplier: { id: string } }) => i.supplier.id === contractSupplier,
      );
      expect(byContract[0].supplier.id).toBe(contractSupplier);
      expect(byContract[0].preferred).toBe(true);
      if (firstOther >= 0) expect(lastContract).toBeLessThan(firstOther);
    } finally {
      for (const { id, kind } of kinds)
        await db.updateTable('catalog.price_list').set({ kind }).where('id', '=', id).execute();
    }
  });

  it('applies price bounds and bands in the search currency only', async () => {
    const inEuros = (await search('q=souris&minPrice=0')).body;
    const inDollars = (await search('q=souris&minPrice=0&currency=USD')).body;
    expect(inEuros.total).toBeGreaterThan(0);
    expect(inDollars.total).toBe(0);
    expect(
      inDollars.facets.priceBands.every(
        (b: { currency: string; count: number }) => b.currency === 'USD' && b.count === 0,
      ),
    ).toBe(true);
    const bandTotal = inEuros.facets.priceBands.reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(bandTotal).toBe(inEuros.total);
  });

  it('counts every item in its price band, lower bound inside, upper bound outside', async () => {
    // Two items moved onto band boundaries for the test: 10.00 belongs to 10-50, 50.00 to 50-200.
    const [first, second] = demoCatalogItems.filter((i) => i.currency === 'EUR' && i.unitPrice !== '23.50');
    if (!first || !second) throw new Error('demo data changed');
    const moved = [
      { id: first.id, price: '10.00', was: first.unitPrice },
      { id: second.id, price: '50.00', was: second.unitPrice },
    ];
    for (const m of moved)
      await db.updateTable('catalog.item').set({ unit_price: m.price }).where('id', '=', m.id).execute();
    try {
      type Band = { key: string; min: string; max: string | null; count: number };
      const firstPage = await search('pageSize=100');
      const bands: Band[] = firstPage.body.facets.priceBands;
      const items: { unitPrice: { amount: string; currency: string } }[] = [...firstPage.body.items];
      for (let page = 2; items.length < firstPage.body.total; page++)
        items.push(...(await search(`pageSize=100&page=${page}`)).body.items);
      const prices = items
        .filter((i) => i.unitPrice.currency === 'EUR')
        .map((i) => Number(i.unitPrice.amount));
      expect(prices).toContain(10);
      expect(prices).toContain(50);
      expect(bands.map((b) => [b.key, b.count])).toEqual(
        bands.map((b) => [
          b.key,
          prices.filter((p) => p >= Number(b.min) && (b.max === null || p < Number(b.max))).length,
        ]),
      );
    } finally {
      for (const m of moved)
        await db.updateTable('catalog.item').set({ unit_price: m.was }).where('id', '=', m.id).execute();
    }
  });

  it('names the wrong parameter', async () => {
    const response = await search('minPrice=50&maxPrice=10&category=abc&sort=random');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.category',
      'query.sort',
    ]);
    const bounds = await search('minPrice=50&maxPrice=10');
    expect(bounds.body.errors).toEqual([{ field: 'query.maxPrice', reason: 'must not be below minPrice' }]);
  });
});

describe('the search statements', () => {
  /** One search connection, so that its prepared statements and settings can be read afterwards. */
  async function onOneConnection(work: (one: Kysely<CatalogDatabase>) => Promise<void>) {
    const one = connect<CatalogDatabase>({ url: searchDatabaseUrl(database.url), maxConnections: 1 });
    try {
      await work(one);
    } finally {
      await one.destroy();
    }
  }
  const searchFor = (q: string): ItemSearch => ({
    ...orderingCaller(buyer, new Date()),
    currency: 'EUR',
    q,
    sort: 'relevance',
    language: 'fr',
    page: 1,
    pageSize: 24,
  });
  const plans = (one: Kysely<CatalogDatabase>) =>
    sql<{ generic_plans: string; custom_plans: string }>`
      select generic_plans, custom_plans from pg_prepared_statements`
      .execute(one)
      .then((r) => r.rows);
  const planCacheMode = (one: Kysely<CatalogDatabase>) =>
    sql<{ plan_cache_mode: string }>`show plan_cache_mode`
      .execute(one)
      .then((r) => r.rows[0]?.plan_cache_mode);

  it('run on sessions that plan each search by words once', async () => {
    await onOneConnection(async (one) => {
      // Whole words, and a misspelt word: the words, the correction and the search by similarity.
      for (const q of ['clavier', 'souris sans fil', 'ramete', 'clavier'])
        expect((await searchItems(one, searchFor(q))).total).toBeGreaterThan(0);
      const prepared = await plans(one);
      expect(prepared.length).toBeGreaterThanOrEqual(3);
      for (const p of prepared) expect([p.custom_plans, Number(p.generic_plans) > 0]).toEqual(['0', true]);
    });
  });

  it('plan browsing without words for its filters, whose values decide how to find the items', async () => {
    await onOneConnection(async (one) => {
      await searchItems(one, { ...searchFor(''), maxPrice: '1.00' });
      const [browse] = await plans(one);
      expect(browse?.custom_plans).toBe('1');
      expect(await planCacheMode(one)).toBe('force_generic_plan');
    });
  });

  it('keep the options already in the connection string', () => {
    const url = new URL(searchDatabaseUrl('postgres://u:p@db:5432/procura?options=-c%20search_path%3Dx'));
    expect(url.searchParams.get('options')).toBe('-c search_path=x -c plan_cache_mode=force_generic_plan');
    expect([url.username, url.password, url.host, url.pathname]).toEqual(['u', 'p', 'db:5432', '/procura']);
  });
});
