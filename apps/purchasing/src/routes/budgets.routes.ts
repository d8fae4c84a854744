import type { PurchasingDatabase } from '@procura/db';
import {
  type BudgetLine,
  type BudgetLineKey,
  type BudgetPeriod,
  budgetImportColumns,
  budgetLineKeyString,
  budgetSeries,
  calendarDate,
  costCentreOverview,
  DomainError,
  documentFigures,
  isCurrencyCode,
  isDomainError,
  type LedgerEntry,
  type Money,
  money,
  parseBudgetPeriod,
  periodContaining,
  periodsOverlap,
  sum,
} from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  identityOf,
  parseBody,
  parseParams,
  parseQuery,
  sendFileProblems,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import { idempotencyOf, runIdempotent } from '@procura/runtime';
import express from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  budgetLineHistory,
  findBudgetLineView,
  listBudgetImports,
  listBudgetLines,
} from '../repositories/budget-line.repository.js';
import { findBudgetLines, ledgerEntriesFor } from '../repositories/ledger.repository.js';
import { csvEncodingOf, maxBudgetFileBytes } from '../services/budget-file.js';
import { changeBudgetLine, enterBudgetLine, importBudgetFile } from '../services/budget-line.service.js';

function isBudgetPeriodKey(key: string): boolean {
  try {
    parseBudgetPeriod(key);
    return true;
  } catch {
    return false;
  }
}

const uuid = () => z.uuid({ error: 'must be a UUID' });
const ZPeriodKey = z
  .string()
  .trim()
  .refine(isBudgetPeriodKey, 'must be a period such as 2026-11, 2026-Q4 or FY2026');
const ZAmount = z.object({
  amount: z
    .string()
    .regex(/^\d{1,15}(\.\d{1,2})?$/, 'must be a decimal amount such as 12000 or 12000.50, not negative'),
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR'),
});
const ZPolicy = z.enum(['stop', 'warn', 'ignore'], { error: 'must be stop, warn or ignore' });

export const ZBudgetQuery = z.object({
  costCentre: uuid().optional(),
  period: ZPeriodKey.optional(),
});

export const ZBudgetDocumentsQuery = z.object({
  costCentre: uuid(),
  period: ZPeriodKey.optional(),
  budgetCategory: z.string().trim().min(1).max(40).optional(),
});

export const ZBudgetLineBody = z.object({
  costCentreId: uuid(),
  budgetCategory: z.string().trim().min(1, 'is required').max(40, 'must be 40 characters at most'),
  period: ZPeriodKey,
  amount: ZAmount,
  policy: ZPolicy,
});

export const ZBudgetLineChangeBody = z
  .object({ amount: ZAmount.optional(), policy: ZPolicy.optional() })
  .refine((b) => b.amount !== undefined || b.policy !== undefined, {
    message: 'give the new amount, the new policy, or both',
    path: ['amount'],
  });

export const ZBudgetImportQuery = z.object({
  fileName: z.string().trim().min(1).max(255).default('budget.csv'),
});

/** Those who see every cost centre of their entity; others see the cost centres they manage. */
const overseers = new Set(['accountant', 'administrator', 'auditor']);
const readBudgets: Access = {
  roles: ['manager', 'accountant', 'administrator', 'auditor'],
  scopes: ['read'],
};
const manageBudgets: Access = { roles: ['accountant', 'administrator'], scopes: [] };
const amount = (m: Money) => ({ amount: m.toDecimalString(2), currency: m.currency });

/** The budget file is the request body as is (text/csv, `; charset=windows-1252` for an old Excel CSV). */
const rawFile = express.raw({ type: () => true, limit: maxBudgetFileBytes });

/** The cost centres of the caller's entity that the caller may see: all for finance, else those they manage. */
async function visibleCostCentres(db: Kysely<PurchasingDatabase>, caller: TIdentity, costCentreId?: string) {
  let query = db
    .selectFrom('purchasing.directory_cost_centre')
    .select(['cost_centre_id', 'code', 'name_fr', 'name_en'])
    .where('entity_id', '=', caller.entityId);
  if (!caller.roles.some((role) => overseers.has(role)) && caller.kind === 'user')
    query = query.where('manager_user_id', '=', caller.userId);
  if (costCentreId) query = query.where('cost_centre_id', '=', costCentreId);
  const visible = await query.orderBy('code').execute();
  if (costCentreId && visible.length === 0)
    throw new DomainError('not_found', `Cost centre ${costCentreId} is not one you may see.`);
  return visible;
}

