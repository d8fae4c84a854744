// The manager's budget view: every figure a sum over the commitment ledger, for the cost centres
// the caller manages (or every one of the entity for finance and auditors).
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCostCentres } from '@procura/demo-data';
import { calendarDate, documentBalances, invoiceApproved, money, orderIssued } from '@procura/domain';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoDirectory } from '../src/demo/demo-directory.js';
import { appendLedgerEntries, ledgerEntriesOfCommitment } from '../src/repositories/ledger.repository.js';

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

describe('GET /api/v1/budgets/documents', () => {
  const today = calendarDate(new Date());
  const drillDown = (identity: TIdentity, query = `?costCentre=${costCentreId}&period=FY${year}`) =>
    as(identity, 'get', `/budgets/documents${query}`);
  type Figure = { amount: string; currency: string };
  const cents = (figure: Figure) => Math.round(Number(figure.amount) * 100);
  const totalOf = (rows: Record<string, Figure>[], bucket: string) =>
    rows.reduce((total, row) => total + cents(row[bucket] as Figure), 0);

  let ordered: string;
  let withdrawn: string;
  beforeAll(async () => {
    ordered = await submitted('120.25', '606500');
    withdrawn = await submitted('10.00', '606500');
    expect((await as(employee, 'post', `/purchasing/requisitions/${withdrawn}/withdraw`, {})).status).toBe(
      200,
    );
    // A purchase order issued from the first request at 100.00 and invoiced at 60.00, as the order
    // and invoice services will write it: the drill-down handles any kind of document.
    await db.transaction().execute(async (trx) => {
      const [balance] = documentBalances(await ledgerEntriesOfCommitment(trx, ordered), {
        kind: 'requisition',
        id: ordered,
      });
      if (!balance) throw new Error('the request has no ledger balance');
      const orderId = '0b7f3a52-6c1d-4e8f-9a2b-3c4d5e6f7a8b';
      const issued = orderIssued({
        orderLine: { kind: 'purchase_order', id: orderId, lineId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f' },
        amount: money('100.00', 'EUR'),
        occurredOn: today,
        requisition: { balance, ordered: 'fully' },
      });
      await appendLedgerEntries(trx, issued, new Map());
      const [order] = documentBalances(issued, { kind: 'purchase_order', id: orderId });
      if (!order) throw new Error('the order has no ledger balance');
      await appendLedgerEntries(
        trx,
        invoiceApproved({
          invoiceLine: {
            kind: 'invoice',
            id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
            lineId: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
          },
          amount: money('60.00', 'EUR'),
          occurredOn: today,
          order,
        }),
        new Map(),
      );
    });
  });

  it('lists the documents behind the figures, their amounts adding up exactly to GET /budgets', async () => {
    const figures = (await figuresOf(manager)).body.costCentres[0].periods;
    const drill = await drillDown(manager);
    expect(drill.status).toBe(200);
    for (const bucket of ['requested', 'committed', 'invoiced'])
      expect(totalOf(drill.body.documents, bucket), bucket).toBe(totalOf(figures, bucket));
    expect(totalOf(drill.body.documents, 'committed')).toBe(4000);
    expect(totalOf(drill.body.documents, 'invoiced')).toBe(6000);
    expect(drill.body.totals.invoiced).toEqual({ amount: '60.00', currency: 'EUR' });
    const byId = new Map(drill.body.documents.map((d: { id: string }) => [d.id, d]));
    expect(byId.get(ordered)).toMatchObject({
      kind: 'requisition',
      number: expect.stringMatching(/^REQ-/),
      title: 'Étude de marché',
      requester: { userId: employee.userId, name: employee.displayName },
      requested: { amount: '0.00' },
    });
    expect(byId.get(withdrawn)).toMatchObject({ status: 'withdrawn', requested: { amount: '0.00' } });
    expect(byId.get('0b7f3a52-6c1d-4e8f-9a2b-3c4d5e6f7a8b')).toMatchObject({
      kind: 'purchase_order',
      number: null,
      committed: { amount: '40.00' },
      invoiced: { amount: '60.00' },
    });
  });

  it('keeps to one budget category when asked, adding up to that line', async () => {
    const [fiscalYear] = (await figuresOf(manager)).body.costCentres[0].periods;
    const line = fiscalYear.lines.find((l: { budgetCategory: string }) => l.budgetCategory === '606900');
    const drill = await drillDown(
      manager,
      `?costCentre=${costCentreId}&period=FY${year}&budgetCategory=606900`,
    );
    expect(drill.body.documents).toHaveLength(1);
    expect(drill.body.totals.requested).toEqual(line.requested);
  });

  it('shows a manager only the cost centres they manage, and names a missing cost centre', async () => {
    const notManaged = demoCostCentres.find(
      (c) => c.entityId === manager.entityId && c.managerUserId !== manager.userId,
    );
    if (!notManaged) throw new Error('demo data changed: update this test');
    expect((await drillDown(manager, `?costCentre=${notManaged.id}`)).status).toBe(404);
    expect((await drillDown(accountant, `?costCentre=${notManaged.id}`)).status).toBe(200);
    expect((await drillDown(employee)).status).toBe(403);
    const missing = await drillDown(manager, '?period=FY2026');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.costCentre']);
  });
});

describe('the chart series of GET /api/v1/budgets', () => {
  it('runs week by week over the fiscal year up to today, its last point the figures shown', async () => {
    const [fiscalYear] = (await figuresOf(manager)).body.costCentres[0].periods;
    const { series } = fiscalYear;
    expect(series.step).toBe('week');
    expect(series.budget).toEqual(fiscalYear.budget);
    const last = series.points.at(-1);
    expect(last.date).toBe(calendarDate(new Date()));
    expect({ requested: last.requested, committed: last.committed, invoiced: last.invoiced }).toEqual({
      requested: fiscalYear.requested.amount,
      committed: fiscalYear.committed.amount,
      invoiced: fiscalYear.invoiced.amount,
    });
    const firstWeek = `${year}-01-07`;
    expect(series.points[0].date).toBe(last.date < firstWeek ? last.date : firstWeek);
  });
});
