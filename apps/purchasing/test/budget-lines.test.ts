// Budget lines as finance enters, changes and imports them: who may, what is refused and why, what
// history is kept, and that a file goes in whole or not at all.
import { createHash } from 'node:crypto';
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCostCentres } from '@procura/demo-data';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoDirectory } from '../src/demo/demo-directory.js';

const logger = pino({ level: 'silent' });
const employee = demoIdentity('employee');
const manager = demoIdentity('manager');
const accountant = demoIdentity('accountant');
/** The demo administrator works for the subsidiary; the same person as an administrator of the parent. */
const subsidiaryAdministrator = demoIdentity('administrator');
const administrator: TIdentity = { ...subsidiaryAdministrator, entityId: accountant.entityId };
const costCentre = (code: string) => {
  const found = demoCostCentres.find((c) => c.code === code);
  if (!found) throw new Error(`demo data changed: no cost centre ${code}`);
  return found;
};
const it_ = costCentre('ALT-IT');
const finance = costCentre('ALT-FIN'); // managed by the accountant, not by the manager
const westOperations = costCentre('ALO-OPS'); // another entity

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
});
afterAll(() => database.drop());

async function as(identity: TIdentity, method: 'get' | 'post' | 'patch', path: string, payload?: object) {
  const pending = request(app)
    [method](`/api/v1/budgets${path}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'));
  return payload ? pending.send(payload) : pending;
}

async function importFile(
  identity: TIdentity,
  text: string,
  contentType = 'text/csv',
  fileName = 'budget.csv',
) {
  return request(app)
    .post(`/api/v1/budgets/lines/imports?fileName=${encodeURIComponent(fileName)}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'))
    .set('content-type', contentType)
    .send(Buffer.from(text, contentType.includes('windows-1252') ? 'latin1' : 'utf8'));
}

const entry = (overrides: object = {}) => ({
  costCentreId: it_.id,
  budgetCategory: '606100',
  period: '2027-03',
  amount: { amount: '1500.00', currency: 'EUR' },
  policy: 'stop',
  ...overrides,
});

const countOf = async (
  table: 'purchasing.budget_line' | 'purchasing.budget_line_change' | 'purchasing.budget_import',
) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('entering a budget line', () => {
  it('lets the accountant enter a line of their entity, recorded as entered by them', async () => {
    const created = await as(accountant, 'post', '/lines', entry());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      costCentre: { costCentreId: it_.id, code: 'ALT-IT' },
      budgetCategory: '606100',
      period: { kind: 'month', key: '2027-03', start: '2027-03-01', end: '2027-03-31' },
      amount: { amount: '1500.00', currency: 'EUR' },
      policy: 'stop',
    });
    const stored = await db
      .selectFrom('purchasing.budget_line')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect([stored.entity_id, stored.created_by]).toEqual([accountant.entityId, accountant.userId]);
    const history = await as(accountant, 'get', `/lines/${created.body.id}/history`);
    expect(history.body.changes).toEqual([
      expect.objectContaining({
        kind: 'entered',
        changedBy: { userId: accountant.userId, name: accountant.displayName },
        before: null,
        after: { amount: '1500.00', policy: 'stop' },
      }),
    ]);
  });

  it('refuses the same key again and a period sharing days with an existing line: 409', async () => {
    const again = await as(
      administrator,
      'post',
      '/lines',
      entry({ amount: { amount: '1', currency: 'EUR' } }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'budget_line_exists', errors: [{ field: 'body.period' }] });
    const quarter = await as(accountant, 'post', '/lines', entry({ period: '2027-Q1' }));
    expect(quarter.status).toBe(409);
    expect(quarter.body.errors[0].reason).toContain('2027-03');
    expect(
      await db
        .selectFrom('purchasing.budget_line')
        .select('period_key')
        .where('budget_category', '=', '606100')
        .execute(),
    ).toEqual([{ period_key: '2027-03' }]);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await countOf('purchasing.budget_line');
    const bad = await as(accountant, 'post', '/lines', {
      costCentreId: 'IT',
      budgetCategory: '',
      period: '2027-13',
      amount: { amount: '-5', currency: 'EURO' },
      policy: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual([
      'body.amount.amount',
      'body.amount.currency',
      'body.budgetCategory',
      'body.costCentreId',
      'body.period',
      'body.policy',
    ]);
    const elsewhere = await as(accountant, 'post', '/lines', entry({ costCentreId: westOperations.id }));
    expect(elsewhere.status).toBe(400);
    expect(fields(elsewhere.body)).toEqual(['body.costCentreId']);
    expect(await countOf('purchasing.budget_line')).toBe(before);
  });

  it('is for finance only: managers, employees and buyers get 403', async () => {
    for (const identity of [manager, employee, demoIdentity('buyer')])
      expect((await as(identity, 'post', '/lines', entry({ budgetCategory: '606999' }))).status).toBe(403);
  });

  it('keeps one line when two people enter the same key at the same moment', async () => {
    const same = entry({ budgetCategory: '606150', period: 'FY2028' });
    const answers = await Promise.all([
      as(accountant, 'post', '/lines', same),
      as(administrator, 'post', '/lines', same),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(
      await db
        .selectFrom('purchasing.budget_line')
        .select('id')
        .where('budget_category', '=', '606150')
        .execute(),
    ).toHaveLength(1);
  });
});

describe('changing a budget line', () => {
  let id: string;
  beforeAll(async () => {
    id = (await as(accountant, 'post', '/lines', entry({ budgetCategory: '606200', period: '2027-Q2' }))).body
      .id;
  });

  it('changes the amount and the policy, recording who, when, before and after, and never the ledger', async () => {
    const ledgerBefore = await db.selectFrom('purchasing.commitment_entry').selectAll().execute();
    const changed = await as(administrator, 'patch', `/lines/${id}`, {
      amount: { amount: '2500.50', currency: 'EUR' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ amount: { amount: '2500.50' }, policy: 'stop' });
    const policy = await as(accountant, 'patch', `/lines/${id}`, { policy: 'warn' });
    expect(policy.body).toMatchObject({ amount: { amount: '2500.50' }, policy: 'warn' });
    const history = (await as(accountant, 'get', `/lines/${id}/history`)).body.changes;
    expect(history.map((c: { kind: string }) => c.kind)).toEqual(['entered', 'changed', 'changed']);
    expect(history[1]).toMatchObject({
      changedBy: { userId: administrator.userId, name: administrator.displayName },
      before: { amount: '1500.00', policy: 'stop' },
      after: { amount: '2500.50', policy: 'stop' },
    });
    expect(history[2]).toMatchObject({
      changedBy: { userId: accountant.userId },
      before: { amount: '2500.50', policy: 'stop' },
      after: { amount: '2500.50', policy: 'warn' },
    });
    expect(await db.selectFrom('purchasing.commitment_entry').selectAll().execute()).toEqual(ledgerBefore);
  });

  it('records nothing when nothing changes', async () => {
    const before = await countOf('purchasing.budget_line_change');
    expect((await as(accountant, 'patch', `/lines/${id}`, { policy: 'warn' })).status).toBe(200);
    expect(await countOf('purchasing.budget_line_change')).toBe(before);
  });

  it('keeps a consistent history when two changes race: each one’s before is the other’s after', async () => {
    await Promise.all([
      as(accountant, 'patch', `/lines/${id}`, { amount: { amount: '100.00', currency: 'EUR' } }),
      as(administrator, 'patch', `/lines/${id}`, { amount: { amount: '200.00', currency: 'EUR' } }),
    ]);
    const history = (await as(accountant, 'get', `/lines/${id}/history`)).body.changes as {
      before: { amount: string } | null;
      after: { amount: string };
    }[];
    for (let i = 1; i < history.length; i++)
      expect(history[i]?.before?.amount).toBe(history[i - 1]?.after.amount);
  });

  it('refuses another currency, an empty change, and a line that is not the entity’s', async () => {
    const currency = await as(accountant, 'patch', `/lines/${id}`, {
      amount: { amount: '10', currency: 'USD' },
    });
    expect(currency.status).toBe(422);
    expect(fields(currency.body)).toEqual(['body.amount.currency']);
    const empty = await as(accountant, 'patch', `/lines/${id}`, {});
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toEqual(['body.amount']);
    const unknown = await as(accountant, 'patch', '/lines/6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a', {
      policy: 'stop',
    });
    expect(unknown.status).toBe(404);
    expect((await as(subsidiaryAdministrator, 'patch', `/lines/${id}`, { policy: 'stop' })).status).toBe(404);
    expect((await as(manager, 'patch', `/lines/${id}`, { policy: 'stop' })).status).toBe(403);
  });
});

describe('listing budget lines', () => {
  beforeAll(async () => {
    await as(
      accountant,
      'post',
      '/lines',
      entry({ costCentreId: finance.id, budgetCategory: '606300', period: '2027-04' }),
    );
  });

  it('shows finance every line of the entity, and a manager only the lines of the cost centres they manage', async () => {
    const all = await as(accountant, 'get', '/lines');
    expect(all.status).toBe(200);
    const codes = (body: { lines: { costCentre: { code: string } }[] }) =>
      new Set(body.lines.map((l) => l.costCentre.code));
    expect(codes(all.body)).toEqual(new Set(['ALT-IT', 'ALT-FIN']));
    const managed = await as(manager, 'get', '/lines');
    expect(managed.status).toBe(200);
    expect(codes(managed.body)).toEqual(new Set(['ALT-IT']));
    expect((await as(manager, 'get', `/lines?costCentre=${finance.id}`)).status).toBe(404);
    expect((await as(subsidiaryAdministrator, 'get', '/lines')).body.lines).toEqual([]);
    expect((await as(employee, 'get', '/lines')).status).toBe(403);
  });

  it('keeps to the lines whose period overlaps the period asked', async () => {
    const april = await as(accountant, 'get', '/lines?period=2027-04');
    expect(april.body.lines.map((l: { period: { key: string } }) => l.period.key)).toEqual([
      '2027-04',
      '2027-Q2',
    ]);
    expect(fields((await as(accountant, 'get', '/lines?period=April')).body)).toEqual(['query.period']);
  });
});

describe('importing a budget file', () => {
  const header = 'cost_centre;budget_category;period;amount;currency;policy';
  const file = (...rows: string[]) => [header, ...rows].join('\r\n');

  it('creates every line of a valid file and records the import: who, when, file name, SHA-256, counts', async () => {
    const text = file(
      'ALT-IT;613200;FY2029;12000,00;EUR;stop',
      'ALT-MKT;613200;2029-Q1;3000;EUR;alerte',
      'ALT-FIN;613200;2029-01;800.5;EUR;ignore',
    );
    const imported = await importFile(accountant, text, 'text/csv', 'budgets-2029.csv');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      importedBy: { userId: accountant.userId, name: accountant.displayName },
      fileName: 'budgets-2029.csv',
      fileSha256: createHash('sha256').update(text).digest('hex'),
      counts: { rows: 3, new: 3, changed: 0, unchanged: 0 },
    });
    const lines = await db
      .selectFrom('purchasing.budget_line')
      .select(['period_key', 'amount', 'policy'])
      .where('budget_category', '=', '613200')
      .orderBy('period_key')
      .execute();
    expect(lines).toEqual([
      { period_key: '2029-01', amount: '800.50', policy: 'ignore' },
      { period_key: '2029-Q1', amount: '3000.00', policy: 'warn' },
      { period_key: 'FY2029', amount: '12000.00', policy: 'stop' },
    ]);
    const history = await db
      .selectFrom('purchasing.budget_line_change')
      .select(['kind', 'budget_import_id'])
      .where('budget_import_id', '=', imported.body.id)
      .execute();
    expect(history).toHaveLength(3);
    expect((await as(accountant, 'get', '/lines/imports')).body.imports[0]).toMatchObject({
      id: imported.body.id,
    });
  });

  it('updates the lines whose key exists on a new import, each change recorded', async () => {
    const text = file(
      'ALT-IT;613200;FY2029;15000;EUR;stop',
      'ALT-MKT;613200;2029-Q1;3000;EUR;warn',
      'ALT-RH;613200;2029-02;50;EUR;stop',
    );
    const imported = await importFile(administrator, text);
    expect(imported.status).toBe(201);
    expect(imported.body.counts).toEqual({ rows: 3, new: 1, changed: 1, unchanged: 1 });
    const changes = await db
      .selectFrom('purchasing.budget_line_change')
      .select(['kind', 'amount_before', 'amount_after', 'changed_by'])
      .where('budget_import_id', '=', imported.body.id)
      .orderBy('kind')
      .execute();
    expect(changes).toEqual([
      {
        kind: 'changed',
        amount_before: '12000.00',
        amount_after: '15000.00',
        changed_by: administrator.userId,
      },
      { kind: 'entered', amount_before: null, amount_after: '50.00', changed_by: administrator.userId },
    ]);
  });

  it('writes nothing at all when only the last row is wrong, and names its row and column', async () => {
    const counts = await Promise.all(
      (['purchasing.budget_line', 'purchasing.budget_line_change', 'purchasing.budget_import'] as const).map(
        countOf,
      ),
    );
    const rows = Array.from(
      { length: 50 },
      (_, i) => `ALT-IT;6140${String(i).padStart(2, '0')};2029-05;100;EUR;stop`,
    );
    const refused = await importFile(accountant, file(...rows, 'ALT-IT;615000;2029-05;12,345;EUR;stop'));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'budget_import_invalid',
      errorCount: 1,
      errors: [{ field: 'row 52, amount', row: 52, column: 'amount', code: 'ambiguous_amount' }],
    });
    expect(
      await Promise.all(
        (
          ['purchasing.budget_line', 'purchasing.budget_line_change', 'purchasing.budget_import'] as const
        ).map(countOf),
      ),
    ).toEqual(counts);
  });

  it('reports every problem by row and column: unknown cost centre, overlap with an entered line, bad policy', async () => {
    const refused = await importFile(
      accountant,
      file(
        'ALO-OPS;613300;2029-05;1;EUR;stop',
        'ALT-IT;613200;2029-03;1;EUR;stop',
        'ALT-IT;613300;2029-05;1;EUR;peut-être',
      ),
    );
    expect(refused.status).toBe(422);
    expect(
      refused.body.errors.map((e: { row: number; column: string; code: string }) => [
        e.row,
        e.column,
        e.code,
      ]),
    ).toEqual([
      [2, 'cost_centre', 'unknown_cost_centre'],
      [3, 'period', 'overlapping_period'],
      [4, 'policy', 'invalid_policy'],
    ]);
  });

  it('reads a Windows-1252 file with French headers when told so, and refuses what is not CSV', async () => {
    const text = [
      'Centre de coût;Compte;Période;Montant;Devise;Politique',
      'ALT-SG;616000;2029-06;99,90;EUR;Arrêt',
    ].join('\n');
    const imported = await importFile(accountant, text, 'text/csv; charset=windows-1252');
    expect(imported.status).toBe(201);
    expect(imported.body.counts.new).toBe(1);
    const declaredUtf8 = await request(app)
      .post('/api/v1/budgets/lines/imports')
      .set(identityHeader, await keys.tokenFor(accountant, 'purchasing'))
      .set('content-type', 'text/csv')
      .send(Buffer.from(text.replace('616000', '616002'), 'latin1'));
    expect(declaredUtf8.status).toBe(400);
    expect(fields(declaredUtf8.body)).toEqual(['file']);
    expect((await importFile(accountant, '{"a":1}', 'application/json')).status).toBe(415);
    expect((await importFile(manager, file('ALT-IT;617000;2029-05;1;EUR;stop'))).status).toBe(403);
  });

  it('lets two imports of one file race: both succeed, each line is created once', async () => {
    const text = file('ALT-IT;618000;2030-01;10;EUR;stop', 'ALT-MKT;618000;2030-01;20;EUR;stop');
    const answers = await Promise.all([importFile(accountant, text), importFile(administrator, text)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers.map((a) => a.body.counts.new).sort()).toEqual([0, 2]);
    expect(
      await db
        .selectFrom('purchasing.budget_line')
        .select('id')
        .where('budget_category', '=', '618000')
        .execute(),
    ).toHaveLength(2);
  });

  it('serves the template with the columns the import reads', async () => {
    const template = await as(accountant, 'get', '/lines/template');
    expect(template.status).toBe(200);
    expect(template.text.trim()).toBe(header);
  });
});
