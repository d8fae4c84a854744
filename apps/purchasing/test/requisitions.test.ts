// Purchase requests: created from cart lines, validated to the field, numbered without gaps, seen
// only by those concerned, and created once however often the client retries.
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
const buyer = demoIdentity('buyer');
const manager = demoIdentity('manager');

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

const costCentre = employee.costCentreIds[0] ?? '';
const line = (overrides: Record<string, unknown> = {}) => ({
  source: 'catalog',
  catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  supplierId: '5c65ecf2-73ca-4ff1-b9d9-031bf0ee4222',
  supplierName: 'Lemaire Bureau Distribution',
  description: 'Ramette papier A4 80 g',
  categoryCode: '14111507',
  quantity: '10',
  unitCode: 'C62',
  unitPrice: { amount: '4.335', currency: 'EUR' },
  vatRate: '20',
  costCentreId: costCentre,
  budgetCategory: '606400',
  deliverySiteId: null,
  wishedDate: '2026-12-15',
  ...overrides,
});
const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Papier pour le service',
  justification: 'Stock épuisé',
  currency: 'EUR',
  lines: [
    line(),
    line({
      description: 'Stylos bille bleus',
      quantity: '3',
      unitPrice: { amount: '12.50', currency: 'EUR' },
    }),
  ],
  ...overrides,
});

async function as(
  identity: TIdentity,
  method: 'get' | 'post',
  path: string,
  payload?: unknown,
  key?: string,
) {
  let call = request(app)
    [method](`/api/v1/purchasing/requisitions${path}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'));
  if (key) call = call.set('Idempotency-Key', key);
  return payload === undefined ? call : call.send(payload as object);
}

describe('creating a purchase request', () => {
  it('records a numbered draft with each line priced and the total', async () => {
    const created = await as(employee, 'post', '', body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: expect.stringMatching(/^REQ-\d{4}-\d{6}$/),
      status: 'draft',
      requester: { userId: employee.userId, name: employee.displayName },
      total: { amount: '80.85', currency: 'EUR' },
      version: 1,
      approvalRound: 0,
    });
    // 10 × 4.335 = 43.35; 3 × 12.50 = 37.50
    expect(created.body.lines.map((l: { amount: { amount: string } }) => l.amount.amount)).toEqual([
      '43.35',
      '37.50',
    ]);
    expect(created.body.timeline).toEqual([
      expect.objectContaining({
        kind: 'created',
        actor: { userId: employee.userId, name: employee.displayName },
      }),
    ]);
    const mine = await as(employee, 'get', '');
    expect(mine.body.requisitions.map((r: { id: string }) => r.id)).toContain(created.body.id);
  });

  it('names every wrong field, and writes nothing', async () => {
    const before = await db
      .selectFrom('purchasing.requisition')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await as(
      employee,
      'post',
      '',
      body({
        title: 'x',
        lines: [
          line({ quantity: 'ten', categoryCode: '1411', costCentreId: 'nope' }),
          line({ source: 'catalog', catalogItemId: null }),
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'body.lines.0.categoryCode',
        'body.lines.0.costCentreId',
        'body.lines.0.quantity',
        'body.lines.1.catalogItemId',
        'body.title',
      ].sort(),
    );
    const zero = await as(employee, 'post', '', body({ lines: [line({ quantity: '0' })] }));
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([{ field: 'lines[0].quantity', reason: 'must be greater than zero' }]);
    const after = await db
      .selectFrom('purchasing.requisition')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('charges only cost centres of the entity that the requester belongs to or manages', async () => {
    const foreign = demoCostCentres.find((c) => c.entityId !== employee.entityId);
    const notMine = demoCostCentres.find(
      (c) =>
        c.entityId === employee.entityId &&
        !employee.costCentreIds.includes(c.id) &&
        c.managerUserId !== employee.userId,
    );
    if (!foreign || !notMine) throw new Error('demo data changed: update this test');
    const refused = await as(
      employee,
      'post',
      '',
      body({ lines: [line({ costCentreId: foreign.id }), line({ costCentreId: notMine.id })] }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'lines[0].costCentreId', reason: 'is not a cost centre of your entity' },
      { field: 'lines[1].costCentreId', reason: 'is a cost centre you neither belong to nor manage' },
    ]);
    // A manager charges a cost centre they manage, even one they are not a member of.
    const managed = demoCostCentres.find(
      (c) => c.entityId === manager.entityId && c.managerUserId === manager.userId,
    );
    if (!managed) throw new Error('demo data changed: update this test');
    const byManager = await as(
      { ...manager, costCentreIds: [] },
      'post',
      '',
      body({ lines: [line({ costCentreId: managed.id })] }),
    );
    expect(byManager.status).toBe(201);
  });

  it('creates one request however often a retry repeats it, and refuses the key on another request', async () => {
    const key = 'f4a1c3d2-retry-1';
    const attempts = await Promise.all(
      [1, 2, 3].map(() => as(employee, 'post', '', body({ title: 'Retried request' }), key)),
    );
    expect(attempts.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(attempts.map((a) => a.body.id)).size).toBe(1);
    const stored = await db
      .selectFrom('purchasing.requisition')
      .select('id')
      .where('title', '=', 'Retried request')
      .execute();
    expect(stored).toHaveLength(1);
    const other = await as(employee, 'post', '', body({ title: 'Another request' }), key);
    expect(other.status).toBe(422);
  });

  it('numbers requests without gaps or duplicates when many are created at once', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, n) => as(employee, 'post', '', body({ title: `Concurrent ${n}` }))),
    );
    expect(created.every((c) => c.status === 201)).toBe(true);
    const all = await db
      .selectFrom('purchasing.requisition')
      .select('number')
      .where('entity_id', '=', employee.entityId)
      .execute();
    const sequences = all.map((r) => Number(r.number.slice(-6))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, n) => n + 1));
  });
});

describe('seeing a purchase request', () => {
  it('shows it to its requester and to buyers, and to no other employee', async () => {
    const created = await as(employee, 'post', '', body({ title: 'Visible to whom' }));
    const id = created.body.id as string;
    expect((await as(employee, 'get', `/${id}`)).status).toBe(200);
    expect((await as(buyer, 'get', `/${id}`)).status).toBe(200);
    const colleague: TIdentity = {
      ...employee,
      userId: '0d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
      displayName: 'Paul Petit',
    };
    expect((await as(colleague, 'get', `/${id}`)).status).toBe(404);
    expect((await as(employee, 'get', '/3f2e1d0c-9b8a-4765-b432-10fedcba9876')).status).toBe(404);
  });

  it('shows a draft to the manager of its cost centre (budget drill-down), not to other managers', async () => {
    const created = await as(employee, 'post', '', body({ title: 'Seen by the cost-centre manager' }));
    const id = created.body.id as string;
    expect((await as(manager, 'get', `/${id}`)).status).toBe(200);
    const otherManager: TIdentity = { ...manager, userId: 'ae302952-a148-4680-b3c9-83c1cfe9af7a' };
    expect((await as(otherManager, 'get', `/${id}`)).status).toBe(404);
  });
});
