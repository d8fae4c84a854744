// The paying accounts `npm start` loads: valid as an administrator would enter them, loaded once.
import type { InvoicingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoEntities } from '@procura/demo-data';
import { parseBic, parseIban } from '@procura/domain';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/load-demo-data.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<InvoicingDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<InvoicingDatabase>();
});
afterAll(() => database.drop());

describe('invoicing demo data', () => {
  it('gives every demo entity a paying account with a valid IBAN and BIC, once', async () => {
    await loadDemoData(db, logger);
    await loadDemoData(db, logger);
    const accounts = await db.selectFrom('invoicing.paying_account').selectAll().execute();
    expect(accounts.map((a) => a.entity_id).sort()).toEqual(demoEntities.map((e) => e.id).sort());
    for (const account of accounts) {
      expect(parseIban(account.iban, 'iban')).toBe(account.iban);
      expect(parseBic(account.bic ?? '', 'bic')).toBe(account.bic);
    }
  });
});
