import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogImportSample } from '@procura/demo-data';
import { catalogImportColumns } from '@procura/domain';
import { identityHeader } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoData } from '../src/demo/load-demo-data.js';
import { xlsxContentType } from '../src/services/import-file.js';
import { buildZip, patchDeclaredSizes } from './support/zip.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<CatalogDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;

const buyer = demoIdentity('buyer');
const employee = demoIdentity('employee');

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(() => database.drop());

const as = async (who = buyer) => ({ [identityHeader]: await keys.tokenFor(who, 'catalog') });

let supplierCount = 0;
/** A French supplier serving the buyer's entity, with a price list in force: each test its own. */
async function newSupplier() {
  supplierCount += 1;
  const supplier = await db
    .insertInto('catalog.supplier')
    .values({ name: `Fournisseur ${supplierCount}`, country: 'FR', status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('catalog.supplier_entity')
    .values({ supplier_id: supplier.id, entity_id: buyer.entityId })
    .execute();
  const priceList = await db
    .insertInto('catalog.price_list')
    .values({
      supplier_id: supplier.id,
      reference: `AC-${supplierCount}`,
      name: 'Accord-cadre',
      kind: 'contract',
      currency: 'EUR',
      valid_from: '2026-01-01',
      valid_to: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { supplierId: supplier.id, priceListId: priceList.id };
}

async function seedItem(target: { supplierId: string; priceListId: string }, sku: string, unitPrice: string) {
  return db
    .insertInto('catalog.item')
    .values({
      supplier_id: target.supplierId,
      price_list_id: target.priceListId,
      supplier_sku: sku,
      name_fr: `Article ${sku}`,
      name_en: `Item ${sku}`,
      category_code: '14111507',
      unit_code: 'H87',
      unit_price: unitPrice,
      currency: 'EUR',
      vat_rate: '20',
      min_order_quantity: '1',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function upload(
  target: { supplierId: string; priceListId: string },
  body: Buffer | string,
  contentType = 'text/csv',
  fileName = 'catalogue.csv',
) {
  return async (who = buyer) =>
    request(app)
      .post(
        `/api/v1/catalog/imports?supplier=${target.supplierId}&priceList=${target.priceListId}&fileName=${fileName}`,
      )
      .set(await as(who))
      .set('content-type', contentType)
      .send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
}

const countRows = async () => ({
  items: (
    await db.selectFrom('catalog.item').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  ).n,
  imports: (
    await db
      .selectFrom('catalog.catalog_import')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
  tiers: (
    await db
      .selectFrom('catalog.item_price_tier')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
  history: (
    await db
      .selectFrom('catalog.item_price_history')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
});

const header =
  'supplier_sku;name_fr;name_en;category;unit;unit_price;currency;vat_rate;min_order_quantity;tier1_quantity;tier1_price';

describe('catalog import: refusals', () => {
  it('lists every problem of a bad file with row, column and reason (422), and writes nothing', async () => {
    const target = await newSupplier();
    const csv = [
      header,
      'A1;Ramette;Ream;14111507;RM;4,90;EUR;20;5;50;4,50', // valid
      'A2;Stylo;Pen;14111507;RM;-3;EUR;20;1;;', // negative price
      'A3;Stylo;Pen;14111507;RM;3.123456;EUR;20;1;;', // too many decimals
      'A4;Stylo;Pen;99999999;RM;3;EUR;20;1;;', // unknown category
      'A5;Stylo;Pen;14111507;BOX;3;EUR;20;1;;', // not a Rec 20 code
      'A6;Stylo;Pen;14111507;H87;3;EUR;19,6;1;;', // not a French rate
      'A1;Doublon;Duplicate;14111507;H87;3;EUR;20;1;;', // duplicate SKU
      'A7;Stylo;Pen;14111507;H87;3;EUR;20;0;;', // minimum not positive
      'A8;Stylo;Pen;14111507;H87;3;EUR;20;1;10;3,50', // tier dearer than the base price
    ].join('\n');
    const before = await countRows();

    const response = await upload(target, csv)();

    expect(response.status).toBe(422);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.code).toBe('catalog_import_invalid');
    expect(response.body.errorCount).toBe(8);
    expect(
      response.body.errors.map((e: { row: number; column: string; code: string }) => [
        e.row,
        e.column,
        e.code,
      ]),
    ).toEqual([
      [3, 'unit_price', 'invalid_price'],
      [4, 'unit_price', 'too_many_decimals'],
      [5, 'category', 'unknown_category'],
      [6, 'unit', 'unknown_unit'],
      [7, 'vat_rate', 'invalid_vat_rate'],
      [8, 'supplier_sku', 'duplicate_sku'],
      [9, 'min_order_quantity', 'invalid_quantity'],
      [10, 'tier1_price', 'incoherent_tiers'],
    ]);
    for (const error of response.body.errors) expect(error.reason).toEqual(expect.any(String));
    expect(response.body.errors[5].reason).toBe('A1 is already on row 2: a SKU may appear once');
    expect(response.body.errors[0].field).toBe('row 3, unit_price');
    expect(await countRows()).toEqual(before);
  });

  it('names the missing required columns', async () => {
    const target = await newSupplier();
    const response = await upload(target, 'supplier_sku,name_fr\nA1,Ramette\n')();
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '1:category',
      '1:unit',
      '1:unit_price',
      '1:vat_rate',
    ]);
  });

  it('refuses a Windows-1252 CSV sent as UTF-8, naming the row and column, and reads it when declared', async () => {
    const target = await newSupplier();
    const bytes = Buffer.concat([
      Buffer.from(`${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\nA2;`),
      Buffer.from([0x43, 0x72, 0xe8, 0x6d, 0x65]), // "Crème" in Windows-1252
      Buffer.from(';Cream;14111507;H87;2;EUR;5,5;1;;\n'),
    ]);
    const before = await countRows();

    const refused = await upload(target, bytes)();
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'name_fr', code: 'invalid_encoding' }),
    ]);
    expect(refused.body.errors[0].reason).toContain('byte 0xE8 is not UTF-8');
    expect(await countRows()).toEqual(before);

    const accepted = await upload(target, bytes, 'text/csv; charset=windows-1252')();
    expect(accepted.status).toBe(201);
    expect(accepted.body.preview.newItems.map((i: { name: { fr: string } }) => i.name.fr)).toEqual([
      'Ramette',
      'Crème',
    ]);
  });

  it('refuses a file that is neither CSV nor XLSX (415)', async () => {
    const target = await newSupplier();
    const pdf = await upload(target, Buffer.from('%PDF-1.7\n\0\0binary'), 'application/pdf', 'a.pdf')();
    expect(pdf.status).toBe(415);
    expect(pdf.body.code).toBe('unsupported_file_type');
    const png = await upload(
      target,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      'application/octet-stream',
    )();
    expect(png.status).toBe(415);
    const fakeXlsx = await upload(target, 'supplier_sku\n', xlsxContentType, 'a.xlsx')();
    expect(fakeXlsx.status).toBe(415);
  });

  it('refuses a file over 10 MB (413) and over 50,000 rows (413), writing nothing', async () => {
    const target = await newSupplier();
    const before = await countRows();
    const big = await upload(target, Buffer.alloc(10 * 1024 * 1024 + 1, 0x41))();
    expect(big.status).toBe(413);
    expect(big.type).toBe('application/problem+json');
    const rows = Array.from({ length: 50_001 }, (_, i) => `S${i};N;14111507;H87;1;20`).join('\n');
    const many = await upload(target, `supplier_sku;name_fr;category;unit;unit_price;vat_rate\n${rows}`)();
    expect(many.status).toBe(413);
    expect(many.body.code).toBe('too_many_rows');
    expect(await countRows()).toEqual(before);
  });

  it('refuses a UTF-8 file declared as Windows-1252 (422) rather than import "CrÃ¨me"', async () => {
    const target = await newSupplier();
    const before = await countRows();
    const csv = `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\nA2;Crème;Cream;14111507;H87;2;EUR;5,5;1;;\n`;
    const refused = await upload(target, Buffer.from(csv, 'utf8'), 'text/csv; charset=windows-1252')();
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'name_fr', code: 'invalid_encoding' }),
    ]);
    expect(refused.body.errors[0].reason).toBe(
      'the file was declared Windows-1252 but is UTF-8 ("è" would read "Ã¨"): upload it as UTF-8',
    );
    expect(await countRows()).toEqual(before);
    // Declared as what it is, it reads right; plain ASCII declared Windows-1252 is fine too.
    const accepted = await upload(target, Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8')();
    expect(accepted.body.preview.newItems[1].name.fr).toBe('Crème');
    const ascii = await upload(
      target,
      `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\n`,
      'text/csv; charset=windows-1252',
    )();
    expect(ascii.status).toBe(201);
  });

  it('refuses a workbook that would inflate beyond the limits (413) before reading it, writing nothing', async () => {
    const target = await newSupplier();
    const before = await countRows();
    // 25 MB of spaces deflate to about 25 KB: well under the 10 MB upload limit.
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(25 * 1024 * 1024, 0x20) },
    ]);
    const refused = await upload(target, bomb, xlsxContentType, 'bombe.xlsx')();
    expect(refused.status).toBe(413);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.code).toBe('workbook_too_large');
    expect(refused.body.detail).toContain('xl/worksheets/sheet1.xml inflates to 25.0 MB');

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Catalogue').addRow(['supplier_sku', 'name_fr']);
    const lying = patchDeclaredSizes(Buffer.from(await workbook.xlsx.writeBuffer()), 0x7fffffff);
    const declared = await upload(target, lying, xlsxContentType, 'catalogue.xlsx')();
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('workbook_too_large');
    expect(await countRows()).toEqual(before);
  });

  it('lets only buyers and administrators import: an employee gets 403', async () => {
    const target = await newSupplier();
    const response = await upload(
      target,
      `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\n`,
    )(employee);
    expect(response.status).toBe(403);
    const list = await request(app)
      .get('/api/v1/catalog/imports')
      .set(await as(employee));
    expect(list.status).toBe(403);
  });
});

