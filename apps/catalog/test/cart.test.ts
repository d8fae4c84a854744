import { randomUUID } from 'node:crypto';
import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCatalogItems, demoPriceListOf, demoSuppliers } from '@procura/demo-data';
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

const employee = demoIdentity('employee'); // Altiva SAS
const buyer = demoIdentity('buyer'); // Altiva SAS
const administrator = demoIdentity('administrator'); // Altiva Ouest SARL

const supplierNamed = (name: string) => {
  const supplier = demoSuppliers.find((s) => s.name.startsWith(name));
  if (!supplier) throw new Error('demo data changed: update this test');
  return supplier.id;
};
const demoSupplierIds = {
  lemaire: supplierNamed('Lemaire'),
  numeria: supplierNamed('Numéria'),
  orialis: supplierNamed('Orialis'),
};

/** A colleague of the employee with a cart of their own: each test starts from an empty cart. */
const colleague = (): TIdentity => ({ ...employee, userId: randomUUID(), displayName: 'Colleague' });

function demoItem(predicate: (item: (typeof demoCatalogItems)[number]) => boolean) {
  const item = demoCatalogItems.find(predicate);
  if (!item) throw new Error('demo data changed: update this test');
  return item;
}
// Paper, 4.90 EUR a ream, at least 5; 4.66 from 50, 4.41 from 250 (the demo tiers).
const paper = demoItem((i) => i.supplierSku === 'LB110101');
const lemaireItem = demoItem((i) => i.supplierId === demoSupplierIds.lemaire && i.minOrderQuantity === 1);
const numeriaItem = demoItem((i) => i.supplierId === demoSupplierIds.numeria && i.minOrderQuantity === 1);
const orialisItem = demoItem((i) => i.supplierId === demoSupplierIds.orialis && i.minOrderQuantity === 1);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<CatalogDatabase>();
  keys = await createTestIdentityKeys();
  await loadDemoData(db, logger);
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(() => database.drop());

const as = async (identity: TIdentity) => ({ [identityHeader]: await keys.tokenFor(identity, 'catalog') });
const cartOf = async (identity: TIdentity) =>
  request(app)
    .get('/api/v1/catalog/cart')
    .set(await as(identity));
const addItem = async (identity: TIdentity, itemId: string, quantity: string, key?: string) =>
  request(app)
    .post('/api/v1/catalog/cart/lines')
    .set({ ...(await as(identity)), ...(key ? { 'idempotency-key': key } : {}) })
    .send({ itemId, quantity });
const freeText = {
  description: 'Fauteuil ergonomique Steelcase Please',
  quantity: '2',
  unitCode: 'H87',
  estimatedUnitPrice: { amount: '389.90', currency: 'EUR' },
  categoryCode: '56101504',
  suggestedSupplierName: 'Bureau Confort SARL',
  url: 'https://example.com/fauteuil',
  notes: 'Prescription du médecin du travail',
};
const addFreeText = async (identity: TIdentity, body: object = freeText) =>
  request(app)
    .post('/api/v1/catalog/cart/free-text-lines')
    .set(await as(identity))
    .send(body);

