// The approval rules and budgets `npm start` loads: valid as an administrator would have to enter
// them, loaded once, and routing a large request to the manager and to finance.
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoApprovalRules } from '@procura/demo-data';
import { type ApprovalRule, calendarDate, checkApprovalRule } from '@procura/domain';
import { roles } from '@procura/http';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/load-demo-data.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let db: Kysely<PurchasingDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<PurchasingDatabase>();
});
afterAll(() => database.drop());

describe('purchasing demo data', () => {
  it('holds approval rules an administrator could have entered', () => {
    for (const rule of demoApprovalRules) {
      const asEdited: ApprovalRule = {
        id: rule.id,
        name: rule.name,
        order: rule.position,
        kind: rule.kind,
        active: true,
        conditions: rule.conditions,
        step: { approvers: rule.approvers as unknown as ApprovalRule['step']['approvers'], mode: rule.mode },
      };
      expect(() => checkApprovalRule(asEdited, roles)).not.toThrow();
    }
  });

  it('loads the rules and this year’s budgets once, however often the service starts', async () => {
    await Promise.all([loadDemoData(db, logger), loadDemoData(db, logger)]);
    await loadDemoData(db, logger);
    const rules = await db.selectFrom('purchasing.approval_rule').select('id').execute();
    expect(rules).toHaveLength(demoApprovalRules.length);
    const budgets = await db.selectFrom('purchasing.budget_line').select(['period_key', 'policy']).execute();
    expect(budgets.length).toBeGreaterThan(0);
    expect(new Set(budgets.map((b) => b.period_key))).toEqual(
      new Set([`FY${calendarDate(new Date()).slice(0, 4)}`]),
    );
  });
});