describe('catalog import: preview and confirmation', () => {
  it('previews new items, price changes with their percentage, unchanged and removed items exactly', async () => {
    const target = await newSupplier();
    const a = await seedItem(target, 'A', '4.90');
    await seedItem(target, 'B', '10.00');
    const c = await seedItem(target, 'C', '2.00');
    const d = await seedItem(target, 'D', '7.00');
    const csv = [
      header,
      'A;Ramette;Ream;14111507;RM;5,15;EUR;20;5;50;4,80',
      'B;Stylo;Pen;14111507;H87;10;;20;;;',
      'C;Bloc;Pad;14111507;H87;1,75;EUR;5,5;;;',
      'N;Nouveau;New;14111507;XBX;8;EUR;20;;;',
    ].join('\r\n');

    const previewed = await upload(target, csv)();
    expect(previewed.status).toBe(201);
    const body = previewed.body;
    expect(body).toMatchObject({
      status: 'previewed',
      fileName: 'catalogue.csv',
      fileFormat: 'csv',
      rowCount: 4,
      counts: { newItems: 1, priceChanges: 2, unchanged: 1, removed: 1 },
      applied: null,
    });
    expect(body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.preview.newItems).toEqual([
      { row: 5, supplierSku: 'N', name: { fr: 'Nouveau', en: 'New' }, unitPrice: '8', reactivated: false },
    ]);
    expect(
      body.preview.priceChanges.map((p: Record<string, string>) => [
        p.supplierSku,
        p.oldPrice,
        p.unitPrice,
        p.changePercent,
      ]),
    ).toEqual([
      ['A', '4.9', '5.15', '5.1'],
      ['C', '2', '1.75', '-12.5'],
    ]);
    expect(body.preview.unchanged.map((u: { supplierSku: string }) => u.supplierSku)).toEqual(['B']);
    expect(body.preview.removed).toEqual([
      { itemId: d.id, supplierSku: 'D', name: { fr: 'Article D', en: 'Item D' }, unitPrice: '7' },
    ]);
    // A preview changes nothing.
    const price = await db
      .selectFrom('catalog.item')
      .select('unit_price')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(price.unit_price).toBe('4.9000');

    const fetched = await request(app)
      .get(`/api/v1/catalog/imports/${body.id}`)
      .set(await as());
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(body);

    const historyBefore = await historyCounts([a.id, c.id]);
    const confirmed = await request(app)
      .post(`/api/v1/catalog/imports/${body.id}/confirm`)
      .set(await as());
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      createdBy: { userId: buyer.userId, displayName: buyer.displayName },
      confirmedBy: { userId: buyer.userId, displayName: buyer.displayName },
      applied: { inserted: 1, updated: 3, deactivated: 1 },
    });

    const items = await db
      .selectFrom('catalog.item')
      .select(['supplier_sku', 'unit_price', 'active', 'min_order_quantity', 'vat_rate', 'price_list_id'])
      .where('supplier_id', '=', target.supplierId)
      .orderBy('supplier_sku')
      .execute();
    expect(items.map((i) => [i.supplier_sku, i.unit_price, i.active, i.price_list_id])).toEqual([
      ['A', '5.1500', true, target.priceListId],
      ['B', '10.0000', true, target.priceListId],
      ['C', '1.7500', true, target.priceListId],
      ['D', '7.0000', false, target.priceListId], // deactivated, never deleted
      ['N', '8.0000', true, target.priceListId],
    ]);
    // One history row per changed price, none for the unchanged one.
    expect(await historyCounts([a.id, c.id])).toEqual(historyBefore.map((n) => n + 1));
    const tiers = await db
      .selectFrom('catalog.item_price_tier')
      .select(['min_quantity', 'unit_price'])
      .where('item_id', '=', a.id)
      .execute();
    expect(tiers).toEqual([{ min_quantity: '50.0000', unit_price: '4.8000' }]);

    // The removed item is gone from search and from the item page.
    const search = await request(app)
      .get(`/api/v1/catalog/items?supplier=${target.supplierId}&sort=name`)
      .set(await as());
    expect(search.body.items.map((i: { supplierSku: string }) => i.supplierSku).sort()).toEqual([
      'A',
      'B',
      'C',
      'N',
    ]);
    expect(
      (
        await request(app)
          .get(`/api/v1/catalog/items/${d.id}`)
          .set(await as())
      ).status,
    ).toBe(404);

    // The item page carries the tiers and the price list; the history shows both prices.
    const detail = await request(app)
      .get(`/api/v1/catalog/items/${a.id}`)
      .set(await as());
    expect(detail.body).toMatchObject({
      unitPrice: { amount: '5.15', currency: 'EUR' },
      tiers: [{ minQuantity: '50', unitPrice: '4.80' }],
      priceList: { id: target.priceListId, kind: 'contract', validFrom: '2026-01-01', validTo: null },
      imageUrl: null,
    });
    const history = await request(app)
      .get(`/api/v1/catalog/items/${a.id}/price-history`)
      .set(await as());
    expect(history.body.prices.map((p: { unitPrice: string }) => p.unitPrice)).toEqual(['4.90', '5.15']);
    expect(history.body.prices[1].priceList.id).toBe(target.priceListId);
    // The tiers the import set are in the history too, as the set in force from then on.
    expect(history.body.tiers.map((t: { tiers: unknown }) => t.tiers)).toEqual([
      [{ minQuantity: '50', unitPrice: '4.80' }],
    ]);

    const list = await request(app)
      .get(`/api/v1/catalog/imports?supplier=${target.supplierId}`)
      .set(await as());
    expect(list.body.imports.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [body.id, 'confirmed'],
    ]);
  });

  it('refuses to confirm twice (409) without applying anything again', async () => {
    const target = await newSupplier();
    const previewed = await upload(target, `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\n`)();
    const first = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(first.status).toBe(200);
    const before = await countRows();
    const second = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('invalid_state_transition');
    expect(await countRows()).toEqual(before);
  });

  it('applies exactly one of two previews confirmed at once for the same supplier; the other gets 409', async () => {
    const target = await newSupplier();
    await seedItem(target, 'A', '4.90');
    const first = await upload(
      target,
      `${header}\nA;Ramette;Ream;14111507;RM;5;EUR;20;1;;\nB;Bloc;Pad;14111507;H87;3;EUR;20;1;;\n`,
    )();
    const second = await upload(
      target,
      `${header}\nA;Ramette;Ream;14111507;RM;6;EUR;20;1;;\nC;Stylo;Pen;14111507;H87;1;EUR;20;1;;\n`,
    )();
    expect([first.status, second.status]).toEqual([201, 201]);

    const [one, two] = await Promise.all([
      request(app)
        .post(`/api/v1/catalog/imports/${first.body.id}/confirm`)
        .set(await as()),
      request(app)
        .post(`/api/v1/catalog/imports/${second.body.id}/confirm`)
        .set(await as()),
    ]);

    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body.code).toBe('catalog_changed_since_preview');
    const skus = await db
      .selectFrom('catalog.item')
      .select(['supplier_sku', 'unit_price'])
      .where('supplier_id', '=', target.supplierId)
      .where('active', '=', true)
      .orderBy('supplier_sku')
      .execute();
    expect(skus).toEqual(
      one.status === 200
        ? [
            { supplier_sku: 'A', unit_price: '5.0000' },
            { supplier_sku: 'B', unit_price: '3.0000' },
          ]
        : [
            { supplier_sku: 'A', unit_price: '6.0000' },
            { supplier_sku: 'C', unit_price: '1.0000' },
          ],
    );
    const statuses = await db
      .selectFrom('catalog.catalog_import')
      .select('status')
      .where('supplier_id', '=', target.supplierId)
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['confirmed', 'previewed']);
  });

  it('refuses a preview made stale by an edit of the supplier’s items, and lets a buyer cancel it', async () => {
    const target = await newSupplier();
    const item = await seedItem(target, 'A', '4.90');
    const previewed = await upload(target, `${header}\nA;Ramette;Ream;14111507;RM;5;EUR;20;1;;\n`)();
    await db.updateTable('catalog.item').set({ unit_price: '4.95' }).where('id', '=', item.id).execute();
    const refused = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('catalog_changed_since_preview');
    const cancelled = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/cancel`)
      .set(await as());
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: { userId: buyer.userId, displayName: buyer.displayName },
      confirmedBy: null,
    });
  });

  it('refuses to confirm a preview older than 24 hours (409) and shows it as expired', async () => {
    const target = await newSupplier();
    const previewed = await upload(target, `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\n`)();
    await db
      .updateTable('catalog.catalog_import')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', previewed.body.id)
      .execute();
    const before = await countRows();
    const refused = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('catalog_import_expired');
    expect((await countRows()).items).toBe(before.items);
    const shown = await request(app)
      .get(`/api/v1/catalog/imports/${previewed.body.id}`)
      .set(await as());
    expect(shown.body.status).toBe('expired');
  });

  it('previews and confirms an XLSX workbook, numbers and percentages read as typed', async () => {
    const target = await newSupplier();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.addRow([
      'supplier_sku',
      'name_fr',
      'name_en',
      'category',
      'unit',
      'unit_price',
      'vat_rate',
      'preferred',
      'image_url',
    ]);
    sheet.addRow([
      'X1',
      'Cahier A4',
      'A4 notebook',
      '14111514',
      'H87',
      2.35,
      20,
      'oui',
      'https://img.example/x1.png',
    ]);
    const rate = sheet.addRow(['X2', 'Guide', 'Guide', 14111514, 'c62', 12, 0.055, 'non', null]);
    rate.getCell(7).numFmt = '0.0%';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const previewed = await upload(target, bytes, xlsxContentType, 'catalogue.xlsx')();
    expect(previewed.status).toBe(201);
    expect(previewed.body).toMatchObject({
      fileFormat: 'xlsx',
      counts: { newItems: 2, priceChanges: 0, unchanged: 0, removed: 0 },
    });
    const confirmed = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(confirmed.status).toBe(200);
    const items = await db
      .selectFrom('catalog.item')
      .select(['supplier_sku', 'unit_price', 'vat_rate', 'unit_code', 'preferred', 'image_url'])
      .where('supplier_id', '=', target.supplierId)
      .orderBy('supplier_sku')
      .execute();
    expect(items).toEqual([
      {
        supplier_sku: 'X1',
        unit_price: '2.3500',
        vat_rate: '20.00',
        unit_code: 'H87',
        preferred: true,
        image_url: 'https://img.example/x1.png',
      },
      {
        supplier_sku: 'X2',
        unit_price: '12.0000',
        vat_rate: '5.50',
        unit_code: 'C62',
        preferred: false,
        image_url: null,
      },
    ]);
  });
});

describe('catalog import: where it may go', () => {
  const csv = `${header}\nA1;Ramette;Ream;14111507;RM;4,90;EUR;20;1;;\n`;

  it('refuses an archived supplier (409) naming why, and writes nothing', async () => {
    const target = await newSupplier();
    await db
      .updateTable('catalog.supplier')
      .set({ status: 'archived' })
      .where('id', '=', target.supplierId)
      .execute();
    const before = await countRows();
    const refused = await upload(target, csv)();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('catalog_import_closed');
    expect(refused.body.detail).toMatch(/Fournisseur \d+ is archived/);
    expect(await countRows()).toEqual(before);
  });

  it('refuses an expired price list (409) naming it', async () => {
    const target = await newSupplier();
    await db
      .updateTable('catalog.price_list')
      .set({ valid_from: '2025-01-01', valid_to: '2025-12-31' })
      .where('id', '=', target.priceListId)
      .execute();
    const refused = await upload(target, csv)();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('catalog_import_closed');
    expect(refused.body.detail).toMatch(/price list AC-\d+ has expired/);
  });

  it('keeps a blocked supplier’s prices up to date: preview and confirmation are allowed', async () => {
    const target = await newSupplier();
    await db
      .updateTable('catalog.supplier')
      .set({ status: 'blocked' })
      .where('id', '=', target.supplierId)
      .execute();
    const previewed = await upload(target, csv)();
    expect(previewed.status).toBe(201);
    const confirmed = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(confirmed.status).toBe(200);
  });

  it('refuses to confirm a preview whose supplier was archived since, applying nothing', async () => {
    const target = await newSupplier();
    const previewed = await upload(target, csv)();
    expect(previewed.status).toBe(201);
    await db
      .updateTable('catalog.supplier')
      .set({ status: 'archived' })
      .where('id', '=', target.supplierId)
      .execute();
    const before = await countRows();
    const refused = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('catalog_import_closed');
    expect(await countRows()).toEqual(before);
  });
});

describe('catalog import: a preview is stale after any edit of a column it writes', () => {
  const edits: [string, Record<string, unknown>][] = [
    ['description', { description_fr: 'Nouvelle description' }],
    ['category', { category_code: '14111514' }],
    ['unit', { unit_code: 'C62' }],
    ['VAT rate', { vat_rate: '5.5' }],
    ['minimum order quantity', { min_order_quantity: '3' }],
    ['lead time', { lead_time_days: 9 }],
    ['image', { image_url: 'https://img.example/a.png' }],
    ['preferred', { preferred: true }],
  ];
  for (const [what, change] of edits) {
    it(`refuses to confirm (409) after the item's ${what} was edited, overwriting nothing`, async () => {
      const target = await newSupplier();
      const item = await seedItem(target, 'A', '4.90');
      const previewed = await upload(target, `${header}\nA;Ramette;Ream;14111507;RM;5;EUR;20;1;;\n`)();
      expect(previewed.status).toBe(201);
      await db.updateTable('catalog.item').set(change).where('id', '=', item.id).execute();
      const refused = await request(app)
        .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
        .set(await as());
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('catalog_changed_since_preview');
      const after = await db
        .selectFrom('catalog.item')
        .selectAll()
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
      expect(after.unit_price).toBe('4.9000');
    });
  }

  it('is not stale when only the bookkeeping changed (updated_at)', async () => {
    const target = await newSupplier();
    const item = await seedItem(target, 'A', '4.90');
    const previewed = await upload(target, `${header}\nA;Ramette;Ream;14111507;RM;5;EUR;20;1;;\n`)();
    await db.updateTable('catalog.item').set({ updated_at: new Date() }).where('id', '=', item.id).execute();
    const confirmed = await request(app)
      .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
      .set(await as());
    expect(confirmed.status).toBe(200);
  });
});