/**
 * The budget lines of these cost centres whose period overlaps `period`, and every ledger entry
 * behind their figures: those of the lines, and those of spend nobody budgeted, which is charged to
 * its fiscal year's key and shown when that is the period asked.
 */
async function budgetEntries(
  db: Kysely<PurchasingDatabase>,
  entityId: string,
  ids: readonly string[],
  period: BudgetPeriod,
): Promise<{ lines: BudgetLine[]; entries: LedgerEntry[] }> {
  const lines = (await findBudgetLines(db, entityId, ids))
    .map((b) => b.line)
    .filter((l) => periodsOverlap(l.period, period));
  const keys: BudgetLineKey[] = lines.map((l) => ({
    entityId: l.entityId,
    costCentreId: l.costCentreId,
    budgetCategory: l.budgetCategory,
    periodKey: l.period.key,
  }));
  const entries = await ledgerEntriesFor(db, keys);
  if (ids.length === 0) return { lines, entries };
  const unbudgeted = await db
    .selectFrom('purchasing.commitment_entry')
    .select(['budget_category'])
    .distinct()
    .where('entity_id', '=', entityId)
    .where('cost_centre_id', 'in', [...ids])
    .where('period_key', '=', period.key)
    .execute();
  const known = new Set(keys.map(budgetLineKeyString));
  const extra = await ledgerEntriesFor(
    db,
    ids.flatMap((costCentreId) =>
      unbudgeted
        .map((u) => ({ entityId, costCentreId, budgetCategory: u.budget_category, periodKey: period.key }))
        .filter((k) => !known.has(budgetLineKeyString(k))),
    ),
  );
  return { lines, entries: [...entries, ...extra] };
}

/**
 * Budgets: the figures per cost centre and period (every one a sum over the commitment ledger), the
 * documents behind them, and the budget lines that finance enters, changes and imports.
 */
