// An entity's administrator edits its approval rules: each change is checked by the domain, made
// under the entity's rules lock against the version the administrator read, and recorded in the
// append-only history. Requests already in approval keep the plan stored when they were submitted.
import type { ApprovalRuleChangeAction, PurchasingDatabase } from '@procura/db';
import {
  type ApprovalRule,
  arrangeApprovalRules,
  checkApprovalRule,
  DomainError,
  type FieldIssue,
  isDomainError,
  nextApprovalRulePosition,
} from '@procura/domain';
import { roles, type TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  type ApprovalRuleContent,
  type ApprovalRuleView,
  approvalRulesOf,
  costCentresNotInDirectory,
  deleteApprovalRule,
  findApprovalRule,
  insertApprovalRule,
  lockApprovalRule,
  lockApprovalRulesOf,
  recordApprovalRuleChange,
  updateApprovalRule,
  usersNotInDirectory,
} from '../repositories/approval-rule.repository.js';

type Trx = Transaction<PurchasingDatabase>;

/** The fields of a problem answer name the request body's fields, as the edge's own checks do. */
const inBody = (issues: readonly FieldIssue[]) => issues.map((i) => ({ ...i, field: `body.${i.field}` }));

/**
 * Checks a rule as the domain does, and that every person and cost centre it names belongs to the
 * caller's entity (approvers must also be active). Reports every problem at once.
 */
async function checkRuleContent(
  trx: Trx,
  entityId: string,
  content: ApprovalRuleContent,
  draft: { id: string; position: number },
): Promise<void> {
  const rule: ApprovalRule = {
    id: draft.id,
    order: draft.position,
    name: content.name,
    kind: content.kind,
    active: content.active,
    conditions: content.conditions,
    step: {
      approvers: content.step.approvers,
      mode: content.step.mode,
      ...(content.step.label === null ? {} : { label: content.step.label }),
    },
  };
  const issues: FieldIssue[] = [];
  try {
    checkApprovalRule(rule, roles);
  } catch (error) {
    if (!isDomainError(error, 'validation_failed') || !Array.isArray(error.details)) throw error;
    issues.push(...(error.details as FieldIssue[]));
  }
  const approvers = content.step.approvers.kind === 'users' ? content.step.approvers.userIds : [];
  const requesters = content.conditions.requesterIds ?? [];
  const costCentres = content.conditions.costCentreIds ?? [];
  const people = await usersNotInDirectory(trx, entityId, [...new Set([...approvers, ...requesters])]);
  approvers.forEach((id, index) => {
    const problem = people.get(id);
    if (problem)
      issues.push({
        field: `step.approvers.userIds[${index}]`,
        reason:
          problem === 'unknown'
            ? `${id} is not a person of your entity's directory`
            : `${id} is no longer active and cannot approve`,
      });
  });
  requesters.forEach((id, index) => {
    if (people.get(id) === 'unknown')
      issues.push({
        field: `conditions.requesterIds[${index}]`,
        reason: `${id} is not a person of your entity's directory`,
      });
  });
  const unknownCostCentres = await costCentresNotInDirectory(trx, entityId, costCentres);
  costCentres.forEach((id, index) => {
    if (unknownCostCentres.has(id))
      issues.push({
        field: `conditions.costCentreIds[${index}]`,
        reason: `${id} is not a cost centre of your entity`,
      });
  });
  if (issues.length > 0)
    throw new DomainError('validation_failed', 'The approval rule is not valid.', inBody(issues));
}

/**
 * The caller's entity's rule `id`, locked, at the version the caller read: a rule of another entity
 * is not found, a global rule is read-only, and a stale version changes nothing.
 */
async function ruleToChange(trx: Trx, caller: TIdentity, id: string, version: number) {
  await lockApprovalRulesOf(trx, caller.entityId);
  await lockApprovalRule(trx, id);
  const rule = await findApprovalRule(trx, id);
  if (!rule || (rule.entityId !== null && rule.entityId !== caller.entityId))
    throw new DomainError('not_found', `Approval rule ${id} does not exist.`);
  if (rule.global)
    throw new DomainError(
      'forbidden',
      `Approval rule "${rule.name}" applies to every entity: it is read-only here.`,
    );
  if (rule.version !== version)
    throw new DomainError(
      'conflict',
      `Approval rule "${rule.name}" was changed by someone else meanwhile: reload it and make your change again.`,
      [{ field: 'body.version', reason: `is ${version}, the rule is at version ${rule.version}` }],
    );
  return rule;
}

async function record(
  trx: Trx,
  caller: TIdentity,
  action: ApprovalRuleChangeAction,
  before: ApprovalRuleView | null,
  after: ApprovalRuleView | null,
  now: Date,
) {
  const rule = (after ?? before) as ApprovalRuleView;
  await recordApprovalRuleChange(trx, {
    ruleId: rule.id,
    entityId: rule.entityId,
    action,
    actor: { userId: caller.userId, name: caller.displayName },
    before,
    after,
    now,
  });
}