describe('catalog import: tier history', () => {
  it('records the tiers an import sets, once per change, none when a re-import leaves them as they were', async () => {
    const target = await newSupplier();
    const item = await seedItem(target, 'A', '4.90');
    const importTiers = async (tiers: string) => {
      const previewed = await upload(
        target,
        `${header}\nA;Ramette;Ream;14111507;RM;4,90;EUR;20;1;${tiers}\n`,
      )();
      expect(previewed.status).toBe(201);
      const confirmed = await request(app)
        .post(`/api/v1/catalog/imports/${previewed.body.id}/confirm`)
        .set(await as());
      expect(confirmed.status).toBe(200);
    };
    await importTiers('50;4,50');
    await importTiers('50;4,50'); // same tiers: no new history
    await importTiers('100;4,40'); // new tiers
    await importTiers(';'); // tiers removed
    const history = await request(app)
      .get(`/api/v1/catalog/items/${item.id}/price-history`)
      .set(await as());
    expect(history.status).toBe(200);
    expect(history.body.tiers.map((t: { tiers: unknown }) => t.tiers)).toEqual([
      [{ minQuantity: '50', unitPrice: '4.50' }],
      [{ minQuantity: '100', unitPrice: '4.40' }],
      [],
    ]);
    expect(history.body.tiers[0].recordedAt).toEqual(expect.any(String));
  });
});

