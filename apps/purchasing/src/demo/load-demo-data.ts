import type { PurchasingDatabase } from '@procura/db';
import { demoApprovalRules, demoBudgetLines, demoUsers } from '@procura/demo-data';
import {
  calendarDate,
  generalPurchasingTermsCode,
  standardAnnexRules,
  type TermsVersion,
} from '@procura/domain';
import type { Logger } from '@procura/http';
import { sampleAnnexVersions, sampleGeneralTerms } from '@procura/pdf/samples';
import { type Kysely, sql, type Transaction } from 'kysely';

const administrator = '9bbaf034-90ca-4c86-ab61-7203230f9eb4';

/**
 * The demo approval rules and this year's budgets, the general purchasing terms and annexes with
 * the standard annex rules, into an empty purchasing schema. Each part runs once.
 */
export async function loadDemoData(db: Kysely<PurchasingDatabase>, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('procura.purchasing.demo-data'))`.execute(trx);
    await loadDemoTerms(trx, logger);
    if (await trx.selectFrom('purchasing.approval_rule').select('id').limit(1).executeTakeFirst()) return;
    await trx
      .insertInto('purchasing.approval_rule')
      .values(
        demoApprovalRules.map((r) => ({
          id: r.id,
          entity_id: r.entityId,
          name: r.name,
          position: r.position,
          kind: r.kind,
          conditions: JSON.stringify(r.conditions),
          approvers: JSON.stringify(r.approvers),
          mode: r.mode,
          updated_by: administrator,
        })),
      )
      .execute();
    const year = calendarDate(new Date()).slice(0, 4);
    await trx
      .insertInto('purchasing.budget_line')
      .values(
        demoBudgetLines.map((b) => ({
          entity_id: b.entityId,
          cost_centre_id: b.costCentreId,
          budget_category: b.budgetCategory,
          period_kind: 'fiscal_year' as const,
          period_key: `FY${year}`,
          period_start: `${year}-01-01`,
          period_end: `${year}-12-31`,
          amount: b.amount,
          currency: 'EUR',
          policy: b.policy,
          created_by: administrator,
        })),
      )
      .execute();
    logger.info(
      { rules: demoApprovalRules.length, budgetLines: demoBudgetLines.length },
      'demo approval rules and budgets loaded',
    );
  });
}

/**
 * Version 1 of the CGA and of each sample annex (the texts of @procura/pdf's samples), in force
 * since the start of the year and published by the demo administrator the month before, and the
 * standard annex rules whose annex is published. Runs once: a database that already holds terms
 * versions, or annex rules, keeps them as they are.
 */
async function loadDemoTerms(trx: Transaction<PurchasingDatabase>, logger: Logger): Promise<void> {
  const year = Number(calendarDate(new Date()).slice(0, 4));
  const publisher = demoUsers.find((u) => u.id === administrator)?.displayName ?? 'Administrator';
  const versions: TermsVersion[] = [
    sampleGeneralTerms(1, `${year}-01-01`),
    ...sampleAnnexVersions().map((annex) => ({ ...annex, version: 1, effectiveOn: `${year}-01-01` })),
  ];
  if (!(await trx.selectFrom('purchasing.terms_version').select('code').limit(1).executeTakeFirst())) {
    await trx
      .insertInto('purchasing.terms_version')
      .values(
        versions.map((v) => ({
          code: v.code,
          version: v.version,
          effective_on: v.effectiveOn,
          title: JSON.stringify(v.title),
          text: JSON.stringify(v.text),
          published_by: administrator,
          published_by_name: publisher,
          published_at: new Date(`${year - 1}-12-01T09:00:00Z`),
        })),
      )
      .execute();
    logger.info({ documents: versions.map((v) => v.code) }, 'demo purchasing terms published');
  }
  if (!(await trx.selectFrom('purchasing.annex_rule').select('id').limit(1).executeTakeFirst())) {
    const { rows } = await sql<{ code: string }>`
      select distinct code from purchasing.terms_version where code <> ${generalPurchasingTermsCode}`.execute(
      trx,
    );
    const annexes = new Set(rows.map((r) => r.code));
    // A rule naming an annex nobody published would stop every order it selects.
    const rules = standardAnnexRules.filter((rule) => annexes.has(rule.annexCode));
    if (rules.length > 0)
      await trx
        .insertInto('purchasing.annex_rule')
        .values(
          rules.map((rule) => ({
            id: rule.id,
            annex_code: rule.annexCode,
            conditions: JSON.stringify(rule.when),
            updated_by: administrator,
          })),
        )
        .execute();
    logger.info({ rules: rules.map((r) => r.id) }, 'demo annex rules loaded');
  }
}
