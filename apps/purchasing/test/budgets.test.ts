// The manager's budget view: every figure a sum over the commitment ledger, for the cost centres
// the caller manages (or every one of the entity for finance and auditors).
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCostCentres } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoDirectory } from './support/directory.js';

const logger = pino({ level: 'silent' });
const employee = demoIdentity('employee');
const manager = demoIdentity('manager');
const accountant = demoIdentity('accountant');
const buyer = demoIdentity('buyer');
const costCentreId = employee.costCentreIds[0] ?? '';
const year = calendarDate(new Date()).slice(0, 4);

let database: TestDatabase;
let db: Kysely<PurchasingDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<PurchasingDatabase>();
  keys = await createTestIdentityKeys();
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
  await loadDemoDirectory(db);
  await db
    .insertInto('purchasing.budget_line')
    .values({
      entity_id: employee.entityId,
      cost_centre_id: costCentreId,
      budget_category: '606500',
      period_kind: 'fiscal_year',
      period_key: `FY${year}`,
      period_start: `${year}-01-01`,
      period_end: `${year}-12-31`,
      amount: '1000.00',
      currency: 'EUR',
      policy: 'stop',
      created_by: manager.userId,
    })
    .execute();
});
afterAll(() => database.drop());

async function as(identity: TIdentity, method: 'get' | 'post', path: string, payload?: object) {
  const pending = request(app)
    [method](`/api/v1${path}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'));
  return payload ? pending.send(payload) : pending;
}

async function submitted(amount: string, budgetCategory: string) {
  const created = await as(employee, 'post', '/purchasing/requisitions', {
    title: 'Étude de marché',
    currency: 'EUR',
    lines: [
      {
        source: 'catalog',
        catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        supplierId: null,
        supplierName: null,
        description: 'Panel consommateurs',
        categoryCode: '80141500',
        quantity: '1',
        unitCode: 'C62',
        unitPrice: { amount, currency: 'EUR' },
        vatRate: '20',
        costCentreId,
        budgetCategory,
      },
    ],
  });
  const submission = await as(employee, 'post', `/purchasing/requisitions/${created.body.id}/submit`);
  expect(submission.status).toBe(200);
  return created.body.id as string;
}

const figuresOf = async (identity: TIdentity, query = `?costCentre=${costCentreId}&period=FY${year}`) =>
  as(identity, 'get', `/budgets${query}`);

describe('GET /api/v1/budgets', () => {
  it('derives requested and available from the ledger, per budget line and for the cost centre', async () => {
    await submitted('300.00', '606500');
    await submitted('45.50', '606900'); // no budget line: counted, on its fiscal year
    const view = await figuresOf(manager);
    expect(view.status).toBe(200);
    const [centre] = view.body.costCentres;
    expect(centre.costCentreId).toBe(costCentreId);
    const [fiscalYear] = centre.periods;
    expect(fiscalYear).toMatchObject({
      period: { key: `FY${year}` },
      budget: { amount: '1000.00', currency: 'EUR' },
      requested: { amount: '345.50' },
      committed: { amount: '0.00' },
      consumed: { amount: '345.50' },
      available: { amount: '654.50' },
    });
    expect(fiscalYear.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          budgetCategory: '606500',
          policy: 'stop',
          available: { amount: '700.00', currency: 'EUR' },
        }),
        expect.objectContaining({
          budgetCategory: '606900',
          budget: null,
          requested: { amount: '45.50', currency: 'EUR' },
        }),
      ]),
    );
  });

  it('shows finance every cost centre, a manager only theirs, and nobody else anything', async () => {
    const all = await figuresOf(accountant, `?period=FY${year}`);
    expect(all.status).toBe(200);
    expect(all.body.costCentres.length).toBe(
      demoCostCentres.filter((c) => c.entityId === employee.entityId).length,
    );
    const managed = await figuresOf(manager, `?period=FY${year}`);
    const managedIds = demoCostCentres
      .filter((c) => c.entityId === manager.entityId && c.managerUserId === manager.userId)
      .map((c) => c.id);
    expect(managed.body.costCentres.map((c: { costCentreId: string }) => c.costCentreId).sort()).toEqual(
      managedIds.sort(),
    );
    const notManaged = demoCostCentres.find(
      (c) => c.entityId === manager.entityId && c.managerUserId !== manager.userId,
    );
    if (!notManaged) throw new Error('demo data changed: update this test');
    expect((await figuresOf(manager, `?costCentre=${notManaged.id}`)).status).toBe(404);
    expect((await figuresOf(employee)).status).toBe(403);
    expect((await figuresOf(buyer)).status).toBe(403);
  });

  it('names a malformed period or cost centre', async () => {
    const bad = await figuresOf(manager, '?period=2026-13&costCentre=marketing');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.costCentre',
      'query.period',
    ]);
  });
});
