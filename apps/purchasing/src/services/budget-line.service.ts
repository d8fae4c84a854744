// Budget lines entered by hand, changed, or imported from a file. Each use case runs in the caller's
// transaction under the entity's budget lock: validate → load → decide (domain) → persist.
import { createHash } from 'node:crypto';
import type { PurchasingDatabase } from '@procura/db';
import {
  type BudgetLine,
  type BudgetPolicy,
  budgetLineConflicts,
  createBudgetLine,
  DomainError,
  type Money,
  parseBudgetPeriod,
  parseBudgetRows,
} from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  type BudgetActor,
  type BudgetImportView,
  changeBudgetLines,
  entityBudgetLines,
  insertBudgetLines,
  listBudgetImports,
  lockBudgetLine,
  lockEntityBudget,
  recordBudgetImport,
} from '../repositories/budget-line.repository.js';
import { readBudgetCsv } from './budget-file.js';

type Trx = Transaction<PurchasingDatabase>;

const actorOf = (caller: TIdentity): BudgetActor => ({ userId: caller.userId, name: caller.displayName });

/** PostgreSQL's exclusion_violation (23P01) raised by the budget lines' no-overlap constraint. */
function isOverlapViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23P01' &&
    'constraint' in error &&
    error.constraint === 'budget_line_no_overlap'
  );
}

function lineExists(period: string, reason: string): DomainError {
  return new DomainError('budget_line_exists', `A budget line already covers ${period}: ${reason}.`, [
    { field: 'body.period', reason },
  ]);
}

async function costCentreCodes(trx: Trx, entityId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('purchasing.directory_cost_centre')
    .select(['cost_centre_id', 'code'])
    .where('entity_id', '=', entityId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.cost_centre_id]));
}

export interface BudgetLineEntry {
  costCentreId: string;
  budgetCategory: string;
  period: string;
  amount: Money;
  policy: BudgetPolicy;
}

/**
 * Enters a budget line for the caller's entity. A line with the same key, or whose period shares
 * days with another of the same cost centre and category, is refused (`budget_line_exists`, 409).
 */
export async function enterBudgetLine(trx: Trx, caller: TIdentity, entry: BudgetLineEntry): Promise<string> {
  const costCentres = await costCentreCodes(trx, caller.entityId);
  if (![...costCentres.values()].includes(entry.costCentreId))
    throw new DomainError(
      'validation_failed',
      `Cost centre ${entry.costCentreId} is not one of your entity.`,
      [{ field: 'body.costCentreId', reason: 'is not a cost centre of your entity' }],
    );
  const line = createBudgetLine({
    entityId: caller.entityId,
    costCentreId: entry.costCentreId,
    budgetCategory: entry.budgetCategory,
    period: parseBudgetPeriod(entry.period),
    amount: entry.amount,
    policy: entry.policy,
  });
  await lockEntityBudget(trx, caller.entityId);
  const existing = (await entityBudgetLines(trx, caller.entityId)).map((e) => e.line);
  const [conflict] = budgetLineConflicts([...existing, line]).filter((c) => c.second === existing.length);
  if (conflict) {
    const other = existing[conflict.first] as BudgetLine;
    throw lineExists(
      line.period.key,
      conflict.kind === 'duplicate'
        ? 'this cost centre, category and period already have a budget line: change it instead'
        : `it shares days with the budget line ${other.period.key} of this cost centre and category`,
    );
  }
  try {
    const ids = await insertBudgetLines(trx, [line], actorOf(caller), null);
    return [...ids.values()][0] as string;
  } catch (error) {
    if (isOverlapViolation(error))
      throw lineExists(line.period.key, 'another budget line was entered for it at the same moment');
    throw error;
  }
}

/**
 * Changes the amount and/or the policy of one of the entity's budget lines, recording who changed
 * what; the currency never changes. Answers false when the line is not the entity's.
 */
export async function changeBudgetLine(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: { amount?: Money | undefined; policy?: BudgetPolicy | undefined },
): Promise<boolean> {
  await lockEntityBudget(trx, caller.entityId);
  const current = await lockBudgetLine(trx, caller.entityId, id);
  if (!current) return false;
  const { line } = current;
  if (change.amount && change.amount.currency !== line.amount.currency)
    throw new DomainError(
      'currency_mismatch',
      `The budget line is in ${line.amount.currency}: its amount cannot be given in ${change.amount.currency}.`,
      [
        {
          field: 'body.amount.currency',
          reason: `must be ${line.amount.currency}, the budget line's currency`,
        },
      ],
    );
  const after = createBudgetLine({
    ...line,
    amount: change.amount ?? line.amount,
    policy: change.policy ?? line.policy,
  });
  if (!after.amount.equals(line.amount) || after.policy !== line.policy)
    await changeBudgetLines(trx, [{ id, before: line, after }], actorOf(caller), null);
  return true;
}

export interface BudgetFileUpload {
  fileName: string;
  contentType: string | undefined;
  bytes: Buffer;
}

/**
 * Imports a budget file into the caller's entity, all or nothing: every row valid (cost centres
 * known by code, no key twice, no period overlapping another line of the same cost centre and
 * category), or `budget_import_invalid` listing every problem by row and column, and nothing
 * written. A row with an existing key changes that line's amount and policy (recorded as a change).
 */
export async function importBudgetFile(
  trx: Trx,
  caller: TIdentity,
  upload: BudgetFileUpload,
): Promise<BudgetImportView> {
  const rows = readBudgetCsv(upload.bytes, upload.contentType);
  const costCentres = await costCentreCodes(trx, caller.entityId);
  await lockEntityBudget(trx, caller.entityId);
  const existing = await entityBudgetLines(trx, caller.entityId);
  const result = parseBudgetRows(rows, {
    entityId: caller.entityId,
    costCentres: new Map([[caller.entityId, costCentres]]),
    existingLines: existing.map((e) => e.line),
  });
  if (!result.ok)
    throw new DomainError(
      'budget_import_invalid',
      `The budget file has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing was imported.`,
      { problems: result.problems, total: result.problems.length },
    );
  const idOf = new Map(existing.map((e) => [e.line, e.id]));
  const created = result.changes.filter((c) => c.kind === 'new').map((c) => c.line);
  const changed = result.changes.flatMap((c) =>
    c.kind === 'changed' && c.before
      ? [{ id: idOf.get(c.before) as string, before: c.before, after: c.line }]
      : [],
  );
  const actor = actorOf(caller);
  const importId = await recordBudgetImport(trx, {
    entityId: caller.entityId,
    actor,
    fileName: upload.fileName,
    fileSha256: createHash('sha256').update(upload.bytes).digest('hex'),
    counts: {
      rows: result.changes.length,
      new: created.length,
      changed: changed.length,
      unchanged: result.changes.length - created.length - changed.length,
    },
  });
  await insertBudgetLines(trx, created, actor, importId);
  await changeBudgetLines(trx, changed, actor, importId);
  const [view] = await listBudgetImports(trx, caller.entityId, { limit: 1, id: importId });
  return view as BudgetImportView;
}
