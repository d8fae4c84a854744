// Matching tolerances of each entity (invoicing.tolerance_rule) and their append-only history
// (invoicing.tolerance_rule_change), as the domain's ToleranceRule and as the API shows them.
import type { InvoicingDatabase, InvoicingToleranceRuleTable, ToleranceRuleChangeAction } from '@procura/db';
import type { CurrencyCode, ToleranceRule } from '@procura/domain';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';

type Db = Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>;
type Trx = Transaction<InvoicingDatabase>;
type RuleRow = Selectable<InvoicingToleranceRuleTable>;

/** What a rule says: its scope within the entity, its measure and its limit. */
export interface ToleranceRuleContent {
  readonly supplierId: string | null;
  readonly categoryCode: string | null;
  readonly measure: 'price' | 'quantity';
  readonly absolute: string;
  readonly percent: string;
  readonly join: 'and' | 'or';
  readonly currency: string | null;
}

export interface ToleranceRuleView extends ToleranceRuleContent {
  readonly id: string;
  readonly entityId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly retiredAt: string | null;
  readonly retiredBy: string | null;
}

/** Decimals without the column's trailing zeros ("0.2000" → "0.2"), as the domain writes them. */
const rules = (db: Db) =>
  db
    .selectFrom('invoicing.tolerance_rule')
    .selectAll()
    .select([
      sql<string>`trim_scale(absolute)::text`.as('absolute_text'),
      sql<string>`trim_scale(percent)::text`.as('percent_text'),
    ]);

function viewOf(row: RuleRow & { absolute_text: string; percent_text: string }): ToleranceRuleView {
  return {
    id: row.id,
    entityId: row.entity_id,
    supplierId: row.supplier_id,
    categoryCode: row.category_code,
    measure: row.measure,
    absolute: row.absolute_text,
    percent: row.percent_text,
    join: row.join_operator,
    currency: row.currency,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    retiredAt: row.retired_at?.toISOString() ?? null,
    retiredBy: row.retired_by,
  };
}

/** The domain's view of a rule. */
export const toleranceRuleOf = (view: ToleranceRuleView): ToleranceRule => ({
  id: view.id,
  measure: view.measure,
  entityId: view.entityId,
  supplierId: view.supplierId,
  categoryId: view.categoryCode,
  absolute: view.absolute,
  percent: view.percent,
  join: view.join,
  currency: view.currency as CurrencyCode | null,
});

export async function toleranceRulesOf(
  db: Db,
  entityId: string,
  options: { includeRetired?: boolean } = {},
): Promise<ToleranceRuleView[]> {
  let select = rules(db).where('entity_id', '=', entityId);
  if (!options.includeRetired) select = select.where('retired_at', 'is', null);
  const rows = await select.orderBy('measure').orderBy('created_at').orderBy('id').execute();
  return rows.map(viewOf);
}

/** The live rules of these entities, as the domain selects among them. */
export async function liveToleranceRules(db: Db, entityIds: readonly string[]): Promise<ToleranceRule[]> {
  if (entityIds.length === 0) return [];
  const rows = await rules(db)
    .where('entity_id', 'in', [...entityIds])
    .where('retired_at', 'is', null)
    .execute();
  return rows.map((row) => toleranceRuleOf(viewOf(row)));
}

/** The entity's rule `id`, locked until the transaction ends; undefined for another entity's. */
export async function lockToleranceRule(
  trx: Trx,
  entityId: string,
  id: string,
): Promise<ToleranceRuleView | undefined> {
  const row = await rules(trx)
    .where('id', '=', id)
    .where('entity_id', '=', entityId)
    .forUpdate()
    .executeTakeFirst();
  return row && viewOf(row);
}

/** The live rule with the same measure, scope and currency, if any. */
export async function findRuleOfSameScope(
  db: Db,
  entityId: string,
  content: ToleranceRuleContent,
  exceptId?: string,
): Promise<string | undefined> {
  let select = db
    .selectFrom('invoicing.tolerance_rule')
    .select('id')
    .where('entity_id', '=', entityId)
    .where('measure', '=', content.measure)
    .where('retired_at', 'is', null)
    .where(sql<boolean>`supplier_id is not distinct from ${content.supplierId}::uuid`)
    .where(sql<boolean>`category_code is not distinct from ${content.categoryCode}::text`)
    .where(sql<boolean>`currency is not distinct from ${content.currency}::char(3)`);
  if (exceptId) select = select.where('id', '<>', exceptId);
  return (await select.executeTakeFirst())?.id;
}

