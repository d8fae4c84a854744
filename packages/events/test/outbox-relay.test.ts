import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyEventOnce,
  consumeEvents,
  createOutboxRelay,
  type EventBus,
  type EventEnvelope,
  recordEvent,
  startEventBus,
} from '../src/index.js';
import { runCatalogRelayUntilKilled } from '../src/testing/index.js';

const logger = pino({ level: 'silent' });
const queue = 'purchasing.supplier-status';
const supplierId = '6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a';
const blockedBy = '0b8e3a52-7c1e-4f7a-8d39-0c2b9a6f4e11';

let database: TestDatabase;
let db: Kysely<unknown>;
let bus: EventBus;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<unknown>();
  bus = await startEventBus({ connectionString: database.url, logger });
  await sql`create table public.effect_log (event_id uuid not null, supplier_id uuid not null)`.execute(db);
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
  await database.drop();
});
beforeEach(async () => {
  await sql`truncate public.effect_log, catalog.outbox_event, purchasing.processed_event`.execute(db);
  await sql`delete from pgboss.job where name = ${queue}`.execute(db);
});

async function blockSupplierInCatalog(): Promise<string> {
  return db.transaction().execute((trx) =>
    recordEvent(trx, 'catalog', {
      type: 'catalog.supplier.blocked',
      aggregateId: supplierId,
      payload: {
        supplierId,
        supplierName: 'Bureau Plus',
        reason: 'Expired insurance',
        blockedAt: new Date().toISOString(),
        blockedBy,
      },
    }),
  );
}

const jobsInQueue = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${queue}`.execute(db))
    .rows[0]?.n;
const effects = async () =>
  (await sql<{ event_id: string }>`select event_id from public.effect_log`.execute(db)).rows.map(
    (r) => r.event_id,
  );
const isPublished = async (id: string) =>
  (
    await sql<{
      published: boolean;
    }>`select published_at is not null as published from catalog.outbox_event where id = ${id}`.execute(db)
  ).rows[0]?.published;

const handlers = {
  'catalog.supplier.blocked': async (
    trx: Kysely<unknown>,
    event: EventEnvelope<'catalog.supplier.blocked'>,
  ) => {
    await sql`insert into public.effect_log values (${event.id}, ${event.payload.supplierId})`.execute(trx);
  },
  // The other supplier events of the queue: not exercised here.
  'catalog.supplier.activated': async () => {},
  'catalog.supplier.approval-required': async () => {},
  'catalog.supplier.archived': async () => {},
  'catalog.supplier.reinstated': async () => {},
  'catalog.supplier.compliance-changed': async () => {},
  'catalog.supplier.ordering-details': async () => {},
};

async function consumeUntilSettled(): Promise<void> {
  const workerId = await consumeEvents({ bus, db, schema: 'purchasing', queue, handlers, logger });
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pgboss.job where name = ${queue} and state <> 'completed'`.execute(db);
      if (rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the queue did not settle');
  } finally {
    await bus.offWork({ id: workerId });
  }
}

describe('outbox relay killed between the commit and the delivery', () => {
  it('delivers the event once in effect when killed after publishing but before marking it published', async () => {
    const eventId = await blockSupplierInCatalog();

    expect(await runCatalogRelayUntilKilled(database.url, 'after-publish')).toBe('SIGKILL');
    expect(await isPublished(eventId)).toBe(false);
    expect(await jobsInQueue()).toBe(1);

    const relay = createOutboxRelay({ db, schema: 'catalog', bus, logger });
    expect(await relay.relayOnce()).toBe(1);
    await relay.stop();
    expect(await isPublished(eventId)).toBe(true);
    expect(await jobsInQueue()).toBe(2); // delivered twice: at least once

    await consumeUntilSettled();
    expect(await effects()).toEqual([eventId]); // applied once
  }, 90_000); // a child process is started and killed: slow on a busy machine

  it('delivers the event when killed before publishing it', async () => {
    const eventId = await blockSupplierInCatalog();

    expect(await runCatalogRelayUntilKilled(database.url, 'before-publish')).toBe('SIGKILL');
    expect(await isPublished(eventId)).toBe(false);
    expect(await jobsInQueue()).toBe(0);

    const relay = createOutboxRelay({ db, schema: 'catalog', bus, logger });
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    await relay.stop();

    await consumeUntilSettled();
    expect(await effects()).toEqual([eventId]);
  }, 90_000);
});

describe('idempotent consumer', () => {
  const envelope = (id: string): EventEnvelope => ({
    id,
    type: 'catalog.supplier.blocked',
    source: 'catalog',
    aggregateId: supplierId,
    occurredAt: new Date().toISOString(),
    payload: {
      supplierId,
      supplierName: 'Bureau Plus',
      reason: 'Fraud suspicion',
      blockedAt: new Date().toISOString(),
      blockedBy,
    },
  });

  it('ignores an event it has already applied', async () => {
    const event = envelope('11111111-1111-4111-8111-111111111111');
    const options = { db, schema: 'purchasing' as const, queue, handlers } as const;
    expect(await applyEventOnce(options, event)).toBe(true);
    expect(await applyEventOnce(options, event)).toBe(false);
    expect(await effects()).toEqual([event.id]);
  });

  it('keeps no trace of an event whose handler failed, so the retry applies it', async () => {
    const event = envelope('22222222-2222-4222-8222-222222222222');
    const failing = {
      ...handlers,
      'catalog.supplier.blocked': async (
        trx: Kysely<unknown>,
        e: EventEnvelope<'catalog.supplier.blocked'>,
      ) => {
        await handlers['catalog.supplier.blocked'](trx, e);
        throw new Error('consumer crashed mid-way');
      },
    };
    await expect(
      applyEventOnce({ db, schema: 'purchasing', queue, handlers: failing }, event),
    ).rejects.toThrow('crashed');
    expect(await effects()).toEqual([]);
    expect(await applyEventOnce({ db, schema: 'purchasing', queue, handlers }, event)).toBe(true);
    expect(await effects()).toEqual([event.id]);
  });

  it('refuses an event whose payload breaks its contract', async () => {
    const bad = {
      ...envelope('33333333-3333-4333-8333-333333333333'),
      payload: { supplierId: 'nope' },
    } as unknown as EventEnvelope;
    await expect(applyEventOnce({ db, schema: 'purchasing', queue, handlers }, bad)).rejects.toThrow();
    expect(await effects()).toEqual([]);
  });
});
