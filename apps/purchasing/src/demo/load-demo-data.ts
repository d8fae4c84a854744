import type { PurchasingDatabase } from '@procura/db';
import { demoApprovalRules, demoBudgetLines } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import type { Logger } from '@procura/http';
import { type Kysely, sql } from 'kysely';

/** The demo approval rules and this year's budgets, into an empty purchasing schema. Runs once. */
export async function loadDemoData(db: Kysely<PurchasingDatabase>, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('procura.purchasing.demo-data'))`.execute(trx);
    if (await trx.selectFrom('purchasing.approval_rule').select('id').limit(1).executeTakeFirst()) return;
    const administrator = '9bbaf034-90ca-4c86-ab61-7203230f9eb4';
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