/**
 * One change to an entity's tolerances at a time, and none while an invoice of that entity is being
 * matched at intake (which holds the lock shared): a rule change and its re-match never miss an
 * invoice being received.
 */
export async function lockEntityTolerances(
  trx: Trx,
  entityId: string,
  mode: 'change' | 'read',
): Promise<void> {
  const key = sql`hashtextextended(${`procura.tolerance-rules:${entityId}`}, 0)`;
  if (mode === 'change') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
  else await sql`select pg_advisory_xact_lock_shared(${key})`.execute(trx);
}

export async function insertToleranceRule(
  trx: Trx,
  rule: { entityId: string; content: ToleranceRuleContent; by: string; now: Date },
): Promise<ToleranceRuleView> {
  const { content } = rule;
  const { id } = await trx
    .insertInto('invoicing.tolerance_rule')
    .values({
      entity_id: rule.entityId,
      supplier_id: content.supplierId,
      category_code: content.categoryCode,
      measure: content.measure,
      absolute: content.absolute,
      percent: content.percent,
      join_operator: content.join,
      currency: content.currency,
      created_at: rule.now,
      created_by: rule.by,
      updated_at: rule.now,
      updated_by: rule.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return reread(trx, id);
}

export async function updateToleranceRuleLimit(
  trx: Trx,
  id: string,
  change: { absolute: string; percent: string; join: 'and' | 'or'; by: string; now: Date },
): Promise<ToleranceRuleView> {
  await trx
    .updateTable('invoicing.tolerance_rule')
    .set((eb) => ({
      absolute: change.absolute,
      percent: change.percent,
      join_operator: change.join,
      version: eb('version', '+', 1),
      updated_at: change.now,
      updated_by: change.by,
    }))
    .where('id', '=', id)
    .execute();
  return reread(trx, id);
}

export async function retireToleranceRule(
  trx: Trx,
  id: string,
  by: { userId: string; now: Date },
): Promise<ToleranceRuleView> {
  await trx
    .updateTable('invoicing.tolerance_rule')
    .set((eb) => ({
      version: eb('version', '+', 1),
      retired_at: by.now,
      retired_by: by.userId,
      updated_at: by.now,
      updated_by: by.userId,
    }))
    .where('id', '=', id)
    .execute();
  return reread(trx, id);
}

async function reread(trx: Trx, id: string): Promise<ToleranceRuleView> {
  const row = await rules(trx).where('id', '=', id).executeTakeFirstOrThrow();
  return viewOf(row);
}

export async function recordToleranceRuleChange(
  trx: Trx,
  change: {
    action: ToleranceRuleChangeAction;
    actor: { userId: string; name: string };
    before: ToleranceRuleView | null;
    after: ToleranceRuleView;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('invoicing.tolerance_rule_change')
    .values({
      rule_id: change.after.id,
      entity_id: change.after.entityId,
      action: change.action,
      version: change.after.version,
      actor_user_id: change.actor.userId,
      actor_name: change.actor.name,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: JSON.stringify(change.after),
      changed_at: change.now,
    })
    .execute();
}

export async function toleranceRuleChangesOf(
  db: Db,
  entityId: string,
  query: { ruleId?: string | undefined; limit: number },
) {
  let select = db.selectFrom('invoicing.tolerance_rule_change').selectAll().where('entity_id', '=', entityId);
  if (query.ruleId) select = select.where('rule_id', '=', query.ruleId);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    ruleId: row.rule_id,
    action: row.action,
    version: row.version,
    actor: { userId: row.actor_user_id, name: row.actor_name },
    before: row.before,
    after: row.after,
    changedAt: row.changed_at.toISOString(),
  }));
}

/** Whether invoicing knows this supplier (from catalog's events). */
export async function isKnownSupplier(db: Db, supplierId: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoicing.supplier')
    .select('supplier_id')
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return row !== undefined;
}
