// Approval rules as data that an entity's administrator edits through the API: who may read and
// write them, validation naming each field, the entity's directory, optimistic concurrency, the
// append-only history, and the chain of the next request planned by the rules as edited.
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoCostCentres } from '@procura/demo-data';
import { identityHeader, type TIdentity } from '@procura/http';
import {
  createTestIdentityKeys,
  demoIdentity,
  integrationIdentity,
  type TestIdentityKeys,
} from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoDirectory } from '../src/demo/demo-directory.js';

const logger = pino({ level: 'silent' });
const employee = demoIdentity('employee');
const manager = demoIdentity('manager');
const accountant = demoIdentity('accountant');
const buyer = demoIdentity('buyer');
// The demo administrator works at Altiva Ouest; these tests act for Altiva SAS, Léa's entity.
const westAdministrator = demoIdentity('administrator');
const administrator: TIdentity = { ...westAdministrator, entityId: employee.entityId };
const auditor: TIdentity = { ...administrator, roles: ['auditor'] };
const globalRuleId = 'a9e1c2d3-0001-4a00-8000-00000000a001';
const westCostCentre = demoCostCentres.find((c) => c.entityId === westAdministrator.entityId)?.id ?? '';
const marketing = employee.costCentreIds[0] ?? '';

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

/** Starts from the demo's global manager-chain rule alone. */
beforeEach(async () => {
  await db.deleteFrom('purchasing.approval_rule').execute();
  await db
    .insertInto('purchasing.approval_rule')
    .values({
      id: globalRuleId,
      entity_id: null,
      name: 'Validation hiérarchique',
      position: 10,
      kind: 'blocking',
      conditions: '{}',
      approvers: JSON.stringify({ kind: 'manager_chain' }),
      mode: 'any',
      updated_by: administrator.userId,
    })
    .execute();
});

type Method = 'get' | 'post' | 'put' | 'delete';

