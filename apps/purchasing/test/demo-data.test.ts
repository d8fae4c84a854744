// The approval rules and budgets `npm start` loads: valid as an administrator would have to enter
// them, loaded once, and routing a large request to the manager and to finance.
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { demoApprovalRules } from '@procura/demo-data';
import {
  type ApprovalRule,
  annexRuleIssues,
  annexSubjectOf,
  calendarDate,
  checkApprovalRule,
  selectAnnexes,
  standardAnnexRules,
  termsInForce,
  termsVersionIssues,
} from '@procura/domain';
import { roles } from '@procura/http';
import { checkTermsFitBackPage } from '@procura/pdf';
import { sampleGeneralTerms, samplePurchaseOrder } from '@procura/pdf/samples';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/load-demo-data.js';
import { activeAnnexRules, termsVersionsOf } from '../src/repositories/terms.repository.js';

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

  it('publishes version 1 of the CGA and of the sample annexes, in force today, and the standard annex rules', async () => {
    await loadDemoData(db, logger);
    const versions = await termsVersionsOf(db);
    expect(versions.map((v) => [v.code, v.version])).toEqual([
      ['CGA', 1],
      ['CONFIDENTIALITY', 1],
      ['SECURITY', 1],
    ]);
    const today = calendarDate(new Date());
    for (const version of versions) {
      expect(version.effectiveOn).toBe(`${today.slice(0, 4)}-01-01`);
      expect(termsVersionIssues(version)).toEqual([]);
    }
    expect(versions[0]?.text).toEqual(sampleGeneralTerms().text);
    expect(() => checkTermsFitBackPage(versions[0] as (typeof versions)[number])).not.toThrow();
    const published = await db.selectFrom('purchasing.terms_version').select(['published_by_name']).execute();
    expect(new Set(published.map((p) => p.published_by_name))).toEqual(new Set(['Antoine Lambert']));

    // Every standard rule whose annex is published, each valid as an administrator would enter it.
    const rules = await activeAnnexRules(db);
    const annexCodes = ['CONFIDENTIALITY', 'SECURITY'];
    expect(rules).toEqual(standardAnnexRules.filter((r) => annexCodes.includes(r.annexCode)));
    for (const rule of rules) expect(annexRuleIssues(rule, annexCodes)).toEqual([]);

    // An order issued today carries the CGA and the annexes the rules select.
    const order = { ...samplePurchaseOrder(10), issuedAt: new Date() };
    expect(
      termsInForce(
        versions.filter((v) => v.code === 'CGA'),
        order.issuedAt,
      ).version,
    ).toBe(1);
    const annexes = selectAnnexes({ rules, annexVersions: versions }, annexSubjectOf(order));
    expect(annexes.map((a) => a.annex.code)).toEqual(['CONFIDENTIALITY', 'SECURITY']);
  });

  it('adds the terms and annex rules once to a database loaded before they existed', async () => {
    await loadDemoData(db, logger);
    const approvalRules = await db.selectFrom('purchasing.approval_rule').select('id').execute();
    await sql`truncate purchasing.terms_version, purchasing.annex_rule`.execute(db);
    await Promise.all([loadDemoData(db, logger), loadDemoData(db, logger)]);
    expect(await termsVersionsOf(db)).toHaveLength(3);
    expect(await activeAnnexRules(db)).toHaveLength(2);
    expect(await db.selectFrom('purchasing.approval_rule').select('id').execute()).toEqual(approvalRules);
  });
});
