// Budget lines as people enter, change and import them, with their append-only history and the
// record of each imported file. The commitment ledger is never written here.
import type { PurchasingDatabase } from '@procura/db';
import {
  type BudgetLine,
  type BudgetPeriod,
  type BudgetPolicy,
  budgetLineKeyString,
  type CurrencyCode,
  money,
} from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Trx = Transaction<PurchasingDatabase>;
type Db = Kysely<PurchasingDatabase> | Trx;

/** Who changes a budget line: recorded with each change. */
export interface BudgetActor {
  readonly userId: string;
  readonly name: string;
}

export interface BudgetLineView {
  id: string;
  costCentre: { costCentreId: string; code: string; name: { fr: string; en: string } };
  budgetCategory: string;
  period: BudgetPeriod;
  amount: { amount: string; currency: string };
  policy: BudgetPolicy;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetLineChangeView {
  kind: 'entered' | 'changed';
  changedBy: { userId: string; name: string };
  changedAt: string;
  budgetImportId: string | null;
  before: { amount: string; policy: BudgetPolicy } | null;
  after: { amount: string; policy: BudgetPolicy };
}

export interface BudgetImportView {
  id: string;
  importedBy: { userId: string; name: string };
  importedAt: string;
  fileName: string;
  fileSha256: string;
  counts: { rows: number; new: number; changed: number; unchanged: number };
}

/** Rows written at once: well under PostgreSQL's 65,535 parameters a statement. */
const chunkSize = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

/**
 * Serialises every write to the entity's budget lines (entry, change, import) until the transaction
 * ends: the second of two imports of one file sees the lines the first created, and updates them.
 */
export async function lockEntityBudget(trx: Trx, entityId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`procura.purchasing.budget-lines.${entityId}`}))`.execute(
    trx,
  );
}

/** The budget lines of the entity, those of `costCentreIds` only when given, ordered for reading. */
export async function listBudgetLines(
  db: Db,
  entityId: string,
  filter: { costCentreIds?: readonly string[]; period?: BudgetPeriod; id?: string },
): Promise<BudgetLineView[]> {
  if (filter.costCentreIds?.length === 0) return [];
  let query = db
    .selectFrom('purchasing.budget_line as b')
    .innerJoin('purchasing.directory_cost_centre as c', 'c.cost_centre_id', 'b.cost_centre_id')
    .select([
      'b.id',
      'b.cost_centre_id',
      'c.code',
      'c.name_fr',
      'c.name_en',
      'b.budget_category',
      'b.period_kind',
      'b.period_key',
      'b.period_start',
      'b.period_end',
      'b.amount',
      'b.currency',
      'b.policy',
      'b.created_at',
      'b.updated_at',
    ])
    .where('b.entity_id', '=', entityId);
  if (filter.costCentreIds) query = query.where('b.cost_centre_id', 'in', [...filter.costCentreIds]);
  if (filter.id) query = query.where('b.id', '=', filter.id);
  if (filter.period)
    query = query
      .where('b.period_start', '<=', filter.period.end)
      .where('b.period_end', '>=', filter.period.start);
  const rows = await query
    .orderBy('c.code')
    .orderBy('b.period_start')
    .orderBy('b.period_end')
    .orderBy('b.budget_category')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    costCentre: { costCentreId: r.cost_centre_id, code: r.code, name: { fr: r.name_fr, en: r.name_en } },
    budgetCategory: r.budget_category,
    period: { kind: r.period_kind, key: r.period_key, start: r.period_start, end: r.period_end },
    amount: { amount: r.amount, currency: r.currency },
    policy: r.policy,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function findBudgetLineView(db: Db, entityId: string, id: string) {
  const [line] = await listBudgetLines(db, entityId, { id });
  return line;
}

function toBudgetLine(r: {
  entity_id: string;
  cost_centre_id: string;
  budget_category: string;
  period_kind: BudgetPeriod['kind'];
  period_key: string;
  period_start: string;
  period_end: string;
  amount: string;
  currency: string;
  policy: BudgetPolicy;
}): BudgetLine {
  return {
    entityId: r.entity_id,
    costCentreId: r.cost_centre_id,
    budgetCategory: r.budget_category,
    period: { kind: r.period_kind, key: r.period_key, start: r.period_start, end: r.period_end },
    amount: money(r.amount, r.currency as CurrencyCode),
    policy: r.policy,
  };
}

/** Every budget line of the entity with its id (under {@link lockEntityBudget} for a write). */
export async function entityBudgetLines(
  trx: Trx,
  entityId: string,
): Promise<{ id: string; line: BudgetLine }[]> {
  const rows = await trx
    .selectFrom('purchasing.budget_line')
    .selectAll()
    .where('entity_id', '=', entityId)
    .execute();
  return rows.map((r) => ({ id: r.id, line: toBudgetLine(r) }));
}

/** One budget line of the entity, row-locked until the transaction ends; undefined if none. */
export async function lockBudgetLine(
  trx: Trx,
  entityId: string,
  id: string,
): Promise<{ id: string; line: BudgetLine } | undefined> {
  const row = await trx
    .selectFrom('purchasing.budget_line')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && { id: row.id, line: toBudgetLine(row) };
}

/** Inserts new budget lines, each with its 'entered' history row; answers their ids by key string. */
export async function insertBudgetLines(
  trx: Trx,
  lines: readonly BudgetLine[],
  actor: BudgetActor,
  budgetImportId: string | null,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const chunk of chunks(lines)) {
    const inserted = await trx
      .insertInto('purchasing.budget_line')
      .values(
        chunk.map((l) => ({
          entity_id: l.entityId,
          cost_centre_id: l.costCentreId,
          budget_category: l.budgetCategory,
          period_kind: l.period.kind,
          period_key: l.period.key,
          period_start: l.period.start,
          period_end: l.period.end,
          amount: l.amount.toDecimalString(2),
          currency: l.amount.currency,
          policy: l.policy,
          created_by: actor.userId,
        })),
      )
      .returning(['id', 'entity_id', 'cost_centre_id', 'budget_category', 'period_key', 'amount', 'policy'])
      .execute();
    await trx
      .insertInto('purchasing.budget_line_change')
      .values(
        inserted.map((r) => ({
          budget_line_id: r.id,
          kind: 'entered' as const,
          changed_by: actor.userId,
          changed_by_name: actor.name,
          budget_import_id: budgetImportId,
          amount_after: r.amount,
          policy_after: r.policy,
        })),
      )
      .execute();
    for (const r of inserted)
      ids.set(
        budgetLineKeyString({
          entityId: r.entity_id,
          costCentreId: r.cost_centre_id,
          budgetCategory: r.budget_category,
          periodKey: r.period_key,
        }),
        r.id,
      );
  }
  return ids;
}

/** Sets the amount and policy of existing lines, recording each change with its before and after. */
export async function changeBudgetLines(
  trx: Trx,
  changes: readonly { id: string; before: BudgetLine; after: BudgetLine }[],
  actor: BudgetActor,
  budgetImportId: string | null,
): Promise<void> {
  for (const chunk of chunks(changes)) {
    const values = sql.join(
      chunk.map(
        (c) => sql`(${c.id}::uuid, ${c.after.amount.toDecimalString(2)}::numeric, ${c.after.policy}::text)`,
      ),
    );
    await sql`
      update purchasing.budget_line as b
      set amount = v.amount, policy = v.policy, updated_at = now()
      from (values ${values}) as v(id, amount, policy)
      where b.id = v.id`.execute(trx);
    await trx
      .insertInto('purchasing.budget_line_change')
      .values(
        chunk.map((c) => ({
          budget_line_id: c.id,
          kind: 'changed' as const,
          changed_by: actor.userId,
          changed_by_name: actor.name,
          budget_import_id: budgetImportId,
          amount_before: c.before.amount.toDecimalString(2),
          amount_after: c.after.amount.toDecimalString(2),
          policy_before: c.before.policy,
          policy_after: c.after.policy,
        })),
      )
      .execute();
  }
}

export async function budgetLineHistory(db: Db, id: string): Promise<BudgetLineChangeView[]> {
  const rows = await db
    .selectFrom('purchasing.budget_line_change')
    .selectAll()
    .where('budget_line_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    changedBy: { userId: r.changed_by, name: r.changed_by_name },
    changedAt: r.changed_at.toISOString(),
    budgetImportId: r.budget_import_id,
    before:
      r.amount_before === null || r.policy_before === null
        ? null
        : { amount: r.amount_before, policy: r.policy_before },
    after: { amount: r.amount_after, policy: r.policy_after },
  }));
}

export async function recordBudgetImport(
  trx: Trx,
  record: {
    entityId: string;
    actor: BudgetActor;
    fileName: string;
    fileSha256: string;
    counts: { rows: number; new: number; changed: number; unchanged: number };
  },
): Promise<string> {
  const { id } = await trx
    .insertInto('purchasing.budget_import')
    .values({
      entity_id: record.entityId,
      imported_by: record.actor.userId,
      imported_by_name: record.actor.name,
      file_name: record.fileName,
      file_sha256: record.fileSha256,
      row_count: record.counts.rows,
      new_count: record.counts.new,
      changed_count: record.counts.changed,
      unchanged_count: record.counts.unchanged,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The entity's latest imports first, or the one import `id`. */
export async function listBudgetImports(
  db: Db,
  entityId: string,
  filter: { limit: number; id?: string },
): Promise<BudgetImportView[]> {
  let query = db.selectFrom('purchasing.budget_import').selectAll().where('entity_id', '=', entityId);
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query.orderBy('imported_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    importedBy: { userId: r.imported_by, name: r.imported_by_name },
    importedAt: r.imported_at.toISOString(),
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    counts: { rows: r.row_count, new: r.new_count, changed: r.changed_count, unchanged: r.unchanged_count },
  }));
}