async function call(identity: TIdentity, method: Method, path: string, payload?: object) {
  const pending = request(app)
    [method](`/api/v1/purchasing${path}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'));
  return payload ? pending.send(payload) : pending;
}

const rules = (identity: TIdentity, method: Method, path: string, payload?: object) =>
  call(identity, method, `/approval-rules${path}`, payload);

const financeRule = {
  name: 'Finance au-delà de 2 000',
  kind: 'blocking',
  conditions: { minAmount: '2000.00', costCentreIds: [marketing], categoryCodes: ['44'] },
  step: { approvers: { kind: 'users', userIds: [accountant.userId] }, mode: 'any', label: 'Finance' },
};

async function createRule(body: object = financeRule) {
  const created = await rules(administrator, 'post', '', body);
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number; position: number };
}

async function snapshot() {
  return {
    rules: await db.selectFrom('purchasing.approval_rule').selectAll().orderBy('id').execute(),
    changes: await db.selectFrom('purchasing.approval_rule_change').selectAll().orderBy('id').execute(),
  };
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

async function draftRequest(amount: string) {
  const created = await call(employee, 'post', '/requisitions', {
    title: 'Fournitures',
    currency: 'EUR',
    lines: [
      {
        source: 'catalog',
        catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        supplierId: '5c65ecf2-73ca-4ff1-b9d9-031bf0ee4222',
        supplierName: 'Lemaire Bureau Distribution',
        description: 'Fournitures de bureau',
        categoryCode: '44121600',
        quantity: '1',
        unitCode: 'C62',
        unitPrice: { amount, currency: 'EUR' },
        vatRate: '20',
        costCentreId: marketing,
        budgetCategory: '606400',
      },
    ],
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const approversOf = (body: { approvalSteps: { approvers: { userId: string }[] }[] }) =>
  body.approvalSteps.map((s) => s.approvers.map((a) => a.userId));

describe('who may read and change approval rules', () => {
  it('lets administrators and auditors read, administrators alone write, and nobody else in', async () => {
    const { id, version } = await createRule();
    expect((await rules(auditor, 'get', '')).status).toBe(200);
    expect((await rules(auditor, 'get', '/history')).status).toBe(200);
    expect((await rules(auditor, 'get', '/choices')).status).toBe(200);
    expect((await rules(auditor, 'post', '', financeRule)).status).toBe(403);
    expect((await rules(auditor, 'post', `/${id}/deactivate`, { version })).status).toBe(403);
    for (const caller of [
      employee,
      manager,
      buyer,
      accountant,
      integrationIdentity(['read'], administrator.entityId),
    ]) {
      expect((await rules(caller, 'get', '')).status).toBe(403);
      expect((await rules(caller, 'get', '/history')).status).toBe(403);
      expect((await rules(caller, 'post', '', financeRule)).status).toBe(403);
      expect((await rules(caller, 'put', `/${id}`, { ...financeRule, version })).status).toBe(403);
      expect((await rules(caller, 'delete', `/${id}?version=${version}`)).status).toBe(403);
      expect((await rules(caller, 'put', '/order', { rules: [] })).status).toBe(403);
    }
    const after = await db
      .selectFrom('purchasing.approval_rule')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(after?.version).toBe(1);
  });

  it("lists the entity's rules and the global ones in evaluation order, never another entity's", async () => {
    const own = await createRule();
    const westRule = await rules(westAdministrator, 'post', '', {
      ...financeRule,
      conditions: { costCentreIds: [westCostCentre] },
      step: { approvers: { kind: 'manager_chain' }, mode: 'any' },
    });
    expect(westRule.status).toBe(201);
    const listed = await rules(administrator, 'get', '');
    expect(listed.body.rules.map((r: { id: string }) => r.id)).toEqual([globalRuleId, own.id]);
    expect(listed.body.rules[0]).toMatchObject({ global: true, entityId: null, position: 10 });
    expect(listed.body.rules[1]).toMatchObject({
      global: false,
      entityId: employee.entityId,
      position: 20,
      version: 1,
      active: true,
      conditions: financeRule.conditions,
      step: financeRule.step,
      usedByRequests: false,
      updatedBy: { userId: administrator.userId, displayName: 'Antoine Lambert' },
    });
    const west = await rules(westAdministrator, 'get', '');
    expect(west.body.rules.map((r: { id: string }) => r.id)).toEqual([globalRuleId, westRule.body.id]);
  });

  it("refuses changes to a global rule (read-only) and to another entity's rule (not found)", async () => {
    const global = await rules(administrator, 'put', `/${globalRuleId}`, { ...financeRule, version: 1 });
    expect(global.status).toBe(403);
    const own = await createRule();
    const other = await rules(westAdministrator, 'post', `/${own.id}/deactivate`, { version: 1 });
    expect(other.status).toBe(404);
    expect((await rules(westAdministrator, 'delete', `/${own.id}?version=1`)).status).toBe(404);
  });

  it('offers the roles, people and cost centres of the caller’s entity to the form', async () => {
    const choices = await rules(administrator, 'get', '/choices');
    expect(choices.body.roles).toContain('accountant');
    expect(choices.body.users.map((u: { userId: string }) => u.userId)).toContain(accountant.userId);
    expect(choices.body.users.map((u: { userId: string }) => u.userId)).not.toContain(
      westAdministrator.userId,
    );
    expect(choices.body.costCentres.map((c: { code: string }) => c.code)).toEqual([
      'ALT-FIN',
      'ALT-IT',
      'ALT-MKT',
      'ALT-RH',
      'ALT-SG',
    ]);
  });
});

describe('validating a rule', () => {
  it('names every failing field, from the shape and from the domain, and writes nothing', async () => {
    const before = await snapshot();
    const refused = await rules(administrator, 'post', '', {
      name: ' ',
      kind: 'urgent',
      conditions: { minAmount: '1,000', maxAmount: '-5', categoryCodes: ['4'], supplierIds: ['nope'] },
      step: { approvers: { kind: 'role', role: 'cfo' }, mode: 'any' },
    });
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/problem+json');
    expect(fieldsOf(refused.body)).toEqual(['body.conditions.supplierIds.0', 'body.kind']);

    const domain = await rules(administrator, 'post', '', {
      name: ' ',
      kind: 'blocking',
      conditions: { minAmount: '1,000', maxAmount: '-5', categoryCodes: ['4'], requesterIds: [] },
      step: { approvers: { kind: 'role', role: 'cfo' }, mode: 'all', label: 'x'.repeat(101) },
    });
    expect(domain.status).toBe(400);
    expect(domain.body.code).toBe('validation_failed');
    expect(fieldsOf(domain.body)).toEqual([
      'body.conditions.categoryCodes[0]',
      'body.conditions.maxAmount',
      'body.conditions.minAmount',
      'body.conditions.requesterIds',
      'body.name',
      'body.step.approvers.role',
      'body.step.label',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a minimum that is not below the maximum, naming the maximum', async () => {
    const refused = await rules(administrator, 'post', '', {
      ...financeRule,
      conditions: { minAmount: '5000', maxAmount: '5000.00' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'body.conditions.maxAmount', reason: 'must be above minAmount' },
    ]);
  });

  it("refuses people and cost centres that are not in the caller's entity directory", async () => {
    const before = await snapshot();
    const stranger = '0b7e9d1c-3f2a-4c5b-8d6e-7f8a9b0c1d2e';
    const refused = await rules(administrator, 'post', '', {
      ...financeRule,
      conditions: { costCentreIds: [marketing, westCostCentre], requesterIds: [stranger] },
      step: {
        approvers: { kind: 'users', userIds: [accountant.userId, westAdministrator.userId] },
        mode: 'all',
      },
    });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual([
      'body.conditions.costCentreIds[1]',
      'body.conditions.requesterIds[0]',
      'body.step.approvers.userIds[1]',
    ]);
    expect(refused.body.errors).toContainEqual({
      field: 'body.step.approvers.userIds[1]',
      reason: `${westAdministrator.userId} is not a person of your entity's directory`,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an approver who is no longer active', async () => {
    await db
      .updateTable('purchasing.directory_user')
      .set({ active: false })
      .where('user_id', '=', buyer.userId)
      .execute();
    try {
      const refused = await rules(administrator, 'post', '', {
        ...financeRule,
        step: { approvers: { kind: 'users', userIds: [buyer.userId] }, mode: 'any' },
      });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['body.step.approvers.userIds[0]']);
    } finally {
      await db
        .updateTable('purchasing.directory_user')
        .set({ active: true })
        .where('user_id', '=', buyer.userId)
        .execute();
    }
  });
});

