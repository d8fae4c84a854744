import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import {
  applyEventOnce,
  createOutboxRelay,
  type EventBus,
  type EventEnvelope,
  recordEvent,
  startEventBus,
} from '@procura/events';
import { runCatalogRelayUntilKilled } from '@procura/events/testing';
import { identityHeader } from '@procura/http';
import {
  createTestIdentityKeys,
  demoIdentity,
  integrationIdentity,
  routesLettingThrough,
  type TestIdentityKeys,
} from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { consumeSupplierEvents, supplierStatusHandlers } from '../src/consumers/supplier-status.consumer.js';

const logger = pino({ level: 'silent' });
const supplierId = '5c65ecf2-73ca-4ff1-b9d9-031bf0ee4222';
const buyer = demoIdentity('buyer');

let database: TestDatabase;
let db: Kysely<PurchasingDatabase>;
let bus: EventBus;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<PurchasingDatabase>();
  bus = await startEventBus({ connectionString: database.url, logger });
  keys = await createTestIdentityKeys();
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
  await database.drop();
});

const statusOf = async (id: string) =>
  request(app)
    .get(`/api/v1/purchasing/suppliers/${id}/status`)
    .set(identityHeader, await keys.tokenFor(buyer, 'purchasing'));

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

describe('a supplier blocked in catalog reaches purchasing', () => {
  it('knows a supplier it has heard nothing about as unknown, and not orderable', async () => {
    const response = await statusOf('9b0a1c1e-8d7f-4b8e-9a44-6c2a3f1d5e70');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'unknown', reason: null, orderable: false });
  });

  it('records the block exactly once although the relay died after delivering it', async () => {
    // Catalog commits the block and its outbox event in one transaction.
    const eventId = await db.transaction().execute((trx) =>
      recordEvent(trx, 'catalog', {
        type: 'catalog.supplier.blocked',
        aggregateId: supplierId,
        payload: {
          supplierId,
          supplierName: 'Lemaire Bureau Distribution',
          reason: 'Attestation URSSAF expirée',
          blockedAt: '2026-11-23T09:30:00.000Z',
          blockedBy: buyer.userId,
        },
      }),
    );

    // The relay publishes, then is killed before it can mark the event as published.
    expect(await runCatalogRelayUntilKilled(database.url, 'after-publish')).toBe('SIGKILL');
    // Restarted, it publishes the same event again: purchasing's queue now holds it twice.
    const relay = createOutboxRelay({ db: db as Kysely<unknown>, schema: 'catalog', bus, logger });
    // PostgreSQL frees the killed relay's row lock once it notices the connection is gone, which
    // takes a moment on a busy machine: until then SKIP LOCKED passes over the row.
    expect(
      await waitFor(
        () => relay.relayOnce(),
        (published) => published > 0,
      ),
    ).toBe(1);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'purchasing.supplier-status'`.execute(db);
    expect(rows[0]?.n).toBe(2);

    await consumeSupplierEvents({ db, bus, logger, identityKey: keys.verifyKey, readiness: [] });
    const processed = await waitFor(
      () =>
        sql<{
          state: string;
        }>`select state from pgboss.job where name = 'purchasing.supplier-status'`.execute(db),
      (r) => r.rows.length === 2 && r.rows.every((j) => j.state === 'completed'),
    );
    expect(processed.rows).toHaveLength(2);

    const recorded = await db.selectFrom('purchasing.supplier_status').selectAll().execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      supplier_id: supplierId,
      status: 'blocked',
      source_event_id: eventId,
    });
    const consumed = await db.selectFrom('purchasing.processed_event').select('event_id').execute();
    expect(consumed).toEqual([{ event_id: eventId }]);

    const response = await statusOf(supplierId);
    expect(response.body).toEqual({
      supplierId,
      status: 'blocked',
      reason: 'Attestation URSSAF expirée',
      changedAt: '2026-11-23T09:30:00.000Z',
      orderable: false,
      compliance: { hold: false, reason: null, changedAt: null },
    });
  });

  it('refuses an employee (403)', async () => {
    const response = await request(app)
      .get(`/api/v1/purchasing/suppliers/${supplierId}/status`)
      .set(identityHeader, await keys.tokenFor(demoIdentity('employee'), 'purchasing'));
    expect(response.status).toBe(403);
  });
});

describe('approval, archiving, reinstating and compliance holds reach purchasing', () => {
  const other = 'c1f0d2a4-7b3e-4f5a-9c8d-2e1f0a9b8c7d';
  let n = 0;
  const apply = (type: EventEnvelope['type'], payload: Record<string, unknown>) =>
    applyEventOnce(
      { db, schema: 'purchasing', queue: 'purchasing.supplier-status', handlers: supplierStatusHandlers },
      {
        id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
        type,
        source: 'catalog',
        aggregateId: other,
        occurredAt: new Date().toISOString(),
        payload,
      } as EventEnvelope,
    );
  const standing = async () => (await statusOf(other)).body;
  const base = { supplierId: other, supplierName: 'Numéria Systèmes' };

  it('does not take a compliance event about a supplier not yet approved for an approval', async () => {
    await apply('catalog.supplier.compliance-changed', {
      ...base,
      complianceStatus: 'compliant',
      orderable: true,
      reason: null,
      changedAt: '2026-11-23T04:00:00.000Z',
    });
    expect(await standing()).toMatchObject({ status: 'unknown', orderable: false });
  });

  it('lets orders be placed once catalog announces the approval', async () => {
    await apply('catalog.supplier.activated', {
      ...base,
      reason: 'approve',
      activatedAt: '2026-11-23T05:00:00.000Z',
      activatedBy: buyer.userId,
    });
    expect(await standing()).toMatchObject({
      status: 'active',
      orderable: true,
      compliance: { hold: false },
    });
  });

  it('holds orders back while compliance documents are missing under the block policy, with the reason', async () => {
    await apply('catalog.supplier.compliance-changed', {
      ...base,
      complianceStatus: 'non_compliant',
      orderable: false,
      reason: 'Compliance documents expired: urssaf_vigilance',
      changedAt: '2026-11-23T06:00:00.000Z',
    });
    expect(await standing()).toMatchObject({
      status: 'active',
      orderable: false,
      compliance: { hold: true, reason: 'Compliance documents expired: urssaf_vigilance' },
    });
  });

  it('keeps the hold when the supplier is blocked and reinstated meanwhile, and lifts it when documents are renewed', async () => {
    await apply('catalog.supplier.blocked', {
      ...base,
      reason: 'Dispute',
      blockedAt: '2026-11-23T07:00:00.000Z',
      blockedBy: buyer.userId,
    });
    await apply('catalog.supplier.reinstated', {
      ...base,
      reason: 'Dispute settled',
      reinstatedAt: '2026-11-23T08:00:00.000Z',
      reinstatedBy: buyer.userId,
    });
    expect(await standing()).toMatchObject({ status: 'active', reason: 'Dispute settled', orderable: false });
    await apply('catalog.supplier.compliance-changed', {
      ...base,
      complianceStatus: 'compliant',
      orderable: true,
      reason: null,
      changedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(await standing()).toMatchObject({
      status: 'active',
      orderable: true,
      compliance: { hold: false },
    });
  });

  it('ignores an older compliance event arriving after a newer one', async () => {
    await apply('catalog.supplier.compliance-changed', {
      ...base,
      complianceStatus: 'non_compliant',
      orderable: false,
      reason: 'late',
      changedAt: '2026-11-23T06:30:00.000Z',
    });
    expect(await standing()).toMatchObject({ orderable: true });
  });

  it('stops orders while a change of its approved details waits for approval, and resumes them after', async () => {
    await apply('catalog.supplier.approval-required', {
      ...base,
      reason: 'Changed: orderEmail, addresses',
      changedFields: ['orderEmail', 'addresses'],
      changedAt: '2026-11-23T09:30:00.000Z',
      changedBy: buyer.userId,
    });
    expect(await standing()).toMatchObject({ status: 'pending_approval', orderable: false });
    await apply('catalog.supplier.activated', {
      ...base,
      reason: 'approve',
      activatedAt: '2026-11-23T09:45:00.000Z',
      activatedBy: '0d6f6f3e-6b1a-4c2e-9f51-3c7e2a9b1d40',
    });
    expect(await standing()).toMatchObject({ status: 'active', orderable: true });
  });

  it('keeps the approved ordering details an order prints and is sent to, the newest winning', async () => {
    const details = (name: string, approvedAt: string) => ({
      supplierId: other,
      name,
      legalForm: 'SAS',
      siren: '622496172',
      siret: null,
      vatNumber: 'FR38622496172',
      address: { line: '8 rue des Pixels', postalCode: '69003', city: 'Lyon', country: 'FR' },
      language: 'en',
      paymentTermsDays: 30,
      orderEmail: 'orders@numeria.example',
      contact: { name: 'Inès Robert', email: 'ines@numeria.example', phone: null },
      approvedAt,
    });
    await apply(
      'catalog.supplier.ordering-details',
      details('Numéria Systèmes SAS', '2026-11-23T08:00:00.000Z'),
    );
    await apply(
      'catalog.supplier.ordering-details',
      details('Numéria (ancien nom)', '2026-11-22T08:00:00.000Z'),
    );
    const party = await db
      .selectFrom('purchasing.supplier_party')
      .selectAll()
      .where('supplier_id', '=', other)
      .executeTakeFirstOrThrow();
    expect(party).toMatchObject({
      name: 'Numéria Systèmes SAS',
      language: 'en',
      order_email: 'orders@numeria.example',
      address: { city: 'Lyon' },
    });
  });

  it('takes an archived supplier out for good', async () => {
    await apply('catalog.supplier.archived', {
      ...base,
      reason: 'No longer used',
      archivedAt: '2026-11-23T10:00:00.000Z',
      archivedBy: buyer.userId,
    });
    expect(await standing()).toMatchObject({ status: 'archived', orderable: false });
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
      integrationIdentity(['invoices:write'], buyer.entityId),
    ];
    expect(
      await routesLettingThrough(app, callers, (identity) => keys.tokenFor(identity, 'purchasing')),
    ).toEqual([]);
  });
});
