// Purchasing keeps its own directory of entities, people and cost centres from the gateway's events: the
// approval chain is planned from it, so it must be complete, current, and never go back in time.
import type { IdentityDatabase, PurchasingDatabase } from '@procura/db';
import { createTestDatabase, migrations, type TestDatabase } from '@procura/db/testing';
import {
  applyEventOnce,
  createOutboxRelay,
  type EventBus,
  type EventEnvelope,
  eventContracts,
  isEventType,
  recordEvent,
  startEventBus,
} from '@procura/events';
import { identityHeader } from '@procura/http';
import { createTestIdentityKeys, demoIdentity } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { consumeDirectoryEvents, directoryHandlers } from '../src/consumers/directory.consumer.js';
import { directoryUsers, entityCurrency } from '../src/repositories/directory.repository.js';

const logger = pino({ level: 'silent' });
const entityId = '0bf7add1-4532-4ea0-861c-b147b3e09d36';
const claire = 'c1a12e00-0000-4000-8000-000000000001';
const marc = 'c1a12e00-0000-4000-8000-000000000002';
const costCentreId = 'c1a12e00-0000-4000-8000-0000000000cc';

let database: TestDatabase;
let db: Kysely<PurchasingDatabase>;
let identityDb: Kysely<IdentityDatabase>;
let bus: EventBus;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<PurchasingDatabase>();
  identityDb = database.connect<IdentityDatabase>();
  bus = await startEventBus({ connectionString: database.url, logger });
});
afterAll(async () => {
  await bus.stop({ graceful: false, wait: true });
  await database.drop();
});

