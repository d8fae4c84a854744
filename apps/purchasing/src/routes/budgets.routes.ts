import type { PurchasingDatabase } from '@procura/db';
import {
  type BudgetLineKey,
  calendarDate,
  costCentreOverview,
  DomainError,
  type Money,
  parseBudgetPeriod,
  periodContaining,
  periodsOverlap,
} from '@procura/domain';
import { ApiRoutes, identityOf, parseQuery } from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { budgetLinesOf, ledgerEntriesFor } from '../repositories/ledger.repository.js';

function isBudgetPeriodKey(key: string): boolean {
  try {
    parseBudgetPeriod(key);
    return true;
  } catch {
    return false;
  }
}

export const ZBudgetQuery = z.object({
  costCentre: z.uuid({ error: 'must be a UUID' }).optional(),
  period: z
    .string()
    .refine(isBudgetPeriodKey, 'must be a period such as 2026-11, 2026-Q4 or FY2026')
    .optional(),
});

/** Those who see every cost centre of their entity; others see the cost centres they manage. */
const overseers = new Set(['accountant', 'administrator', 'auditor']);
const amount = (m: Money) => ({ amount: m.toDecimalString(2), currency: m.currency });

/**
 * Budget, requested, committed, invoiced, available and the landing forecast, per cost centre and
 * period, every figure a sum over the commitment ledger.
 */
export function budgetRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();
  routes.get(
    '/',
    { roles: ['manager', 'accountant', 'administrator', 'auditor'], scopes: ['read'] },
    async (req, res) => {
      const caller = identityOf(res);
      const query = parseQuery(ZBudgetQuery, req);
      const today = calendarDate(new Date());
      const period = query.period ? parseBudgetPeriod(query.period) : periodContaining(today, 'fiscal_year');
      let costCentres = db
        .selectFrom('purchasing.directory_cost_centre')
        .select(['cost_centre_id', 'code', 'name_fr', 'name_en'])
        .where('entity_id', '=', caller.entityId);
      if (!caller.roles.some((role) => overseers.has(role)) && caller.kind === 'user')
        costCentres = costCentres.where('manager_user_id', '=', caller.userId);
      if (query.costCentre) costCentres = costCentres.where('cost_centre_id', '=', query.costCentre);
      const visible = await costCentres.orderBy('code').execute();
      if (query.costCentre && visible.length === 0)
        throw new DomainError('not_found', `Cost centre ${query.costCentre} is not one you may see.`);
      const ids = visible.map((c) => c.cost_centre_id);
      const lines = (await budgetLinesOf(db, caller.entityId, ids)).filter((l) =>
        periodsOverlap(l.period, period),
      );
      const keys: BudgetLineKey[] = [
        ...lines.map((l) => ({
          entityId: l.entityId,
          costCentreId: l.costCentreId,
          budgetCategory: l.budgetCategory,
          periodKey: l.period.key,
        })),
      ];
      const entries = await ledgerEntriesFor(db, keys);
      // Spend nobody budgeted is charged to its fiscal year's key: shown when that is the period asked.
      const unbudgeted = await db
        .selectFrom('purchasing.commitment_entry')
        .select(['budget_category'])
        .distinct()
        .where('entity_id', '=', caller.entityId)
        .where('cost_centre_id', 'in', ids.length > 0 ? ids : ['00000000-0000-0000-0000-000000000000'])
        .where('period_key', '=', period.key)
        .execute();
      const extra = await ledgerEntriesFor(
        db,
        ids.flatMap((costCentreId) =>
          unbudgeted.map((u) => ({
            entityId: caller.entityId,
            costCentreId,
            budgetCategory: u.budget_category,
            periodKey: period.key,
          })),
        ),
      );
      const known = new Set(keys.map((k) => `${k.costCentreId}/${k.budgetCategory}/${k.periodKey}`));
      const all = [
        ...entries,
        ...extra.filter(
          (e) =>
            !known.has(
              `${e.budgetLine.costCentreId}/${e.budgetLine.budgetCategory}/${e.budgetLine.periodKey}`,
            ),
        ),
      ];
      const views = costCentreOverview(all, lines, { today });
      res.json({
        period,
        costCentres: visible.map((c) => ({
          costCentreId: c.cost_centre_id,
          code: c.code,
          name: { fr: c.name_fr, en: c.name_en },
          periods: views
            .filter((v) => v.costCentreId === c.cost_centre_id)
            .map((v) => ({
              period: v.period,
              budget: amount(v.budget),
              requested: amount(v.requested),
              committed: amount(v.committed),
              received: amount(v.received),
              invoiced: amount(v.invoiced),
              paid: amount(v.paid),
              consumed: amount(v.consumed),
              available: amount(v.available),
              forecast: { landing: amount(v.forecast.landing), pacePerDay: amount(v.forecast.pacePerDay) },
              lines: v.lines.map((l) => ({
                budgetCategory: l.budgetLine.budgetCategory,
                policy: l.policy ?? null,
                budget: l.budget ? amount(l.budget) : null,
                requested: amount(l.requested),
                committed: amount(l.committed),
                invoiced: amount(l.invoiced),
                consumed: amount(l.consumed),
                available: l.available ? amount(l.available) : null,
              })),
            })),
        })),
      });
    },
  );
  return routes;
}