describe('the cart', () => {
  it('adds a catalog line priced from the price list, changes its quantity, removes it', async () => {
    const user = colleague();
    const added = await addItem(user, paper.id, '5');
    expect(added.status).toBe(201);
    expect(added.body.lines).toHaveLength(1);
    const [line] = added.body.lines;
    expect(line).toMatchObject({
      kind: 'item',
      quantity: '5',
      item: { id: paper.id, minOrderQuantity: '5' },
      unitPrice: { amount: '4.90', currency: 'EUR' },
      netAmount: { amount: '24.50', currency: 'EUR' },
      vatRate: '20',
      priceChange: null,
      orderable: true,
      issues: [],
    });
    expect(added.body.totals).toEqual([
      {
        currency: 'EUR',
        netAmount: { amount: '24.50', currency: 'EUR' },
        vatAmount: { amount: '4.90', currency: 'EUR' },
        grossAmount: { amount: '29.40', currency: 'EUR' },
      },
    ]);

    const changed = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${line.id}`)
      .set(await as(user))
      .send({ quantity: '12' });
    expect(changed.status).toBe(200);
    expect(changed.body.lines[0]).toMatchObject({ quantity: '12', netAmount: { amount: '58.80' } });
    expect(changed.body.totals[0].grossAmount.amount).toBe('70.56');

    const removed = await request(app)
      .delete(`/api/v1/catalog/cart/lines/${line.id}`)
      .set(await as(user));
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ lines: [], totals: [] });
    expect(await db.selectFrom('catalog.cart_line').where('user_id', '=', user.userId).execute()).toEqual([]);
  });

  it('refuses a quantity below the minimum order quantity with 422 naming the minimum, adding nothing', async () => {
    const user = colleague();
    const refused = await addItem(user, paper.id, '4');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('below_minimum_order_quantity');
    expect(refused.body.detail).toContain('minimum order quantity 5');
    expect((await cartOf(user)).body.lines).toEqual([]);

    const { body } = await addItem(user, paper.id, '5');
    const lowered = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${body.lines[0].id}`)
      .set(await as(user))
      .send({ quantity: '4.5' });
    expect(lowered.status).toBe(422);
    expect(lowered.body.code).toBe('below_minimum_order_quantity');
    expect((await cartOf(user)).body.lines[0].quantity).toBe('5');
  });

  it('refuses a malformed quantity with 400 naming the field', async () => {
    const response = await addItem(colleague(), paper.id, '0');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'body.quantity', reason: 'must be greater than zero' }]);
  });

  it('applies the tier price from the tier quantity, not one below', async () => {
    const user = colleague();
    const below = await addItem(user, paper.id, '49');
    expect(below.body.lines[0]).toMatchObject({ unitPrice: { amount: '4.90' }, tierMinQuantity: null });
    const atTier = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${below.body.lines[0].id}`)
      .set(await as(user))
      .send({ quantity: '50' });
    expect(atTier.body.lines[0]).toMatchObject({
      unitPrice: { amount: '4.66' },
      tierMinQuantity: '50',
      netAmount: { amount: '233.00' },
      priceChange: null,
    });
  });

  it('404s an item the caller’s entity may not order, and an unknown one', async () => {
    expect((await addItem(administrator, orialisItem.id, '1')).status).toBe(404);
    expect((await addItem(colleague(), randomUUID(), '1')).status).toBe(404);
  });

  it('is for people only: an integration gets 403', async () => {
    const integration = integrationIdentity(['read'], employee.entityId);
    expect((await cartOf(integration)).status).toBe(403);
  });

  it('survives the session: the same user with a new token finds the same cart', async () => {
    const user = colleague();
    await addItem(user, paper.id, '5');
    const laterToken = await keys.tokenFor({ ...user, displayName: 'Colleague, next login' }, 'catalog');
    const later = await request(app).get('/api/v1/catalog/cart').set(identityHeader, laterToken);
    expect(later.body.lines.map((l: { item: { id: string } }) => l.item.id)).toEqual([paper.id]);
  });

  it('is private: another user neither sees nor changes nor removes someone else’s line', async () => {
    const owner = colleague();
    const other = colleague();
    const { body } = await addItem(owner, paper.id, '5');
    const lineId = body.lines[0].id;
    expect((await cartOf(other)).body.lines).toEqual([]);
    const changed = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${lineId}`)
      .set(await as(other))
      .send({ quantity: '10' });
    expect(changed.status).toBe(404);
    const removed = await request(app)
      .delete(`/api/v1/catalog/cart/lines/${lineId}`)
      .set(await as(other));
    expect(removed.status).toBe(404);
    const emptied = await request(app)
      .delete('/api/v1/catalog/cart')
      .set(await as(other));
    expect(emptied.status).toBe(200);
    expect((await cartOf(owner)).body.lines[0]).toMatchObject({ id: lineId, quantity: '5' });
  });

  it('empties the cart', async () => {
    const user = colleague();
    await addItem(user, paper.id, '5');
    await addItem(user, lemaireItem.id, '1');
    const emptied = await request(app)
      .delete('/api/v1/catalog/cart')
      .set(await as(user));
    expect(emptied.body.lines).toEqual([]);
  });

  it('ends concurrent adds of the same item in one line with the summed quantity', async () => {
    const user = colleague();
    const answers = await Promise.all(Array.from({ length: 6 }, () => addItem(user, paper.id, '5')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const { body } = await cartOf(user);
    expect(body.lines).toHaveLength(1);
    expect(body.lines[0].quantity).toBe('30');
    expect(body.lines[0].netAmount.amount).toBe('147.00');
  });

  it('applies a retried add with the same Idempotency-Key once, even when the retries race', async () => {
    const user = colleague();
    const key = randomUUID();
    const first = await addItem(user, paper.id, '5', key);
    const retries = await Promise.all([addItem(user, paper.id, '5', key), addItem(user, paper.id, '5', key)]);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
    }
    expect((await cartOf(user)).body.lines[0].quantity).toBe('5');

    const raced = colleague();
    const raceKey = randomUUID();
    await Promise.all([addItem(raced, paper.id, '5', raceKey), addItem(raced, paper.id, '5', raceKey)]);
    expect((await cartOf(raced)).body.lines[0].quantity).toBe('5');

    const reused = await addItem(user, paper.id, '10', key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    // A new key is a new add.
    await addItem(user, paper.id, '5', randomUUID());
    expect((await cartOf(user)).body.lines[0].quantity).toBe('10');
  });
});