const userChanged = (changes: Partial<ReturnType<typeof person>> & { userId: string }) => ({
  ...person(changes.userId),
  ...changes,
});
function person(userId: string) {
  return {
    userId,
    email: `${userId.slice(-4)}@altiva.example`,
    displayName: 'Claire Fontaine',
    entityId,
    siteId: null,
    managerUserId: null as string | null,
    approvalLimit: '5000.00' as string | null,
    roles: ['employee', 'manager'],
    costCentreIds: [costCentreId],
    locale: 'fr' as const,
    active: true,
    changedAt: '2026-11-23T09:00:00.000Z',
  };
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

describe("purchasing's directory", () => {
  it('is filled from the identity outbox through the event bus', async () => {
    await identityDb.transaction().execute(async (trx) => {
      await recordEvent(trx, 'identity', {
        type: 'identity.cost-centre.changed',
        aggregateId: costCentreId,
        payload: {
          costCentreId,
          entityId,
          code: 'ALT-MKT',
          name: { fr: 'Marketing', en: 'Marketing' },
          managerUserId: claire,
          changedAt: '2026-11-23T09:00:00.000Z',
        },
      });
      await recordEvent(trx, 'identity', {
        type: 'identity.user.changed',
        aggregateId: claire,
        payload: person(claire),
      });
      await recordEvent(trx, 'identity', {
        type: 'identity.user.changed',
        aggregateId: marc,
        payload: userChanged({
          userId: marc,
          displayName: 'Marc Lefèvre',
          managerUserId: claire,
          approvalLimit: null,
        }),
      });
    });
    await consumeDirectoryEvents({
      db,
      bus,
      logger,
      identityKey: (await createTestIdentityKeys()).verifyKey,
      readiness: [],
    });
    const relay = createOutboxRelay({ db: identityDb as Kysely<unknown>, schema: 'identity', bus, logger });
    expect(await relay.relayOnce()).toBe(3);

    const users = await waitFor(
      () => directoryUsers(db, entityId),
      (found) => found.length === 2,
    );
    expect(users).toEqual([
      expect.objectContaining({
        userId: claire,
        approvalLimit: '5000.00',
        managerUserId: null,
        roles: ['employee', 'manager'],
      }),
      expect.objectContaining({
        userId: marc,
        displayName: 'Marc Lefèvre',
        managerUserId: claire,
        approvalLimit: null,
      }),
    ]);
    const costCentre = await waitFor(
      () =>
        db
          .selectFrom('purchasing.directory_cost_centre')
          .selectAll()
          .where('cost_centre_id', '=', costCentreId)
          .executeTakeFirst(),
      (found) => found !== undefined,
    );
    expect(costCentre).toMatchObject({ code: 'ALT-MKT', manager_user_id: claire });
  });

  it('keeps the newest record when an older event arrives late, and applies each event once', async () => {
    const envelope = (
      id: string,
      payload: ReturnType<typeof person>,
    ): EventEnvelope<'identity.user.changed'> => ({
      id,
      type: 'identity.user.changed',
      source: 'identity',
      aggregateId: payload.userId,
      occurredAt: payload.changedAt,
      payload,
    });
    const apply = (event: EventEnvelope<'identity.user.changed'>) =>
      applyEventOnce(
        { db, schema: 'purchasing', queue: 'purchasing.directory', handlers: directoryHandlers },
        event,
      );
    const raised = envelope(
      'c1a12e00-0000-4000-8000-00000000e001',
      userChanged({ userId: claire, approvalLimit: '20000.00', changedAt: '2026-11-23T11:00:00.000Z' }),
    );
    const stale = envelope(
      'c1a12e00-0000-4000-8000-00000000e002',
      userChanged({
        userId: claire,
        approvalLimit: '1000.00',
        active: false,
        changedAt: '2026-11-23T10:00:00.000Z',
      }),
    );
    expect(await apply(raised)).toBe(true);
    expect(await apply(stale)).toBe(true);
    expect(await apply(raised)).toBe(false);
    const [first] = await directoryUsers(db, entityId);
    expect(first).toMatchObject({ userId: claire, approvalLimit: '20000.00', active: true });
  });

  it('starts complete on an existing installation: the migration announces everyone in the events’ shape', async () => {
    await identityDb
      .insertInto('identity.company_group')
      .values({ id: 'c1a12e00-0000-4000-8000-0000000000a0', name: 'Groupe' })
      .execute();
    await identityDb
      .insertInto('identity.entity')
      .values({
        id: entityId,
        group_id: 'c1a12e00-0000-4000-8000-0000000000a0',
        parent_entity_id: null,
        code: 'ALTIVA',
        legal_name: 'Altiva SAS',
        legal_form: 'SAS',
        siren: null,
        siret: null,
        vat_number: null,
        share_capital: null,
        registration_city: null,
        address_line: '1 rue de la Paix',
        postal_code: '75002',
        city: 'Paris',
        country: 'FR',
        currency: 'EUR',
      })
      .execute();
    await identityDb
      .insertInto('identity.app_user')
      .values([
        {
          id: claire,
          email: 'claire@altiva.example',
          display_name: 'Claire',
          roles: ['manager'],
          entity_id: entityId,
          site_id: null,
          manager_user_id: null,
          approval_limit: '5000.00',
        },
        {
          id: marc,
          email: 'marc@altiva.example',
          display_name: 'Marc',
          roles: ['employee'],
          entity_id: entityId,
          site_id: null,
          manager_user_id: claire,
          approval_limit: null,
        },
      ])
      .execute();
    await identityDb
      .insertInto('identity.cost_centre')
      .values({
        id: costCentreId,
        entity_id: entityId,
        code: 'ALT-MKT',
        name_fr: 'Marketing',
        name_en: 'Marketing',
        manager_user_id: claire,
      })
      .execute();
    await identityDb
      .insertInto('identity.user_cost_centre')
      .values({ user_id: marc, cost_centre_id: costCentreId })
      .execute();
    await identityDb.deleteFrom('identity.outbox_event').execute();

    await migrations.identity['2026-11-23T1300-announce-directory']?.up(identityDb as Kysely<unknown>);

    const events = await identityDb
      .selectFrom('identity.outbox_event')
      .select(['event_type', 'aggregate_id', 'payload'])
      .execute();
    expect(events.map((e) => `${e.event_type} ${e.aggregate_id}`).sort()).toEqual(
      [
        `identity.cost-centre.changed ${costCentreId}`,
        `identity.user.changed ${claire}`,
        `identity.user.changed ${marc}`,
      ].sort(),
    );
    for (const event of events) {
      const type = event.event_type;
      if (!isEventType(type)) throw new Error(`unknown event ${type}`);
      expect(() => eventContracts[type].parse(event.payload)).not.toThrow();
    }
    const marcAnnounced = events.find((e) => e.aggregate_id === marc)?.payload;
    expect(marcAnnounced).toMatchObject({
      managerUserId: claire,
      approvalLimit: null,
      costCentreIds: [costCentreId],
    });
    const claireAnnounced = events.find((e) => e.aggregate_id === claire)?.payload;
    expect(claireAnnounced).toMatchObject({ approvalLimit: '5000.00', costCentreIds: [] });
  });

  it('knows the entities and their sites: the migration announces those that exist, purchasing records them', async () => {
    const siteId = 'c1a12e00-0000-4000-8000-0000000000f1';
    await identityDb
      .insertInto('identity.site')
      .values({
        id: siteId,
        entity_id: entityId,
        code: 'PAR',
        name: 'Siège',
        address_line: '1 rue de la Paix',
        postal_code: '75002',
        city: 'Paris',
        country: 'FR',
      })
      .execute();
    await identityDb.deleteFrom('identity.outbox_event').execute();

    await migrations.identity['2026-11-23T1500-announce-entities']?.up(identityDb as Kysely<unknown>);

    const [event, ...others] = await identityDb
      .selectFrom('identity.outbox_event')
      .select(['event_type', 'aggregate_id', 'payload'])
      .execute();
    expect(others).toEqual([]);
    expect(event).toMatchObject({ event_type: 'identity.entity.changed', aggregate_id: entityId });
    const payload = eventContracts['identity.entity.changed'].parse(event?.payload);
    expect(payload).toMatchObject({
      code: 'ALTIVA',
      currency: 'EUR',
      address: { line: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      sites: [{ siteId, code: 'PAR', name: 'Siège' }],
    });
    await applyEventOnce(
      { db, schema: 'purchasing', queue: 'purchasing.directory', handlers: directoryHandlers },
      {
        id: 'c1a12e00-0000-4000-8000-00000000e101',
        type: 'identity.entity.changed',
        source: 'identity',
        aggregateId: entityId,
        occurredAt: payload.changedAt,
        payload,
      },
    );
    expect(await entityCurrency(db, entityId)).toBe('EUR');
    const recorded = await db
      .selectFrom('purchasing.directory_entity')
      .select(['legal_name', 'sites'])
      .where('entity_id', '=', entityId)
      .executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ legal_name: 'Altiva SAS', sites: [{ siteId, name: 'Siège' }] });
    await expect(entityCurrency(db, 'c1a12e00-0000-4000-8000-0000000000ff')).rejects.toMatchObject({
      code: 'entity_unknown',
    });
  });

  it('is shown to administrators, for their entity or another one of the group', async () => {
    const keys = await createTestIdentityKeys();
    const app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
    const get = async (query: string, role: 'administrator' | 'employee') =>
      request(app)
        .get(`/api/v1/purchasing/directory/users${query}`)
        .set(identityHeader, await keys.tokenFor(demoIdentity(role), 'purchasing'));
    const listed = await get(`?entityId=${entityId}`, 'administrator');
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u: { userId: string }) => u.userId).sort()).toEqual([claire, marc].sort());
    expect((await get(`?entityId=${entityId}`, 'employee')).status).toBe(403);
    const bad = await get('?entityId=ALTIVA', 'administrator');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'query.entityId', reason: 'must be a UUID' }]);
  });

  it('lists the cost centres a person may charge: those they belong to or manage', async () => {
    const keys = await createTestIdentityKeys();
    const app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
    const marcIdentity = {
      ...demoIdentity('employee'),
      userId: marc,
      entityId,
      costCentreIds: [] as string[],
    };
    const claireIdentity = {
      ...demoIdentity('manager'),
      userId: claire,
      entityId,
      costCentreIds: [] as string[],
    };
    const list = async (identity: typeof marcIdentity) =>
      (
        await request(app)
          .get('/api/v1/purchasing/directory/my-cost-centres')
          .set(identityHeader, await keys.tokenFor(identity, 'purchasing'))
      ).body.costCentres;
    expect(await list(marcIdentity)).toEqual([]);
    expect(await list({ ...marcIdentity, costCentreIds: [costCentreId] })).toEqual([
      { costCentreId, code: 'ALT-MKT', name: { fr: 'Marketing', en: 'Marketing' }, managed: false },
    ]);
    expect(await list(claireIdentity)).toEqual([expect.objectContaining({ costCentreId, managed: true })]);
  });
});
