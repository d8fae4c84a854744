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
  recordEvent,
  startEventBus,
} from '@procura/events';
import { createTestIdentityKeys } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeSupplierEvents, supplierHandlers } from '../src/consumers/suppliers.consumer.js';

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
});
