// The commitment ledger and budget lines, translated between their rows and the domain's values.
// Entries are only ever appended (a trigger refuses updates and deletes).
import type { PurchasingDatabase } from '@procura/db';
import {
  type BudgetLine,
  type BudgetLineKey,
  type BudgetPolicy,
  budgetLineKeyString,
  type CurrencyCode,
  type LedgerBucket,
  type LedgerDocumentKind,
  type LedgerEntry,
  type LedgerEvent,
  ledgerBuckets,
  type Money,
  money,
} from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Trx = Transaction<PurchasingDatabase>;
type Db = Kysely<PurchasingDatabase> | Trx;

/**
 * The entity's budget lines for these cost centres, with their ids. With `lock`, they stay locked
 * until the transaction ends: two requests racing for the last euros of a line take turns, and the
 * second sees the first; without, a plain read (views, the preview before submitting).
 */
export async function findBudgetLines(
  db: Db,
  entityId: string,
  costCentreIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<{ id: string; line: BudgetLine }[]> {
  if (costCentreIds.length === 0) return [];
  const query = db
    .selectFrom('purchasing.budget_line')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('cost_centre_id', 'in', [...costCentreIds])
    .orderBy('id');
  const rows = await (options.lock ? query.forUpdate() : query).execute();
  return rows.map((r) => ({ id: r.id, line: toBudgetLine(r) }));
}

function toBudgetLine(r: {
  entity_id: string;
  cost_centre_id: string;
  budget_category: string;
  period_kind: BudgetLine['period']['kind'];
  period_key: string;
  period_start: string;
  period_end: string;
  amount: string;
  currency: string;
  policy: string;
}): BudgetLine {
  return {
    entityId: r.entity_id,
    costCentreId: r.cost_centre_id,
    budgetCategory: r.budget_category,
    period: { kind: r.period_kind, key: r.period_key, start: r.period_start, end: r.period_end },
    amount: money(r.amount, r.currency as CurrencyCode),
    policy: r.policy as BudgetPolicy,
  };
}

/** Every entry charged to these budget line keys. */
export async function ledgerEntriesFor(trx: Db, keys: readonly BudgetLineKey[]): Promise<LedgerEntry[]> {
  if (keys.length === 0) return [];
  const rows = await trx
    .selectFrom('purchasing.commitment_entry')
    .selectAll()
    .where(
      sql<boolean>`(entity_id, cost_centre_id, budget_category, period_key) in (${sql.join(
        keys.map(
          (k) => sql`(${k.entityId}::uuid, ${k.costCentreId}::uuid, ${k.budgetCategory}, ${k.periodKey})`,
        ),
      )})`,
    )
    .orderBy('id')
    .execute();
  return rows.map(toEntry);
}

/** Every entry whose open amounts sit on this document (a request's lines, an order's lines). */
export async function ledgerEntriesOfCommitment(trx: Trx, commitmentId: string): Promise<LedgerEntry[]> {
  const rows = await trx
    .selectFrom('purchasing.commitment_entry')
    .selectAll()
    .where('commitment_id', '=', commitmentId)
    .orderBy('id')
    .execute();
  return rows.map(toEntry);
}

function toEntry(r: {
  event: string;
  document_kind: LedgerDocumentKind;
  document_id: string;
  document_line_id: string | null;
  commitment_kind: LedgerDocumentKind;
  commitment_id: string;
  commitment_line_id: string | null;
  entity_id: string;
  cost_centre_id: string;
  budget_category: string;
  period_key: string;
  occurred_on: string;
  currency: string;
  requested: string;
  committed: string;
  received: string;
  invoiced: string;
  paid: string;
}): LedgerEntry {
  const deltas: Partial<Record<LedgerBucket, Money>> = {};
  for (const bucket of ledgerBuckets)
    if (Number(r[bucket]) !== 0) deltas[bucket] = money(r[bucket], r.currency as CurrencyCode);
  return {
    event: r.event as LedgerEvent,
    document: {
      kind: r.document_kind,
      id: r.document_id,
      ...(r.document_line_id ? { lineId: r.document_line_id } : {}),
    },
    commitmentLine: {
      kind: r.commitment_kind,
      id: r.commitment_id,
      ...(r.commitment_line_id ? { lineId: r.commitment_line_id } : {}),
    },
    budgetLine: {
      entityId: r.entity_id,
      costCentreId: r.cost_centre_id,
      budgetCategory: r.budget_category,
      periodKey: r.period_key,
    },
    occurredOn: r.occurred_on,
    deltas,
  };
}

/** Appends entries, each tied to its budget line when one exists for its key. */
export async function appendLedgerEntries(
  trx: Trx,
  entries: readonly LedgerEntry[],
  budgetLineIds: ReadonlyMap<string, string>,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('purchasing.commitment_entry')
    .values(
      entries.map((e) => {
        const currency = Object.values(e.deltas).find((m) => m !== undefined)?.currency ?? 'EUR';
        const amount = (bucket: LedgerBucket) => e.deltas[bucket]?.toDecimalString(2) ?? '0';
        return {
          budget_line_id: budgetLineIds.get(budgetLineKeyString(e.budgetLine)) ?? null,
          entity_id: e.budgetLine.entityId,
          cost_centre_id: e.budgetLine.costCentreId,
          budget_category: e.budgetLine.budgetCategory,
          period_key: e.budgetLine.periodKey,
          event: e.event,
          document_kind: e.document.kind,
          document_id: e.document.id,
          document_line_id: e.document.lineId ?? null,
          commitment_kind: e.commitmentLine.kind,
          commitment_id: e.commitmentLine.id,
          commitment_line_id: e.commitmentLine.lineId ?? null,
          requested: amount('requested'),
          committed: amount('committed'),
          received: amount('received'),
          invoiced: amount('invoiced'),
          paid: amount('paid'),
          currency,
          occurred_on: e.occurredOn,
        };
      }),
    )
    .execute();
}

/** The ids of the entity's budget lines by key: what ledger entries are linked to when appended. */
export async function budgetLineIdsOf(trx: Trx, entityId: string): Promise<Map<string, string>> {
  const lines = await trx
    .selectFrom('purchasing.budget_line')
    .select(['id', 'entity_id', 'cost_centre_id', 'budget_category', 'period_key'])
    .where('entity_id', '=', entityId)
    .execute();
  return new Map(
    lines.map((b) => [
      budgetLineKeyString({
        entityId: b.entity_id,
        costCentreId: b.cost_centre_id,
        budgetCategory: b.budget_category,
        periodKey: b.period_key,
      }),
      b.id,
    ]),
  );
}