async function historyCounts(itemIds: string[]): Promise<number[]> {
  return Promise.all(
    itemIds.map(async (id) =>
      Number(
        (
          await db
            .selectFrom('catalog.item_price_history')
            .select(db.fn.countAll<string>().as('n'))
            .where('item_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
}

describe('the demo sample file', () => {
  it('previews against the demo catalog as its description says, with no error', async () => {
    const sample = demoCatalogImportSample;
    const response = await upload(sample, sample.csv, 'text/csv', sample.fileName)();
    expect(response.status).toBe(201);
    expect(response.body.counts).toMatchObject(sample.expected);
    expect(response.body.preview.priceChanges.map((c: { changePercent: string }) => c.changePercent)).toEqual(
      ['5.1', '-10.0', '2.5'],
    );
  });
});

describe('GET /api/v1/catalog/imports/template', () => {
  it('gives buyers an empty file with every column the import reads, semicolon separated', async () => {
    const response = await request(app)
      .get('/api/v1/catalog/imports/template')
      .set(await as());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('attachment');
    expect(response.text).toBe(`${catalogImportColumns.join(';')}\r\n`);
    expect(response.text.startsWith('supplier_sku;name_fr;name_en;')).toBe(true);
    expect(
      (
        await request(app)
          .get('/api/v1/catalog/imports/template')
          .set(await as(employee))
      ).status,
    ).toBe(403);
  });
});