export function budgetRoutes(db: Kysely<PurchasingDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  // Budget, requested, committed, invoiced, available, the landing forecast and the chart's series.
  routes.get('/', readBudgets, async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZBudgetQuery, req);
    const today = calendarDate(new Date());
    const period = query.period ? parseBudgetPeriod(query.period) : periodContaining(today, 'fiscal_year');
    const visible = await visibleCostCentres(db, caller, query.costCentre);
    const { lines, entries } = await budgetEntries(
      db,
      caller.entityId,
      visible.map((c) => c.cost_centre_id),
      period,
    );
    const views = costCentreOverview(entries, lines, { today });
    res.json({
      period,
      costCentres: visible.map((c) => ({
        costCentreId: c.cost_centre_id,
        code: c.code,
        name: { fr: c.name_fr, en: c.name_en },
        periods: views
          .filter((v) => v.costCentreId === c.cost_centre_id)
          .map((v) => {
            const keys = new Set(v.lines.map((l) => budgetLineKeyString(l.budgetLine)));
            const series = budgetSeries({
              entries: entries.filter((e) => keys.has(budgetLineKeyString(e.budgetLine))),
              period: v.period,
              today,
              budget: v.budget,
            });
            return {
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
              series: {
                step: series.step,
                budget: amount(series.budget),
                points: series.points.map((p) => ({
                  date: p.date,
                  requested: p.requested.toDecimalString(2),
                  committed: p.committed.toDecimalString(2),
                  invoiced: p.invoiced.toDecimalString(2),
                })),
              },
            };
          }),
      })),
    });
  });

  // The documents behind the figures of one cost centre and period: what each one holds.
  routes.get('/documents', readBudgets, async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZBudgetDocumentsQuery, req);
    const today = calendarDate(new Date());
    const period = query.period ? parseBudgetPeriod(query.period) : periodContaining(today, 'fiscal_year');
    const [costCentre] = await visibleCostCentres(db, caller, query.costCentre);
    const { entries } = await budgetEntries(db, caller.entityId, [query.costCentre], period);
    const counted = entries.filter(
      (e) =>
        e.occurredOn <= today &&
        (query.budgetCategory === undefined || e.budgetLine.budgetCategory === query.budgetCategory),
    );
    const documents = documentFigures(counted);
    const requisitionIds = documents.filter((d) => d.kind === 'requisition').map((d) => d.id);
    const requisitions = new Map(
      requisitionIds.length === 0
        ? []
        : (
            await db
              .selectFrom('purchasing.requisition')
              .select(['id', 'number', 'title', 'requester_user_id', 'requester_name', 'status'])
              .where('entity_id', '=', caller.entityId)
              .where('id', 'in', requisitionIds)
              .execute()
          ).map((r) => [r.id, r]),
    );
    const currency = documents[0]?.currency ?? 'EUR';
    const total = (pick: (d: (typeof documents)[number]) => Money) =>
      amount(sum(documents.map(pick), currency));
    res.json({
      costCentre: costCentre && {
        costCentreId: costCentre.cost_centre_id,
        code: costCentre.code,
        name: { fr: costCentre.name_fr, en: costCentre.name_en },
      },
      period,
      budgetCategory: query.budgetCategory ?? null,
      documents: documents.map((d) => {
        const requisition = d.kind === 'requisition' ? requisitions.get(d.id) : undefined;
        return {
          kind: d.kind,
          id: d.id,
          number: requisition?.number ?? null,
          title: requisition?.title ?? null,
          requester: requisition
            ? { userId: requisition.requester_user_id, name: requisition.requester_name }
            : null,
          status: requisition?.status ?? null,
          firstOn: d.firstOn,
          requested: amount(d.requested),
          committed: amount(d.committed),
          received: amount(d.received),
          invoiced: amount(d.invoiced),
        };
      }),
      totals: {
        requested: total((d) => d.requested),
        committed: total((d) => d.committed),
        received: total((d) => d.received),
        invoiced: total((d) => d.invoiced),
      },
    });
  });

  routes.get('/lines', readBudgets, async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZBudgetQuery, req);
    const visible = await visibleCostCentres(db, caller, query.costCentre);
    const everything = caller.roles.some((role) => overseers.has(role)) || caller.kind !== 'user';
    res.json({
      lines: await listBudgetLines(db, caller.entityId, {
        ...(everything && !query.costCentre ? {} : { costCentreIds: visible.map((c) => c.cost_centre_id) }),
        ...(query.period ? { period: parseBudgetPeriod(query.period) } : {}),
      }),
    });
  });

  routes.post('/lines', manageBudgets, async (req, res) => {
    const caller = identityOf(res);
    const body = parseBody(ZBudgetLineBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const id = await enterBudgetLine(trx, caller, {
        costCentreId: body.costCentreId,
        budgetCategory: body.budgetCategory,
        period: body.period,
        amount: money(body.amount.amount, body.amount.currency),
        policy: body.policy,
      });
      return { statusCode: 201, body: await findBudgetLineView(trx, caller.entityId, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.patch('/lines/:id', manageBudgets, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    const body = parseBody(ZBudgetLineChangeBody, req);
    const answer = await runIdempotent(db, 'purchasing', idempotencyOf(req, caller.userId), async (trx) => {
      const found = await changeBudgetLine(trx, caller, id, {
        amount: body.amount && money(body.amount.amount, body.amount.currency),
        policy: body.policy,
      });
      if (!found) throw new DomainError('not_found', `Budget line ${id} does not exist in your entity.`);
      return { statusCode: 200, body: await findBudgetLineView(trx, caller.entityId, id) };
    });
    res.status(answer.statusCode).json(answer.body);
  });

  routes.get('/lines/:id/history', manageBudgets, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const caller = identityOf(res);
    if (!(await findBudgetLineView(db, caller.entityId, id)))
      throw new DomainError('not_found', `Budget line ${id} does not exist in your entity.`);
    res.json({ changes: await budgetLineHistory(db, id) });
  });

  // An empty file with the columns the import reads, to fill in a spreadsheet (French Excel: `;`).
  routes.get('/lines/template', manageBudgets, (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('budgets-modele.csv')
      .send(`${budgetImportColumns.filter((c) => c !== 'entity').join(';')}\r\n`);
  });

  routes.get('/lines/imports', manageBudgets, async (_req, res) => {
    res.json({ imports: await listBudgetImports(db, identityOf(res).entityId, { limit: 50 }) });
  });

  routes.post('/lines/imports', manageBudgets, rawFile, async (req, res) => {
    const caller = identityOf(res);
    const { fileName } = parseQuery(ZBudgetImportQuery, req);
    csvEncodingOf(req.get('content-type'));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new DomainError('validation_failed', 'Send the budget file as the request body.', [
        { field: 'file', reason: 'is empty' },
      ]);
    const bytes: Buffer = req.body;
    try {
      const answer = await runIdempotent(
        db,
        'purchasing',
        idempotencyOf(req, caller.userId),
        async (trx) => ({
          statusCode: 201,
          body: await importBudgetFile(trx, caller, {
            fileName,
            contentType: req.get('content-type'),
            bytes,
          }),
        }),
      );
      res.status(answer.statusCode).json(answer.body);
    } catch (error) {
      if (isDomainError(error, 'budget_import_invalid')) return sendFileProblems(error, req, res);
      throw error;
    }
  });

  return routes;
}