async function reread(trx: Trx, id: string): Promise<ApprovalRuleView> {
  const rule = await findApprovalRule(trx, id);
  if (!rule) throw new Error(`approval rule ${id} vanished inside its transaction`);
  return rule;
}

/** A new rule of the caller's entity, evaluated after every rule there is. */
export async function createApprovalRule(
  trx: Trx,
  caller: TIdentity,
  content: ApprovalRuleContent,
  now: Date,
): Promise<ApprovalRuleView> {
  await lockApprovalRulesOf(trx, caller.entityId);
  const position = nextApprovalRulePosition(await approvalRulesOf(trx, caller.entityId));
  await checkRuleContent(trx, caller.entityId, content, { id: 'new', position });
  const id = await insertApprovalRule(trx, {
    entityId: caller.entityId,
    position,
    content,
    updatedBy: caller.userId,
    now,
  });
  const created = await reread(trx, id);
  await record(trx, caller, 'created', null, created, now);
  return created;
}

/** Replaces what a rule says (name, kind, active, conditions, step), at the version read. */
export async function changeApprovalRule(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: { version: number; content: ApprovalRuleContent },
  now: Date,
): Promise<ApprovalRuleView> {
  const before = await ruleToChange(trx, caller, id, change.version);
  await checkRuleContent(trx, caller.entityId, change.content, { id, position: before.position });
  await updateApprovalRule(trx, id, { content: change.content, updatedBy: caller.userId, now });
  const after = await reread(trx, id);
  await record(trx, caller, 'updated', before, after, now);
  return after;
}

/** Activates or deactivates a rule; deactivating is how a rule used by requests is retired. */
export async function setApprovalRuleActive(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: { version: number; active: boolean },
  now: Date,
): Promise<ApprovalRuleView> {
  const before = await ruleToChange(trx, caller, id, change.version);
  if (before.active === change.active)
    throw new DomainError(
      'invalid_state_transition',
      `Approval rule "${before.name}" is already ${change.active ? 'active' : 'inactive'}.`,
    );
  await updateApprovalRule(trx, id, { active: change.active, updatedBy: caller.userId, now });
  const after = await reread(trx, id);
  await record(trx, caller, change.active ? 'activated' : 'deactivated', before, after, now);
  return after;
}

/**
 * Deletes a rule no request ever used. The rule's row lock waits for any submission using it (the
 * approval step's key holds it), so a step made meanwhile is seen and the deletion refused.
 */
export async function removeApprovalRule(
  trx: Trx,
  caller: TIdentity,
  id: string,
  version: number,
  now: Date,
): Promise<void> {
  const before = await ruleToChange(trx, caller, id, version);
  if (before.usedByRequests)
    throw new DomainError(
      'conflict',
      `Approval rule "${before.name}" has been used by requests: deactivate it instead of deleting it.`,
      [{ field: 'id', reason: 'is used by at least one request' }],
    );
  await deleteApprovalRule(trx, id);
  await record(trx, caller, 'deleted', before, null, now);
}

/**
 * Puts the caller's entity's rules in the order given (every rule the entity sees, global ones
 * included and kept in place), each at the version read. Rules whose position changes move to
 * their next version.
 */
export async function reorderApprovalRules(
  trx: Trx,
  caller: TIdentity,
  wanted: readonly { id: string; version: number }[],
  now: Date,
): Promise<ApprovalRuleView[]> {
  await lockApprovalRulesOf(trx, caller.entityId);
  const current = await approvalRulesOf(trx, caller.entityId);
  let changes: Map<string, number>;
  try {
    changes = arrangeApprovalRules(
      current.map((rule) => ({ id: rule.id, position: rule.position, movable: !rule.global })),
      wanted.map((rule) => rule.id),
    );
  } catch (error) {
    if (!isDomainError(error) || !Array.isArray(error.details)) throw error;
    throw new DomainError(error.code, error.message, inBody(error.details as FieldIssue[]));
  }
  const stale = wanted.flatMap((rule, index) => {
    const stored = current.find((c) => c.id === rule.id);
    return stored && !stored.global && stored.version !== rule.version
      ? [
          {
            field: `body.rules[${index}].version`,
            reason: `is ${rule.version}, the rule is at version ${stored.version}`,
          },
        ]
      : [];
  });
  if (stale.length > 0)
    throw new DomainError(
      'conflict',
      'Approval rules were changed by someone else meanwhile: reload them and order them again.',
      stale,
    );
  for (const [id, position] of changes) {
    const before = current.find((rule) => rule.id === id) as ApprovalRuleView;
    await updateApprovalRule(trx, id, { position, updatedBy: caller.userId, now });
    await record(trx, caller, 'moved', before, await reread(trx, id), now);
  }
  return approvalRulesOf(trx, caller.entityId);
}
