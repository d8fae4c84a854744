// Invoicing recognises invoice sellers by the identifiers catalog approved: its copy of the suppliers
// is filled from catalog's outbox through the event bus (queue invoicing.suppliers), keeps the newest
// details and the newest status whatever order they arrive in, and applies each event once.
import { randomUUID } from 'node:crypto';
import type { CatalogDatabase, InvoicingDatabase } from '@procura/db';
import { createTestDatabase, migrations, type TestDatabase } from '@procura/db/testing';
import {
  applyEventOnce,
  createOutboxRelay,
  type EventBus,
  type EventEnvelope,
  type EventPayload,
  type EventType,
  eventContracts,
  recordEvent,
  startEventBus,
} from '@procura/events';
import { createTestIdentityKeys } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeSupplierEvents, supplierHandlers } from '../src/consumers/suppliers.consumer.js';
import { suppliersSharingKeys } from '../src/repositories/supplier.repository.js';

const logger = pino({ level: 'silent' });
const supplierId = 'c1000000-0000-4000-8000-000000000001';
const person = 'c1000000-0000-4000-8000-0000000000aa';

let database: TestDatabase;
let db: Kysely<InvoicingDatabase>;
let catalog: Kysely<CatalogDatabase>;
let bus: EventBus;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<InvoicingDatabase>();
  catalog = database.connect<CatalogDatabase>();
  bus = await startEventBus({ connectionString: database.url, logger });
  await consumeSupplierEvents({
    db,
    bus,
    logger,
    identityKey: (await createTestIdentityKeys()).verifyKey,
    readiness: [],
  });
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
  await database.drop();
});

const details = (changes: Partial<EventPayload<'catalog.supplier.ordering-details'>> = {}) =>
  ({
    supplierId,
    name: 'Papeterie Martin SAS',
    legalForm: 'SAS',
    siren: '732 829 320',
    siret: '73282932000074',
    vatNumber: 'fr 44 732.829.320',
    address: { line: '12 rue des Écoles', postalCode: '69002', city: 'Lyon', country: 'FR' },
    language: 'fr',
    paymentTermsDays: 45,
    orderEmail: 'commandes@martin.example',
    contact: null,
    approvedAt: '2026-02-01T09:00:00.000Z',
    ...changes,
  }) satisfies EventPayload<'catalog.supplier.ordering-details'>;

const envelope = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope<T> => ({
  id: randomUUID(),
  type,
  source: 'catalog',
  aggregateId: supplierId,
  occurredAt: new Date().toISOString(),
  payload,
});
const apply = (event: EventEnvelope) =>
  applyEventOnce(
    { db, schema: 'invoicing', queue: 'invoicing.suppliers', handlers: supplierHandlers },
    event,
  );

const supplier = () =>
  db.selectFrom('invoicing.supplier').selectAll().where('supplier_id', '=', supplierId).executeTakeFirst();

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

