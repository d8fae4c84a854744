// Referencing a supplier: its identity checked field by field, its lifecycle with four eyes on
// approval and an append-only history, and who may do what.
import type { CatalogDatabase } from '@procura/db';
import { demoSuppliers } from '@procura/demo-data';
import { demoIdentity } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, newSupplier, secondBuyer, startHarness } from './support/harness.js';

const buyer = demoIdentity('buyer');
const administrator = demoIdentity('administrator');
const employee = demoIdentity('employee');
const accountant = demoIdentity('accountant');

let h: Harness;
let db: Kysely<CatalogDatabase>;
beforeAll(async () => {
  h = await startHarness();
  db = h.db;
});
afterAll(() => h.database.drop());

const supplierCount = async () =>
  Number(
    (
      await db
        .selectFrom('catalog.supplier')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const outbox = () =>
  db.selectFrom('catalog.outbox_event').select(['event_type', 'payload']).orderBy('occurred_at').execute();

async function create(overrides: Record<string, unknown> = {}) {
  return request(h.app)
    .post('/api/v1/catalog/suppliers')
    .set(await h.as(buyer))
    .send(newSupplier(overrides));
}
async function act(id: string, action: string, identity = buyer, body: object = {}) {
  return request(h.app)
    .post(`/api/v1/catalog/suppliers/${id}/${action}`)
    .set(await h.as(identity))
    .send(body);
}

describe('POST /api/v1/catalog/suppliers', () => {
  it.each([
    ['siret', { siret: '73282932000075' }, 'fails the Luhn check'],
    ['vatNumber', { vatNumber: 'FR4473282932' }, ''],
    ['vatNumber', { vatNumber: 'DE136695976' }, 'must start with FR'],
    ['duns', { duns: '1234' }, 'must have 9 digits'],
    ['country', { country: 'France' }, 'ISO 3166'],
  ])('refuses a bad %s (400 naming the field) and writes nothing', async (field, overrides, reason) => {
    const before = await supplierCount();
    const response = await create(overrides);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const error = response.body.errors.find((e: { field: string }) => e.field === `body.${field}`);
    expect(error?.reason).toContain(reason);
    expect(await supplierCount()).toBe(before);
  });

  it('refuses a second compliance contact and an unknown category, naming them', async () => {
    const twoContacts = await create({
      contacts: [
        { name: 'A', email: 'a@x.example', role: 'sales', complianceContact: true },
        { name: 'B', email: 'b@x.example', role: 'compliance', complianceContact: true },
      ],
    });
    expect(twoContacts.status).toBe(400);
    expect(twoContacts.body.errors[0].field).toBe('body.contacts');
    const unknownCategory = await create({ categoryCodes: ['99999999'] });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.body.errors[0].field).toBe('categoryCodes');
  });

  it('creates a draft with its addresses, contacts, categories, responsible buyer and history', async () => {
    const response = await create();
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Atelier Verdier',
      status: 'draft',
      siren: '732829320',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
      duns: '123456789',
      responsibleBuyer: { userId: buyer.userId, displayName: buyer.displayName },
      yearlySpend: { amount: '12000.00', currency: 'EUR', source: 'Tender estimate 2026' },
      categoryCodes: ['44121704'],
    });
    expect(response.body.addresses.map((a: { kind: string }) => a.kind)).toEqual([
      'registered_office',
      'remittance',
    ]);
    expect(
      response.body.contacts.filter((c: { complianceContact: boolean }) => c.complianceContact),
    ).toHaveLength(1);
    const detail = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${response.body.id}`)
      .set(await h.as(accountant));
    expect(detail.status).toBe(200);
    // French, 12,000 EUR a year: registration, terms and the URSSAF certificate are required and missing.
    expect(detail.body.compliance).toMatchObject({
      status: 'non_compliant',
      missing: ['purchasing_terms_acceptance', 'company_registration', 'urssaf_vigilance'],
    });
  });

  it('answers 409 for a SIRET already referenced', async () => {
    const response = await create({ name: 'Atelier Verdier bis' });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].field).toBe('siret');
  });
});

describe('the supplier lifecycle', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await create({
        siret: '55210055400013',
        vatNumber: null,
        name: 'Papeterie Roussel',
        electronicAddress: { scheme: '0009', value: '55210055400013' },
      })
    ).body.id;
  });

  it('refuses to approve a draft (409) and leaves it a draft', async () => {
    const response = await act(id, 'approve', secondBuyer);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('invalid_state_transition');
  });

  it('refuses a rejection without a reason (400)', async () => {
    await act(id, 'submit');
    const response = await act(id, 'reject', secondBuyer);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('body.reason');
  });

  it('sends a rejected supplier back to draft, then refuses the approval by its submitter (403)', async () => {
    expect((await act(id, 'reject', secondBuyer, { reason: 'Missing bank details' })).body.status).toBe(
      'draft',
    );
    expect((await act(id, 'submit', buyer, { reason: 'Bank details attached' })).body.status).toBe(
      'pending_approval',
    );
    const own = await act(id, 'approve', buyer);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('segregation_of_duties');
    const row = await db
      .selectFrom('catalog.supplier')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending_approval');
  });

  it('refuses a submitter approving in the database too', async () => {
    await expect(
      db.updateTable('catalog.supplier').set({ approved_by: buyer.userId }).where('id', '=', id).execute(),
    ).rejects.toThrow(/supplier_approver_is_not_submitter/);
  });

  it('lets another buyer approve, telling purchasing, then blocks, reinstates and archives with one event each', async () => {
    expect((await act(id, 'approve', secondBuyer)).body.status).toBe('active');
    expect((await act(id, 'block', buyer, { reason: 'Quality dispute' })).body).toMatchObject({
      status: 'blocked',
      statusReason: 'Quality dispute',
      orderable: false,
    });
    expect((await act(id, 'block', buyer, { reason: 'Twice' })).status).toBe(409);
    expect((await act(id, 'reinstate', administrator, { reason: 'Dispute settled' })).body.status).toBe(
      'active',
    );
    expect((await act(id, 'archive', buyer, { reason: 'Merged into Lemaire' })).body.status).toBe('archived');
    expect((await act(id, 'reinstate', buyer, { reason: 'Oops' })).status).toBe(409);

    const events = (await outbox()).filter(
      (e) =>
        (e.payload as { supplierId: string }).supplierId === id &&
        e.event_type !== 'catalog.supplier.compliance-changed',
    );
    expect(events.map((e) => e.event_type)).toEqual([
      'catalog.supplier.activated',
      // What purchasing orders on: the approved details, sent with the approval.
      'catalog.supplier.ordering-details',
      'catalog.supplier.blocked',
      'catalog.supplier.reinstated',
      'catalog.supplier.archived',
    ]);
    expect(events[0]?.payload).toMatchObject({ supplierId: id, activatedBy: secondBuyer.userId });
    expect(events[1]?.payload).toMatchObject({
      supplierId: id,
      language: 'fr',
      orderEmail: expect.stringContaining('@'),
      // What invoicing recognises the supplier's e-invoices by.
      electronicAddress: { scheme: '0009', value: '55210055400013' },
    });
    expect(events[3]?.payload).toMatchObject({
      reason: 'Dispute settled',
      reinstatedBy: administrator.userId,
    });
  });

  it('returns the history: who, when, why, from and to', async () => {
    const response = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${id}/history`)
      .set(await h.as(demoIdentity('accountant')));
    expect(response.status).toBe(200);
    expect(
      response.body.history.map(
        (e: { action: string; fromStatus: string; toStatus: string; reason: string }) => [
          e.action,
          e.fromStatus,
          e.toStatus,
          e.reason,
        ],
      ),
    ).toEqual([
      ['create', null, 'draft', null],
      ['submit', 'draft', 'pending_approval', null],
      ['reject', 'pending_approval', 'draft', 'Missing bank details'],
      ['submit', 'draft', 'pending_approval', 'Bank details attached'],
      ['approve', 'pending_approval', 'active', null],
      ['block', 'active', 'blocked', 'Quality dispute'],
      ['reinstate', 'blocked', 'active', 'Dispute settled'],
      ['archive', 'active', 'archived', 'Merged into Lemaire'],
    ]);
    expect(response.body.history[4].actor).toEqual({ userId: secondBuyer.userId, displayName: 'Paul Roux' });
    expect(response.body.history[0].occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('keeps the history append-only', async () => {
    await expect(sql`update catalog.supplier_status_history set reason = 'x'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from catalog.supplier_status_history`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('refuses to change an archived supplier (409)', async () => {
    const response = await request(h.app)
      .put(`/api/v1/catalog/suppliers/${id}`)
      .set(await h.as(buyer))
      .send(newSupplier({ siret: '55210055400013', vatNumber: null, name: 'Renamed' }));
    expect(response.status).toBe(409);
  });
});

describe('PUT /api/v1/catalog/suppliers/:id', () => {
  const lemaire = demoSuppliers[0];
  if (!lemaire) throw new Error('demo data changed');
  const url = `/api/v1/catalog/suppliers/${lemaire.id}`;
  const read = async () =>
    (
      await request(h.app)
        .get(url)
        .set(await h.as(accountant))
    ).body;
  const change = async (body: object, identity = buyer, target = url) =>
    request(h.app)
      .put(target)
      .set(await h.as(identity))
      .send(body);
  const historyOf = async (id: string) =>
    (
      await request(h.app)
        .get(`/api/v1/catalog/suppliers/${id}/history`)
        .set(await h.as(accountant))
    ).body.history;
  /**
   * The events about a supplier's status, without the demo loader's announcements (activated by
   * nobody, bank account).
   */
  const eventsOf = async (id: string) =>
    (await outbox()).filter(
      (e) =>
        (e.payload as { supplierId: string }).supplierId === id &&
        e.event_type !== 'catalog.supplier.ordering-details' &&
        e.event_type !== 'catalog.supplier.bank-account-changed' &&
        (e.payload as { activatedBy?: string | null }).activatedBy !== null,
    );
  /** The stored record, as a buyer would send it back. */
  const bodyOf = (s: Record<string, unknown>) => ({
    name: s.name,
    legalForm: s.legalForm,
    country: s.country,
    siret: s.siret,
    vatNumber: s.vatNumber,
    duns: s.duns,
    orderEmail: s.orderEmail,
    addresses: s.addresses,
    contacts: s.contacts,
    categoryCodes: s.categoryCodes,
    allowedEntities: s.allowedEntities,
    paymentTermsDays: s.paymentTermsDays,
    languages: s.languages,
  });

  it('keeps an active supplier active when only its contacts change, and records who changed what', async () => {
    const current = await read();
    const response = await change({
      ...bodyOf(current),
      contacts: [...current.contacts, { name: 'Nina Petit', email: 'nina@lemaire.example', role: 'sales' }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'active', orderable: true, lastModifiedBy: buyer.userId });
    expect((await historyOf(lemaire.id)).at(-1)).toMatchObject({
      action: 'update',
      fromStatus: 'active',
      toStatus: 'active',
      changedFields: ['contacts'],
      actor: { userId: buyer.userId },
    });
    expect(await eventsOf(lemaire.id)).toEqual([]);
  });

  it('records nothing when nothing changed', async () => {
    const before = (await historyOf(lemaire.id)).length;
    expect((await change(bodyOf(await read()))).status).toBe(200);
    expect(await historyOf(lemaire.id)).toHaveLength(before);
  });

  it('refuses payment terms over 60 days, naming the field', async () => {
    const bad = await change({ ...bodyOf(await read()), paymentTermsDays: 90 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.paymentTermsDays');
  });

  it('sends an active supplier whose order e-mail and remittance address change back to approval, out of orders', async () => {
    const current = await read();
    const response = await change({
      ...bodyOf(current),
      orderEmail: 'orders@attacker.example',
      addresses: [
        ...current.addresses,
        { kind: 'remittance', line1: '1 rue du Leurre', postalCode: '75001', city: 'Paris', country: 'FR' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'pending_approval',
      orderable: false,
      submittedBy: buyer.userId,
      approvedBy: null,
      orderEmail: 'orders@attacker.example',
    });
    expect((await historyOf(lemaire.id)).at(-1)).toMatchObject({
      action: 'update',
      fromStatus: 'active',
      toStatus: 'pending_approval',
      changedFields: ['orderEmail', 'addresses'],
      actor: { userId: buyer.userId },
    });
    const events = await eventsOf(lemaire.id);
    expect(events.map((e) => e.event_type)).toEqual(['catalog.supplier.approval-required']);
    expect(events[0]?.payload).toMatchObject({
      changedFields: ['orderEmail', 'addresses'],
      changedBy: buyer.userId,
    });
    // Not orderable meanwhile: its items are out of search.
    const items = await request(h.app)
      .get(`/api/v1/catalog/items?supplier=${lemaire.id}&pageSize=1`)
      .set(await h.as(buyer));
    expect(items.body.total).toBe(0);
  });

  it('refuses the editor as approver (403); another buyer approves it back into orders', async () => {
    const own = await act(lemaire.id, 'approve', buyer);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('segregation_of_duties');
    expect((await act(lemaire.id, 'approve', secondBuyer)).body).toMatchObject({
      status: 'active',
      orderable: true,
    });
    expect((await eventsOf(lemaire.id)).map((e) => e.event_type)).toEqual([
      'catalog.supplier.approval-required',
      'catalog.supplier.activated',
    ]);
  });

  it('refuses whoever last changed a draft as its approver, even when someone else submitted it', async () => {
    const id = (await create({ siret: '71829364000014', vatNumber: null, name: 'Imprimerie Caron' })).body.id;
    expect(
      (
        await change(
          newSupplier({ siret: '71829364000014', vatNumber: null, name: 'Imprimerie Caron SA' }),
          secondBuyer,
          `/api/v1/catalog/suppliers/${id}`,
        )
      ).status,
    ).toBe(200);
    expect((await act(id, 'submit', buyer)).body.status).toBe('pending_approval');
    const response = await act(id, 'approve', secondBuyer);
    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('last changed');
    await expect(
      db
        .updateTable('catalog.supplier')
        .set({ approved_by: secondBuyer.userId, approved_at: new Date() })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/supplier_approver_is_not_last_modifier/);
    expect((await act(id, 'approve', administrator)).body.status).toBe('active');
  });

  it('keeps the responsible buyer, yearly spend and other fields left out, whoever changes the supplier', async () => {
    const created = await create({
      siret: '60214578100012',
      vatNumber: null,
      name: 'Nettoyage Lefort',
      paymentTermsDays: 45,
    });
    expect(created.status).toBe(201);
    const target = `/api/v1/catalog/suppliers/${created.body.id}`;
    // An administrator (not a buyer) changes the name only; before, the buyer and the spend were reset.
    const response = await change({ name: 'Nettoyage Lefort & Fils', country: 'FR' }, administrator, target);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Nettoyage Lefort & Fils',
      siret: '60214578100012',
      paymentTermsDays: 45,
      orderEmail: 'commandes@atelier-verdier.example',
      responsibleBuyer: { userId: buyer.userId },
      yearlySpend: { amount: '12000.00', source: 'Tender estimate 2026' },
      categoryCodes: ['44121704'],
    });
    expect(response.body.contacts).toHaveLength(2);
    // Still 12,000 EUR a year: the URSSAF certificate is still required.
    const compliance = await request(h.app)
      .get(`${target}/compliance`)
      .set(await h.as(buyer));
    expect(compliance.body.missing).toContain('urssaf_vigilance');
    // An explicit null clears what may be cleared.
    const cleared = await change(
      { name: 'Nettoyage Lefort & Fils', country: 'FR', responsibleBuyer: null },
      administrator,
      target,
    );
    expect(cleared.body.responsibleBuyer).toBeNull();
  });

  it('refuses an entity or a site listed twice (400 naming it) and writes nothing', async () => {
    const entity = '6a4e2b1c-0d3f-4e5a-8b7c-9d0e1f2a3b4c';
    const site = '7b5f3c2d-1e4a-4f6b-9c8d-0e1f2a3b4c5d';
    const before = await supplierCount();
    const twice = await create({
      siret: '51234567900017',
      vatNumber: null,
      name: 'Doublons SARL',
      allowedEntities: [
        { entityId: entity, siteIds: [] },
        { entityId: entity, siteIds: [] },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([
      { field: 'body.allowedEntities.1.entityId', reason: 'lists this entity twice' },
    ]);
    const siteTwice = await change(
      { ...bodyOf(await read()), allowedEntities: [{ entityId: entity, siteIds: [site, site] }] },
      buyer,
    );
    expect(siteTwice.status).toBe(400);
    expect(siteTwice.body.errors).toEqual([
      { field: 'body.allowedEntities.0.siteIds.1', reason: 'lists this site twice' },
    ]);
    expect(await supplierCount()).toBe(before);
  });
});

describe('GET /api/v1/catalog/suppliers', () => {
  it('filters by status and name, and pages', async () => {
    const active = await request(h.app)
      .get('/api/v1/catalog/suppliers?status=active&pageSize=2')
      .set(await h.as(demoIdentity('accountant')));
    expect(active.status).toBe(200);
    // The demo suppliers, and Imprimerie Caron approved above.
    expect(active.body.total).toBe(demoSuppliers.length + 1);
    expect(active.body.suppliers).toHaveLength(2);
    const byName = await request(h.app)
      .get('/api/v1/catalog/suppliers?name=num%C3%A9RIA')
      .set(await h.as(buyer));
    expect(byName.body.suppliers.map((s: { name: string }) => s.name)).toEqual(['Numéria Systèmes']);
  });
});

describe('roles', () => {
  it('refuses an employee every supplier route (403) and writes nothing', async () => {
    const lemaire = demoSuppliers[0]?.id;
    const before = await supplierCount();
    const calls = [
      request(h.app).get('/api/v1/catalog/suppliers'),
      request(h.app)
        .post('/api/v1/catalog/suppliers')
        .send(newSupplier({ siret: '44306184100047', vatNumber: null })),
      request(h.app).get(`/api/v1/catalog/suppliers/${lemaire}`),
      request(h.app).post(`/api/v1/catalog/suppliers/${lemaire}/archive`).send({ reason: 'Not mine' }),
      request(h.app).get(`/api/v1/catalog/suppliers/${lemaire}/history`),
    ];
    for (const call of calls) expect((await call.set(await h.as(employee))).status).toBe(403);
    expect(await supplierCount()).toBe(before);
  });

  it('lets an accountant read but not manage suppliers', async () => {
    const response = await request(h.app)
      .post('/api/v1/catalog/suppliers')
      .set(await h.as(accountant))
      .send(newSupplier({ siret: '44306184100047', vatNumber: null }));
    expect(response.status).toBe(403);
  });
});
