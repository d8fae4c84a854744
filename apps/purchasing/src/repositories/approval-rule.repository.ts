// Approval rules as administrators edit them, and the append-only history of their changes. The
// rules are stored in the domain's own shapes (conditions, approvers) so the approval service
// reads them as they are.
import type { ApprovalRuleChangeAction, PurchasingDatabase } from '@procura/db';
import type { ApprovalConditions, ApprovalRuleKind, ApprovalStepMode, ApproverSpec } from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;

/** One rule as the API shows it. `global`: it applies to every entity and is read-only here. */
export interface ApprovalRuleView {
  id: string;
  entityId: string | null;
  global: boolean;
  name: string;
  position: number;
  kind: ApprovalRuleKind;
  active: boolean;
  conditions: ApprovalConditions;
  step: { approvers: ApproverSpec; mode: ApprovalStepMode; label: string | null };
  version: number;
  updatedBy: { userId: string; displayName: string | null };
  updatedAt: string;
  /** A request's approval step came from it: it may be deactivated, not deleted. */
  usedByRequests: boolean;
}

/** What an administrator sets on a rule; the position is the API's to give. */
export interface ApprovalRuleContent {
  name: string;
  kind: ApprovalRuleKind;
  active: boolean;
  conditions: ApprovalConditions;
  step: { approvers: ApproverSpec; mode: ApprovalStepMode; label: string | null };
}

export interface ApprovalRuleChangeView {
  id: string;
  ruleId: string;
  action: ApprovalRuleChangeAction;
  actor: { userId: string; name: string };
  before: ApprovalRuleView | null;
  after: ApprovalRuleView | null;
  changedAt: string;
}

function rulesQuery(db: Db) {
  return db
    .selectFrom('purchasing.approval_rule as r')
    .leftJoin('purchasing.directory_user as u', 'u.user_id', 'r.updated_by')
    .select([
      'r.id',
      'r.entity_id',
      'r.name',
      'r.position',
      'r.kind',
      'r.active',
      'r.conditions',
      'r.approvers',
      'r.mode',
      'r.label',
      'r.version',
      'r.updated_by',
      'r.updated_at',
      'u.display_name as updated_by_name',
    ])
    .select((eb) =>
      eb
        .exists(
          eb.selectFrom('purchasing.approval_step as s').select('s.id').whereRef('s.rule_id', '=', 'r.id'),
        )
        .as('used'),
    );
}

type RuleRow = Awaited<ReturnType<ReturnType<typeof rulesQuery>['executeTakeFirstOrThrow']>>;

function viewOf(row: RuleRow): ApprovalRuleView {
  return {
    id: row.id,
    entityId: row.entity_id,
    global: row.entity_id === null,
    name: row.name,
    position: row.position,
    kind: row.kind,
    active: row.active,
    conditions: row.conditions as ApprovalConditions,
    step: { approvers: row.approvers as unknown as ApproverSpec, mode: row.mode, label: row.label },
    version: row.version,
    updatedBy: { userId: row.updated_by, displayName: row.updated_by_name },
    updatedAt: row.updated_at.toISOString(),
    usedByRequests: Boolean(row.used),
  };
}

/** The rules an entity's requests are planned with (its own and the global ones), in evaluation order. */
export async function approvalRulesOf(db: Db, entityId: string): Promise<ApprovalRuleView[]> {
  const rows = await rulesQuery(db)
    .where((eb) => eb.or([eb('r.entity_id', '=', entityId), eb('r.entity_id', 'is', null)]))
    .orderBy('r.position')
    .orderBy('r.id')
    .execute();
  return rows.map(viewOf);
}

export async function findApprovalRule(db: Db, id: string): Promise<ApprovalRuleView | undefined> {
  const row = await rulesQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row && viewOf(row);
}

/**
 * Serialises every change to an entity's rules until the transaction ends: positions handed out,
 * orders checked against the whole set, versions compared, all against what is committed.
 */
