import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { createOutboxRelay, type EventBus, recordEvent, startEventBus } from '@procura/events';
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
import { consumeSupplierEvents } from '../src/consumers/supplier-status.consumer.js';

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
  it('knows a supplier it has heard nothing about as active', async () => {
    const response = await statusOf('9b0a1c1e-8d7f-4b8e-9a44-6c2a3f1d5e70');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'active', reason: null });
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
    expect(await relay.relayOnce()).toBe(1);
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
    });
  });

  it('refuses an employee (403)', async () => {
    const response = await request(app)
      .get(`/api/v1/purchasing/suppliers/${supplierId}/status`)
      .set(identityHeader, await keys.tokenFor(demoIdentity('employee'), 'purchasing'));
    expect(response.status).toBe(403);
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