describe('the cart, read again later', () => {
  it('refreshes the price from the price list and flags the change old → new', async () => {
    const user = colleague();
    await addItem(user, lemaireItem.id, '2');
    const before = Number(lemaireItem.unitPrice);
    const raised = (before + 1.25).toFixed(2);
    await db
      .updateTable('catalog.item')
      .set({ unit_price: raised })
      .where('id', '=', lemaireItem.id)
      .execute();

    const { body } = await cartOf(user);
    expect(body.lines[0]).toMatchObject({
      unitPrice: { amount: raised },
      priceChange: { from: { amount: before.toFixed(2) }, to: { amount: raised } },
      orderable: true,
    });
    expect(body.totals[0].netAmount.amount).toBe((Number(raised) * 2).toFixed(2));

    // Changing the quantity takes the new price as seen.
    const changed = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${body.lines[0].id}`)
      .set(await as(user))
      .send({ quantity: '3' });
    expect(changed.body.lines[0].priceChange).toBeNull();
  });

  it('flags a line whose supplier was blocked as not orderable, out of the totals', async () => {
    const user = colleague();
    await addItem(user, numeriaItem.id, '1');
    await addItem(user, paper.id, '5');
    const blocked = await request(app)
      .post(`/api/v1/catalog/suppliers/${demoSupplierIds.numeria}/block`)
      .set(await as(buyer))
      .send({ reason: 'Attestation URSSAF manquante' });
    expect(blocked.status).toBe(200);

    const { body } = await cartOf(user);
    const numeriaLine = body.lines.find((l: { item: { id: string } }) => l.item.id === numeriaItem.id);
    expect(numeriaLine).toMatchObject({ orderable: false, issues: ['supplier_not_active'] });
    expect(body.totals[0].netAmount.amount).toBe('24.50');
    const refused = await request(app)
      .patch(`/api/v1/catalog/cart/lines/${numeriaLine.id}`)
      .set(await as(user))
      .send({ quantity: '2' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('item_not_orderable');
  });

  it('flags a line whose price list expired, and one whose item was deactivated', async () => {
    const user = colleague();
    await addItem(user, orialisItem.id, '1');
    await db
      .updateTable('catalog.price_list')
      .set({ valid_from: '2020-01-01', valid_to: '2020-12-31' })
      .where('id', '=', demoPriceListOf(demoSupplierIds.orialis).id)
      .execute();
    expect((await cartOf(user)).body.lines[0]).toMatchObject({
      orderable: false,
      issues: ['price_list_not_valid'],
    });
    expect((await cartOf(user)).body.totals).toEqual([]);

    const other = colleague();
    const sheets = demoItem((i) => i.supplierSku === 'LB110102');
    await addItem(other, sheets.id, '1');
    await db.updateTable('catalog.item').set({ active: false }).where('id', '=', sheets.id).execute();
    expect((await cartOf(other)).body.lines[0].issues).toEqual(['item_inactive']);
  });
});

describe('free-text requests', () => {
  it('become a cart line at the estimate, listed for buyers, whose handling the requester sees', async () => {
    const user = colleague();
    const added = await addFreeText(user);
    expect(added.status).toBe(201);
    const [line] = added.body.lines;
    expect(line).toMatchObject({
      kind: 'free_text',
      quantity: '2',
      item: null,
      estimated: true,
      orderable: true,
      unitPrice: { amount: '389.90', currency: 'EUR' },
      netAmount: { amount: '779.80', currency: 'EUR' },
      freeText: {
        description: freeText.description,
        status: 'pending',
        suggestedSupplier: { id: null, name: 'Bureau Confort SARL' },
        categoryCode: '56101504',
      },
    });
    expect(added.body.totals[0].grossAmount.amount).toBe('935.76');

    const list = await request(app)
      .get('/api/v1/catalog/free-text-requests?status=pending')
      .set(await as(buyer));
    expect(list.status).toBe(200);
    const listed = list.body.requests.find((r: { id: string }) => r.id === line.freeText.requestId);
    expect(listed).toMatchObject({
      requester: { userId: user.userId, displayName: 'Colleague' },
      description: freeText.description,
      quantity: '2',
      estimatedUnitPrice: { amount: '389.90', currency: 'EUR' },
      status: 'pending',
    });

    const rejected = await request(app)
      .post(`/api/v1/catalog/free-text-requests/${line.freeText.requestId}/reject`)
      .set(await as(buyer))
      .send({ reason: 'Déjà au contrat mobilier' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    const seen = (await cartOf(user)).body;
    expect(seen.lines[0]).toMatchObject({
      orderable: false,
      issues: ['request_rejected'],
      freeText: { status: 'rejected', rejectionReason: 'Déjà au contrat mobilier' },
    });
    expect(seen.totals).toEqual([]);

    const again = await request(app)
      .post(`/api/v1/catalog/free-text-requests/${line.freeText.requestId}/reject`)
      .set(await as(buyer))
      .send({ reason: 'encore' });
    expect(again.status).toBe(409);
  });

  it('turns into the catalog item a buyer sources it with, still showing it was requested', async () => {
    const user = colleague();
    const { body } = await addFreeText(user, {
      ...freeText,
      quantity: '10',
      suggestedSupplierId: demoSupplierIds.lemaire,
    });
    const requestId = body.lines[0].freeText.requestId;
    expect(body.lines[0].freeText.suggestedSupplier).toMatchObject({ id: demoSupplierIds.lemaire });

    const sourced = await request(app)
      .post(`/api/v1/catalog/free-text-requests/${requestId}/source`)
      .set(await as(buyer))
      .send({ itemId: paper.id });
    expect(sourced.status).toBe(200);
    expect(sourced.body).toMatchObject({ status: 'sourced', sourcedItemId: paper.id });

    const cart = (await cartOf(user)).body;
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({
      kind: 'item',
      quantity: '10',
      item: { id: paper.id },
      unitPrice: { amount: '4.90' },
      estimated: false,
      freeText: { requestId, status: 'sourced' },
    });
  });

  it('keeps both requests when a second one is sourced with an item already on a line sourced from the first', async () => {
    const user = colleague();
    const source = async (requestId: string) =>
      request(app)
        .post(`/api/v1/catalog/free-text-requests/${requestId}/source`)
        .set(await as(buyer))
        .send({ itemId: paper.id });
    const first = (await addFreeText(user, { ...freeText, quantity: '10' })).body.lines[0].freeText.requestId;
    expect((await source(first)).status).toBe(200);
    const second = (await addFreeText(user, { ...freeText, quantity: '20' })).body.lines[1].freeText
      .requestId;
    expect((await source(second)).status).toBe(200);

    const cart = (await cartOf(user)).body;
    expect(
      cart.lines.map((l: { item: { id: string }; quantity: string; freeText: { requestId: string } }) => [
        l.item.id,
        l.quantity,
        l.freeText.requestId,
      ]),
    ).toEqual([
      [paper.id, '10', first],
      [paper.id, '20', second],
    ]);
    // Adding the item again goes to a line for it, not to a third line.
    const added = await addItem(user, paper.id, '5');
    expect(added.status).toBe(201);
    expect(added.body.lines).toHaveLength(2);
    // The buyer still sees the quantity each request is for.
    const list = await request(app)
      .get('/api/v1/catalog/free-text-requests?status=sourced')
      .set(await as(buyer));
    const quantities = list.body.requests
      .filter((r: { id: string }) => r.id === first || r.id === second)
      .map((r: { quantity: string | null }) => r.quantity);
    expect(quantities.every((q: string | null) => q !== null)).toBe(true);
  });

  it('merges a sourced request into the requester’s plain line for the item, which then carries the request', async () => {
    const user = colleague();
    await addItem(user, paper.id, '5');
    const requestId = (await addFreeText(user, { ...freeText, quantity: '10' })).body.lines[1].freeText
      .requestId;
    await request(app)
      .post(`/api/v1/catalog/free-text-requests/${requestId}/source`)
      .set(await as(buyer))
      .send({ itemId: paper.id });
    const cart = (await cartOf(user)).body;
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ quantity: '15', item: { id: paper.id }, freeText: { requestId } });
  });

  it('never deadlocks when the requester removes a line while a buyer sources its request', async () => {
    const statuses: [number, number][] = [];
    for (let round = 0; round < 25; round += 1) {
      const user = colleague();
      const line = (await addFreeText(user)).body.lines[0];
      const [removed, sourced] = await Promise.all([
        request(app)
          .delete(`/api/v1/catalog/cart/lines/${line.id}`)
          .set(await as(user)),
        request(app)
          .post(`/api/v1/catalog/free-text-requests/${line.freeText.requestId}/source`)
          .set(await as(buyer))
          .send({ itemId: paper.id }),
      ]);
      statuses.push([removed.status, sourced.status]);
      // Either order is fine; the line is gone either way, and the request is withdrawn or sourced.
      expect([200, 404]).toContain(removed.status);
      expect([200, 409]).toContain(sourced.status);
      expect(await db.selectFrom('catalog.cart_line').where('user_id', '=', user.userId).execute()).toEqual(
        [],
      );
    }
    expect(statuses.flat().every((status) => status < 500)).toBe(true);
  });

  it('withdraws a pending request whose line leaves the cart', async () => {
    const user = colleague();
    const { body } = await addFreeText(user);
    await request(app)
      .delete(`/api/v1/catalog/cart/lines/${body.lines[0].id}`)
      .set(await as(user));
    const list = await request(app)
      .get('/api/v1/catalog/free-text-requests?status=withdrawn')
      .set(await as(buyer));
    expect(list.body.requests.map((r: { id: string }) => r.id)).toContain(body.lines[0].freeText.requestId);
  });

  it('checks the request’s fields: 400 naming each, an unknown supplier included', async () => {
    const bad = await addFreeText(colleague(), {
      ...freeText,
      description: 'x',
      estimatedUnitPrice: { amount: '12,50', currency: 'EURO' },
      categoryCode: '123',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.categoryCode',
      'body.description',
      'body.estimatedUnitPrice.amount',
      'body.estimatedUnitPrice.currency',
    ]);
    const unknown = await addFreeText(colleague(), { ...freeText, suggestedSupplierId: randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'body.suggestedSupplierId', reason: 'is not a known supplier' },
    ]);
  });

  it('are listed for buyers and administrators only: an employee gets 403', async () => {
    const refused = await request(app)
      .get('/api/v1/catalog/free-text-requests')
      .set(await as(employee));
    expect(refused.status).toBe(403);
    const handled = await request(app)
      .post(`/api/v1/catalog/free-text-requests/${randomUUID()}/reject`)
      .set(await as(employee))
      .send({ reason: 'non' });
    expect(handled.status).toBe(403);
    // An administrator of another entity does not see this entity's requests.
    const elsewhere = await request(app)
      .get('/api/v1/catalog/free-text-requests')
      .set(await as(administrator));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.requests).toEqual([]);
  });
});