export async function lockApprovalRulesOf(trx: Transaction<PurchasingDatabase>, entityId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`procura.purchasing.approval-rules.${entityId}`}))`.execute(
    trx,
  );
}

/** Locks one rule's row (a submission using it waits, and is waited for). */
export async function lockApprovalRule(trx: Transaction<PurchasingDatabase>, id: string) {
  return trx
    .selectFrom('purchasing.approval_rule')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

const columnsOf = (content: ApprovalRuleContent) => ({
  name: content.name,
  kind: content.kind,
  active: content.active,
  conditions: JSON.stringify(content.conditions),
  approvers: JSON.stringify(content.step.approvers),
  mode: content.step.mode,
  label: content.step.label,
});

export async function insertApprovalRule(
  trx: Transaction<PurchasingDatabase>,
  rule: { entityId: string; position: number; content: ApprovalRuleContent; updatedBy: string; now: Date },
): Promise<string> {
  const { id } = await trx
    .insertInto('purchasing.approval_rule')
    .values({
      ...columnsOf(rule.content),
      entity_id: rule.entityId,
      position: rule.position,
      updated_by: rule.updatedBy,
      updated_at: rule.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a rule and moves it to its next version. */
export async function updateApprovalRule(
  trx: Transaction<PurchasingDatabase>,
  id: string,
  change: {
    content?: ApprovalRuleContent;
    active?: boolean;
    position?: number;
    updatedBy: string;
    now: Date;
  },
): Promise<void> {
  await trx
    .updateTable('purchasing.approval_rule')
    .set((eb) => ({
      ...(change.content ? columnsOf(change.content) : {}),
      ...(change.active === undefined ? {} : { active: change.active }),
      ...(change.position === undefined ? {} : { position: change.position }),
      updated_by: change.updatedBy,
      updated_at: change.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function deleteApprovalRule(trx: Transaction<PurchasingDatabase>, id: string): Promise<void> {
  await trx.deleteFrom('purchasing.approval_rule').where('id', '=', id).execute();
}

export async function recordApprovalRuleChange(
  trx: Transaction<PurchasingDatabase>,
  change: {
    ruleId: string;
    entityId: string | null;
    action: ApprovalRuleChangeAction;
    actor: { userId: string; name: string };
    before: ApprovalRuleView | null;
    after: ApprovalRuleView | null;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('purchasing.approval_rule_change')
    .values({
      rule_id: change.ruleId,
      entity_id: change.entityId,
      action: change.action,
      actor_user_id: change.actor.userId,
      actor_name: change.actor.name,
      before: change.before && JSON.stringify(change.before),
      after: change.after && JSON.stringify(change.after),
      changed_at: change.now,
    })
    .execute();
}

/** The changes to an entity's rules (or to one of them), newest first. */
export async function approvalRuleChangesOf(
  db: Db,
  entityId: string,
  filter: { ruleId?: string | undefined; limit: number },
): Promise<ApprovalRuleChangeView[]> {
  let query = db
    .selectFrom('purchasing.approval_rule_change')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.ruleId) query = query.where('rule_id', '=', filter.ruleId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    ruleId: row.rule_id,
    action: row.action,
    actor: { userId: row.actor_user_id, name: row.actor_name },
    before: row.before as ApprovalRuleView | null,
    after: row.after as ApprovalRuleView | null,
    changedAt: row.changed_at.toISOString(),
  }));
}

/** Of `userIds`, those that are not active people of the entity's directory. */
export async function usersNotInDirectory(
  db: Db,
  entityId: string,
  userIds: readonly string[],
): Promise<Map<string, 'unknown' | 'inactive'>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('purchasing.directory_user')
    .select(['user_id', 'active'])
    .where('entity_id', '=', entityId)
    .where('user_id', 'in', [...userIds])
    .execute();
  const known = new Map(rows.map((r) => [r.user_id, r.active]));
  return new Map(
    userIds.flatMap((id) => {
      const active = known.get(id);
      return active === true ? [] : [[id, active === undefined ? 'unknown' : 'inactive'] as const];
    }),
  );
}

/** Of `costCentreIds`, those that are not cost centres of the entity. */
export async function costCentresNotInDirectory(
  db: Db,
  entityId: string,
  costCentreIds: readonly string[],
): Promise<Set<string>> {
  if (costCentreIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('purchasing.directory_cost_centre')
    .select('cost_centre_id')
    .where('entity_id', '=', entityId)
    .where('cost_centre_id', 'in', [...costCentreIds])
    .execute();
  const known = new Set(rows.map((r) => r.cost_centre_id));
  return new Set(costCentreIds.filter((id) => !known.has(id)));
}

/** The people and cost centres of an entity that a rule may name. */
export async function approvalRuleChoices(db: Db, entityId: string) {
  const [users, costCentres] = await Promise.all([
    db
      .selectFrom('purchasing.directory_user')
      .select(['user_id', 'display_name', 'email', 'roles', 'active'])
      .where('entity_id', '=', entityId)
      .orderBy('display_name')
      .execute(),
    db
      .selectFrom('purchasing.directory_cost_centre')
      .select(['cost_centre_id', 'code', 'name_fr', 'name_en'])
      .where('entity_id', '=', entityId)
      .orderBy('code')
      .execute(),
  ]);
  return {
    users: users.map((u) => ({
      userId: u.user_id,
      displayName: u.display_name,
      email: u.email,
      roles: u.roles,
      active: u.active,
    })),
    costCentres: costCentres.map((c) => ({
      costCentreId: c.cost_centre_id,
      code: c.code,
      name: { fr: c.name_fr, en: c.name_en },
    })),
  };
}
