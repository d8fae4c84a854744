// Accounts payable and administrators keep their entity's matching tolerances: each change is checked
// by the domain, made under the entity's tolerance lock against the version the caller read, recorded
// in the append-only history, and the entity's open invoices are re-matched in the same transaction.
import type { InvoicingDatabase } from '@procura/db';
import { DomainError, type FieldIssue, toleranceRuleIssues } from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import { rematchInvoiceLines } from '../repositories/invoice-rematch.repository.js';
import {
  findRuleOfSameScope,
  insertToleranceRule,
  isKnownSupplier,
  lockEntityTolerances,
  lockToleranceRule,
  recordToleranceRuleChange,
  retireToleranceRule,
  type ToleranceRuleContent,
  type ToleranceRuleView,
  toleranceRuleOf,
  updateToleranceRuleLimit,
} from '../repositories/tolerance-rule.repository.js';
import { approveMatchedInvoices } from './invoice-lifecycle.service.js';

type Trx = Transaction<InvoicingDatabase>;

const inBody = (issues: readonly FieldIssue[]) => issues.map((i) => ({ ...i, field: `body.${i.field}` }));

/** Refuses (400, naming each field) a rule the domain finds wrong, or one naming an unknown supplier. */
async function checkContent(trx: Trx, entityId: string, content: ToleranceRuleContent): Promise<void> {
  const issues = toleranceRuleIssues(
    toleranceRuleOf({
      ...content,
      id: 'new',
      entityId,
      version: 1,
      createdAt: '',
      createdBy: '',
      updatedAt: '',
      updatedBy: '',
      retiredAt: null,
      retiredBy: null,
    }),
  );
  if (content.supplierId && !(await isKnownSupplier(trx, content.supplierId)))
    issues.push({
      field: 'supplierId',
      reason: `${content.supplierId} is not a supplier known to invoicing`,
    });
  if (issues.length > 0)
    throw new DomainError('validation_failed', 'The tolerance rule is not valid.', inBody(issues));
}

async function refuseSameScope(
  trx: Trx,
  entityId: string,
  content: ToleranceRuleContent,
  exceptId?: string,
): Promise<void> {
  const other = await findRuleOfSameScope(trx, entityId, content, exceptId);
  if (other)
    throw new DomainError(
      'tolerance_rule_duplicate',
      `Tolerance rule ${other} already limits the ${content.measure} for this supplier, category and currency: change it instead.`,
      { ruleIds: [other] },
    );
}

/** The caller's entity's live rule `id`, locked, at the version the caller read. */
async function ruleToChange(trx: Trx, caller: TIdentity, id: string, version: number) {
  const rule = await lockToleranceRule(trx, caller.entityId, id);
  if (!rule) throw new DomainError('not_found', `Tolerance rule ${id} does not exist.`);
  if (rule.version !== version)
    throw new DomainError(
      'conflict',
      `Tolerance rule ${id} was changed by someone else meanwhile: reload it and make your change again.`,
      [{ field: 'body.version', reason: `is ${version}, the rule is at version ${rule.version}` }],
    );
  if (rule.retiredAt !== null)
    throw new DomainError('invalid_state_transition', `Tolerance rule ${id} is retired: create a new one.`);
  return rule;
}

const actorOf = (caller: TIdentity) => ({ userId: caller.userId, name: caller.displayName });

export async function createToleranceRule(
  trx: Trx,
  caller: TIdentity,
  content: ToleranceRuleContent,
  now: Date,
): Promise<ToleranceRuleView> {
  await checkContent(trx, caller.entityId, content);
  await lockEntityTolerances(trx, caller.entityId, 'change');
  await refuseSameScope(trx, caller.entityId, content);
  const created = await insertToleranceRule(trx, {
    entityId: caller.entityId,
    content,
    by: caller.userId,
    now,
  });
  await recordToleranceRuleChange(trx, {
    action: 'created',
    actor: actorOf(caller),
    before: null,
    after: created,
    now,
  });
  await approveMatchedInvoices(
    trx,
    (await rematchInvoiceLines(trx, { entityId: caller.entityId }, now)).matchedInvoiceIds,
    now,
  );
  return created;
}

/** Changes a rule's limit (absolute, percent, join); its scope is fixed: retire it and create another. */
export async function changeToleranceRule(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: {
    version: number;
    absolute?: string | undefined;
    percent?: string | undefined;
    join?: 'and' | 'or' | undefined;
  },
  now: Date,
): Promise<ToleranceRuleView> {
  await lockEntityTolerances(trx, caller.entityId, 'change');
  const before = await ruleToChange(trx, caller, id, change.version);
  const limit = {
    absolute: change.absolute ?? before.absolute,
    percent: change.percent ?? before.percent,
    join: change.join ?? before.join,
  };
  await checkContent(trx, caller.entityId, { ...before, ...limit });
  const after = await updateToleranceRuleLimit(trx, id, { ...limit, by: caller.userId, now });
  await recordToleranceRuleChange(trx, { action: 'updated', actor: actorOf(caller), before, after, now });
  await approveMatchedInvoices(
    trx,
    (await rematchInvoiceLines(trx, { entityId: caller.entityId }, now)).matchedInvoiceIds,
    now,
  );
  return after;
}

/** Retires a rule: it no longer applies, and stays in the history. */
export async function retireRule(
  trx: Trx,
  caller: TIdentity,
  id: string,
  version: number,
  now: Date,
): Promise<ToleranceRuleView> {
  await lockEntityTolerances(trx, caller.entityId, 'change');
  const before = await ruleToChange(trx, caller, id, version);
  const after = await retireToleranceRule(trx, id, { userId: caller.userId, now });
  await recordToleranceRuleChange(trx, { action: 'retired', actor: actorOf(caller), before, after, now });
  await approveMatchedInvoices(
    trx,
    (await rematchInvoiceLines(trx, { entityId: caller.entityId }, now)).matchedInvoiceIds,
    now,
  );
  return after;
}
