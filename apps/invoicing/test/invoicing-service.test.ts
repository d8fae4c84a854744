import type { InvoicingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { createTestIdentityKeys } from '@procura/http/testing';
import { databaseReadiness } from '@procura/runtime';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let db: Kysely<InvoicingDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<InvoicingDatabase>();
  const keys = await createTestIdentityKeys();
  app = createApp({
    db,
    logger: pino({ level: 'silent' }),
    identityKey: keys.verifyKey,
    readiness: [databaseReadiness(db as Kysely<unknown>, 'invoicing')],
  });
});
afterAll(() => database.drop());

describe('invoicing service', () => {
  it('is ready when its database answers and every migration is applied', async () => {
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      service: 'invoicing',
      checks: { database: { ok: true } },
    });
  });

  it('is not ready while a migration it knows is not applied, and names it', async () => {
    await sql`delete from invoicing.schema_migration where name = '2026-11-23T0500-outbox'`.execute(db);
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.database.detail).toBe('migrations pending: 2026-11-23T0500-outbox');
  });

  it('answers 401 to an API call without an identity token', async () => {
    const response = await request(app).get('/api/v1/invoicing/invoices');
    expect(response.status).toBe(401);
  });
});