describe("invoicing's copy of the suppliers", () => {
  it("receives a supplier's approved details from catalog through the outbox and the bus, identifiers compact", async () => {
    await catalog.transaction().execute((trx) =>
      recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.ordering-details',
        aggregateId: supplierId,
        payload: details(),
      }),
    );
    const relay = createOutboxRelay({ db: catalog as Kysely<unknown>, schema: 'catalog', bus, logger });
    expect(await relay.relayOnce()).toBe(1);

    expect(await waitFor(supplier, (row) => row !== undefined)).toMatchObject({
      name: 'Papeterie Martin SAS',
      vat_number: 'FR44732829320',
      siren: '732829320',
      siret: '73282932000074',
      country: 'FR',
      payment_terms_days: 45,
      status: 'active',
    });
  });

  it('keeps the newest details and the newest status whatever order they arrive in, each event once', async () => {
    const renamed = envelope(
      'catalog.supplier.ordering-details',
      details({ name: 'Martin Bureau SAS', paymentTermsDays: 30, approvedAt: '2026-06-01T09:00:00.000Z' }),
    );
    const older = envelope(
      'catalog.supplier.ordering-details',
      details({ name: 'Ancien nom', approvedAt: '2026-03-01T09:00:00.000Z' }),
    );
    const blocked = envelope('catalog.supplier.blocked', {
      supplierId,
      supplierName: 'Martin Bureau SAS',
      reason: 'RIB à vérifier',
      blockedAt: '2026-07-01T09:00:00.000Z',
      blockedBy: person,
    });
    const lateReinstatement = envelope('catalog.supplier.reinstated', {
      supplierId,
      supplierName: 'Martin Bureau SAS',
      reason: 'ancien',
      reinstatedAt: '2026-06-15T09:00:00.000Z',
      reinstatedBy: person,
    });

    expect(await apply(renamed)).toBe(true);
    expect(await apply(blocked)).toBe(true);
    expect(await apply(older)).toBe(true);
    expect(await apply(lateReinstatement)).toBe(true);
    expect(await apply(renamed)).toBe(false);

    expect(await supplier()).toMatchObject({
      name: 'Martin Bureau SAS',
      payment_terms_days: 30,
      status: 'blocked',
    });
  });

  it('knows a supplier announced by its status before its details, then completes it', async () => {
    const other = 'c1000000-0000-4000-8000-000000000002';
    await apply({
      ...envelope('catalog.supplier.archived', {
        supplierId: other,
        supplierName: 'Ancien Fournisseur',
        reason: 'plus de contrat',
        archivedAt: '2026-05-01T09:00:00.000Z',
        archivedBy: person,
      }),
    });
    await apply(
      envelope(
        'catalog.supplier.ordering-details',
        details({ supplierId: other, name: 'Ancien Fournisseur SA' }),
      ),
    );

    expect(
      await db
        .selectFrom('invoicing.supplier')
        .selectAll()
        .where('supplier_id', '=', other)
        .executeTakeFirst(),
    ).toMatchObject({ name: 'Ancien Fournisseur SA', status: 'archived', siren: '732829320' });
  });

  it('has catalog announce again the details it had already published before invoicing listened', async () => {
    await sql`update catalog.outbox_event set published_at = now()`.execute(catalog);
    await catalog.transaction().execute((trx) =>
      recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.ordering-details',
        aggregateId: supplierId,
        payload: details({ approvedAt: '2026-08-01T09:00:00.000Z' }),
      }),
    );
    await sql`update catalog.outbox_event set published_at = now()`.execute(catalog);
    const before = await catalog.selectFrom('catalog.outbox_event').select('id').execute();

    await migrations.catalog['2026-11-23T1700-announce-ordering-details-to-invoicing']?.up(
      catalog as Kysely<unknown>,
    );

    const again = await catalog
      .selectFrom('catalog.outbox_event')
      .select(['aggregate_id', 'payload'])
      .where('published_at', 'is', null)
      .execute();
    expect(again).toHaveLength(1);
    expect(again[0]?.payload).toMatchObject({ supplierId, approvedAt: '2026-08-01T09:00:00.000Z' });
    expect((await catalog.selectFrom('catalog.outbox_event').select('id').execute()).length).toBe(
      before.length + 1,
    );
  });

  it('keeps the newest bank details catalog announced, whatever order they arrive in', async () => {
    const verified = (iban: string, verifiedAt: string) => ({
      accountId: randomUUID(),
      accountHolder: 'Martin Bureau SAS',
      iban,
      bic: null,
      verifiedAt,
    });
    const first = envelope('catalog.supplier.bank-account-changed', {
      supplierId,
      supplierName: 'Martin Bureau SAS',
      verified: verified('FR7630006000011234567890189', '2026-03-01T09:00:00.000Z'),
      changePending: false,
      changedAt: '2026-03-01T09:00:00.000Z',
    });
    const changeEntered = envelope('catalog.supplier.bank-account-changed', {
      ...first.payload,
      changePending: true,
      changedAt: '2026-04-01T09:00:00.000Z',
    });
    expect(await apply(changeEntered)).toBe(true);
    expect(await apply(first)).toBe(true);

    expect(await supplier()).toMatchObject({
      bank_iban: 'FR7630006000011234567890189',
      bank_account_holder: 'Martin Bureau SAS',
      bank_bic: null,
      bank_change_pending: true,
      bank_verified_at: new Date('2026-03-01T09:00:00.000Z'),
    });
  });

  it("keeps the supplier's e-invoicing address, and an older announcement without one leaves it alone", async () => {
    await apply(
      envelope(
        'catalog.supplier.ordering-details',
        details({
          electronicAddress: { scheme: '0088', value: '579 0000 435951' },
          approvedAt: '2026-09-01T09:00:00.000Z',
        }),
      ),
    );
    await apply(
      envelope('catalog.supplier.ordering-details', details({ approvedAt: '2026-09-02T09:00:00.000Z' })),
    );
    expect(await supplier()).toMatchObject({
      electronic_address_scheme: '0088',
      electronic_address: '5790000435951',
    });
    const found = await suppliersSharingKeys(db, {
      electronicAddress: { scheme: '0088', value: '5790000435951' },
    });
    expect(found.map((s) => [s.supplierId, s.electronicAddress])).toEqual([
      [supplierId, { scheme: '0088', value: '5790000435951' }],
    ]);
  });

  it('has catalog announce the bank details of suppliers that had some before invoicing listened', async () => {
    await sql`update catalog.outbox_event set published_at = now()`.execute(catalog);
    const { id } = await catalog
      .insertInto('catalog.supplier')
      .values({ name: 'Fournitures Lemaire', country: 'FR' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await catalog
      .insertInto('catalog.supplier_bank_account')
      .values([
        {
          supplier_id: id,
          iban: 'FR7630006000011234567890189',
          bic: 'AGRIFRPP',
          account_holder: 'Fournitures Lemaire',
          status: 'verified',
          entered_by: person,
          entered_by_name: 'Saisie',
          decided_by: supplierId,
          decided_by_name: 'Contrôle',
          decided_at: new Date('2026-02-03T10:00:00.000Z'),
        },
        {
          supplier_id: id,
          iban: 'DE89370400440532013000',
          bic: 'COBADEFFXXX',
          account_holder: 'Fournitures Lemaire',
          entered_by: person,
          entered_by_name: 'Saisie',
        },
      ])
      .execute();

    await migrations.catalog['2026-11-23T2000-announce-bank-accounts']?.up(catalog as Kysely<unknown>);

    const announced = await catalog
      .selectFrom('catalog.outbox_event')
      .select(['event_type', 'payload'])
      .where('published_at', 'is', null)
      .execute();
    expect(announced).toHaveLength(1);
    expect(announced[0]?.event_type).toBe('catalog.supplier.bank-account-changed');
    // What the migration writes is what the contract accepts.
    expect(
      eventContracts['catalog.supplier.bank-account-changed'].parse(announced[0]?.payload),
    ).toMatchObject({
      supplierId: id,
      supplierName: 'Fournitures Lemaire',
      verified: {
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
        verifiedAt: '2026-02-03T10:00:00.000Z',
      },
      changePending: true,
    });
  });
});