describe('changing a rule at the version read', () => {
  it('updates it to the next version and records who, when, before and after', async () => {
    const { id } = await createRule();
    const changed = await rules(administrator, 'put', `/${id}`, {
      ...financeRule,
      name: 'Finance au-delà de 3 000',
      conditions: { minAmount: '3000.00' },
      version: 1,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      version: 2,
      name: 'Finance au-delà de 3 000',
      conditions: { minAmount: '3000.00' },
    });
    const history = await rules(auditor, 'get', `/history?ruleId=${id}`);
    expect(history.body.changes.map((c: { action: string }) => c.action)).toEqual(['updated', 'created']);
    expect(history.body.changes[0]).toMatchObject({
      actor: { userId: administrator.userId, name: administrator.displayName },
      before: { version: 1, name: financeRule.name, conditions: financeRule.conditions },
      after: { version: 2, name: 'Finance au-delà de 3 000' },
    });
    expect(history.body.changes[1]).toMatchObject({ before: null, after: { version: 1 } });
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const { id } = await createRule();
    expect((await rules(administrator, 'post', `/${id}/deactivate`, { version: 1 })).status).toBe(200);
    const before = await snapshot();
    const stale = await rules(administrator, 'put', `/${id}`, {
      ...financeRule,
      name: 'Trop tard',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([{ field: 'body.version', reason: 'is 1, the rule is at version 2' }]);
    expect((await rules(administrator, 'delete', `/${id}?version=1`)).status).toBe(409);
    expect((await rules(administrator, 'post', `/${id}/activate`, { version: 1 })).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('lets exactly one of two updates carrying the same version win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await createRule();
      const answers = await Promise.all(
        ['Première', 'Seconde'].map((name) =>
          rules(administrator, 'put', `/${id}`, { ...financeRule, name, version: 1 }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)?.body.name;
      const stored = await db
        .selectFrom('purchasing.approval_rule')
        .select(['name', 'version'])
        .where('id', '=', id)
        .executeTakeFirst();
      expect(stored).toEqual({ name: winner, version: 2 });
      const updates = await db
        .selectFrom('purchasing.approval_rule_change')
        .select('action')
        .where('rule_id', '=', id)
        .where('action', '=', 'updated')
        .execute();
      expect(updates).toHaveLength(1);
    }
  });

  it('deactivates and activates a rule, refusing to do either twice', async () => {
    const { id } = await createRule();
    const off = await rules(administrator, 'post', `/${id}/deactivate`, { version: 1 });
    expect(off.body).toMatchObject({ active: false, version: 2 });
    expect((await rules(administrator, 'post', `/${id}/deactivate`, { version: 2 })).status).toBe(409);
    const on = await rules(administrator, 'post', `/${id}/activate`, { version: 2 });
    expect(on.body).toMatchObject({ active: true, version: 3 });
    const history = await rules(administrator, 'get', `/history?ruleId=${id}`);
    expect(history.body.changes.map((c: { action: string }) => c.action)).toEqual([
      'activated',
      'deactivated',
      'created',
    ]);
  });
});

describe('deleting a rule', () => {
  it('deletes a rule no request used, keeping its history', async () => {
    const { id } = await createRule();
    expect((await rules(administrator, 'delete', `/${id}`)).status).toBe(400);
    expect((await rules(administrator, 'delete', `/${id}?version=1`)).status).toBe(204);
    expect(
      await db.selectFrom('purchasing.approval_rule').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
    const history = await rules(administrator, 'get', `/history?ruleId=${id}`);
    expect(history.body.changes[0]).toMatchObject({
      action: 'deleted',
      before: { id, version: 1 },
      after: null,
    });
  });

  it('refuses to delete a rule a request used, which may be deactivated instead', async () => {
    const { id } = await createRule({
      ...financeRule,
      conditions: {},
      step: { approvers: { kind: 'users', userIds: [accountant.userId] }, mode: 'any' },
    });
    const submitted = await call(employee, 'post', `/requisitions/${await draftRequest('40.00')}/submit`);
    expect(submitted.status).toBe(200);
    const listed = await rules(administrator, 'get', '');
    expect(listed.body.rules.find((r: { id: string }) => r.id === id)).toMatchObject({
      usedByRequests: true,
    });
    const refused = await rules(administrator, 'delete', `/${id}?version=1`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/deactivate it/);
    expect(
      await db.selectFrom('purchasing.approval_rule').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeDefined();
    expect((await rules(administrator, 'post', `/${id}/deactivate`, { version: 1 })).status).toBe(200);
  });
  it('waits for a submission using the rule, then refuses the deletion', async () => {
    const { id } = await createRule();
    const requisitionId = await draftRequest('60.00');
    await db.connection().execute(async (connection) => {
      // A submission in flight: its approval step names the rule, not yet committed.
      await sql`begin`.execute(connection);
      await connection
        .insertInto('purchasing.approval_step')
        .values({
          requisition_id: requisitionId,
          round: 1,
          step_index: 0,
          kind: 'blocking',
          mode: 'any',
          rule_id: id,
          label: 'Finance',
          explanation: 'Finance',
          approver_user_ids: [accountant.userId],
          status: 'pending',
        })
        .execute();
      const deletion = rules(administrator, 'delete', `/${id}?version=1`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`commit`.execute(connection);
      const refused = await deletion;
      expect(refused.status).toBe(409);
    });
    expect(
      await db.selectFrom('purchasing.approval_rule').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeDefined();
  });
});

describe('the history of changes', () => {
  it('is append-only: the database refuses to change or delete an entry', async () => {
    await createRule();
    await expect(
      sql`update purchasing.approval_rule_change set actor_name = 'x'`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from purchasing.approval_rule_change`.execute(db)).rejects.toThrow(/append-only/);
    const count = await db
      .selectFrom('purchasing.approval_rule_change')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBeGreaterThan(0);
  });
});

describe('ordering the rules', () => {
  it('moves an entity rule before a global one, which keeps its place, and records the move', async () => {
    const first = await createRule();
    const second = await createRule({
      ...financeRule,
      name: 'Informatique',
      conditions: { categoryCodes: ['43'] },
    });
    const order = [
      { id: second.id, version: 1 },
      { id: globalRuleId, version: 1 },
      { id: first.id, version: 1 },
    ];
    const moved = await rules(administrator, 'put', '/order', { rules: order });
    expect(moved.status).toBe(200);
    expect(moved.body.rules.map((r: { id: string }) => r.id)).toEqual([second.id, globalRuleId, first.id]);
    expect(moved.body.rules.map((r: { version: number }) => r.version)).toEqual([2, 1, 1]);
    const global = await db
      .selectFrom('purchasing.approval_rule')
      .select('position')
      .where('id', '=', globalRuleId)
      .executeTakeFirst();
    expect(global?.position).toBe(10);
    const history = await rules(administrator, 'get', `/history?ruleId=${second.id}`);
    expect(history.body.changes[0]).toMatchObject({
      action: 'moved',
      before: { position: 30 },
      after: { position: 4 },
    });
  });

  it('refuses a stale version, a missing rule or global rules in another order, changing nothing', async () => {
    const first = await createRule();
    const second = await createRule({ ...financeRule, name: 'Informatique' });
    await rules(administrator, 'post', `/${first.id}/deactivate`, { version: 1 });
    const before = await snapshot();
    const stale = await rules(administrator, 'put', '/order', {
      rules: [
        { id: globalRuleId, version: 1 },
        { id: second.id, version: 1 },
        { id: first.id, version: 1 },
      ],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([
      { field: 'body.rules[2].version', reason: 'is 1, the rule is at version 2' },
    ]);
    const missing = await rules(administrator, 'put', '/order', {
      rules: [
        { id: globalRuleId, version: 1 },
        { id: second.id, version: 1 },
      ],
    });
    expect(missing.status).toBe(409);
    const twice = await rules(administrator, 'put', '/order', {
      rules: [
        { id: globalRuleId, version: 1 },
        { id: second.id, version: 1 },
        { id: second.id, version: 1 },
      ],
    });
    expect(twice.status).toBe(400);
    expect(fieldsOf(twice.body)).toEqual(['body.rules[2]']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('rules plan the next request', () => {
  it('a new rule changes the chain of the next submitted request, not of one already in approval', async () => {
    const earlier = await call(employee, 'post', `/requisitions/${await draftRequest('2500.00')}/submit`);
    expect(approversOf(earlier.body)).toEqual([[manager.userId]]);

    const { id } = await createRule();
    const next = await call(employee, 'post', `/requisitions/${await draftRequest('2500.00')}/submit`);
    expect(next.status).toBe(200);
    expect(approversOf(next.body)).toEqual([[manager.userId], [accountant.userId]]);
    const stepRules = await db
      .selectFrom('purchasing.approval_step')
      .select('rule_id')
      .where('requisition_id', '=', next.body.id)
      .orderBy('step_index')
      .execute();
    expect(stepRules.map((s) => s.rule_id)).toEqual([globalRuleId, id]);

    const kept = await call(employee, 'get', `/requisitions/${earlier.body.id}`);
    expect(approversOf(kept.body)).toEqual([[manager.userId]]);

    // Once deactivated, the rule no longer applies to the request after.
    await rules(administrator, 'post', `/${id}/deactivate`, { version: 1 });
    const after = await call(employee, 'post', `/requisitions/${await draftRequest('2500.00')}/submit`);
    expect(approversOf(after.body)).toEqual([[manager.userId]]);
  });
});
