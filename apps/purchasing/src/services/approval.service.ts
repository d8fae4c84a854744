// Submitting a request (budget check, approval chain, commitment ledger) and deciding on it. Each
// runs in one transaction holding the request's row lock, so two approvers acting at the same
// moment take turns: the second sees the first's decision and is refused if the step is done.
import type { PurchasingDatabase } from '@procura/db';
import {
  type ApprovalDecisionRecord,
  type ApprovalEvent,
  type ApprovalPlan,
  type ApprovalRequisition,
  type ApprovalRestart,
  type ApprovalRule,
  type ApprovalWorkflowState,
  applyApprovalDecision,
  approvalProgress,
  type BudgetLineKey,
  budgetLineKeyOf,
  budgetLineKeyString,
  type CurrencyCode,
  calendarDate,
  checkRequisitionBudget,
  convertMoney,
  DomainError,
  documentBalances,
  type ExchangeRate,
  findBudgetLine,
  isDomainError,
  ledgerFigures,
  type Money,
  money,
  nextRequisitionStatus,
  periodContaining,
  planApprovalChain,
  type RequisitionBudgetCheck,
  type RequisitionStatus,
  requiresApprovalRestart,
  requisitionChanged,
  requisitionRejected,
  requisitionSubmitted,
  requisitionWithdrawn,
  startApprovalWorkflow,
  sum,
} from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Selectable, Transaction } from 'kysely';
import { entityCurrency as entityCurrencyOf } from '../repositories/directory.repository.js';
import { exchangeRateOn } from '../repositories/exchange-rate.repository.js';
import {
  appendLedgerEntries,
  budgetLineIdsOf,
  findBudgetLines,
  ledgerEntriesFor,
  ledgerEntriesOfCommitment,
} from '../repositories/ledger.repository.js';
import { recordRequisitionEvent } from '../repositories/requisition.repository.js';
import { issueOrdersFromRequisitions } from './purchase-order.service.js';

type Trx = Transaction<PurchasingDatabase>;

async function lockRequisition(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `Request ${id} does not exist.`);
  return row;
}

async function approvalRulesFor(trx: Trx, entityId: string): Promise<ApprovalRule[]> {
  const rows = await trx
    .selectFrom('purchasing.approval_rule')
    .selectAll()
    .where((eb) => eb.or([eb('entity_id', '=', entityId), eb('entity_id', 'is', null)]))
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    order: r.position,
    kind: r.kind,
    active: r.active,
    conditions: r.conditions as ApprovalRule['conditions'],
    step: {
      approvers: r.approvers as unknown as ApprovalRule['step']['approvers'],
      mode: r.mode,
      ...(r.label ? { label: r.label } : {}),
    },
  }));
}

async function approvalDirectory(trx: Trx, entityId: string) {
  const [users, costCentres] = await Promise.all([
    trx.selectFrom('purchasing.directory_user').selectAll().where('entity_id', '=', entityId).execute(),
    trx
      .selectFrom('purchasing.directory_cost_centre')
      .selectAll()
      .where('entity_id', '=', entityId)
      .execute(),
  ]);
  return {
    users: users.map((u) => ({
      id: u.user_id,
      displayName: u.display_name,
      managerUserId: u.manager_user_id,
      approvalLimit: u.approval_limit,
      roles: u.roles,
      active: u.active,
    })),
    costCentres: costCentres.map((c) => ({ id: c.cost_centre_id, managerUserId: c.manager_user_id })),
  };
}

/** The plan as stored (JSON) back to the domain's value: its amount is Money again. */
function planFrom(stored: unknown): ApprovalPlan {
  const plan = stored as ApprovalPlan & { amount: { amount: string; currency: CurrencyCode } };
  return { ...plan, amount: money(plan.amount.amount, plan.amount.currency) };
}

/** Brings the approval_step rows (what inboxes and screens read) in line with the workflow state. */
async function projectSteps(
  trx: Trx,
  requisitionId: string,
  round: number,
  state: ApprovalWorkflowState,
  now: Date,
) {
  const progress = approvalProgress(state);
  for (const step of progress.steps) {
    const status =
      step.status === 'current'
        ? 'pending'
        : step.status === 'completed' || step.status === 'informed'
          ? 'approved'
          : step.status === 'rejected'
            ? 'rejected'
            : progress.status === 'rejected'
              ? 'cancelled'
              : 'waiting';
    await trx
      .updateTable('purchasing.approval_step')
      .set((eb) => ({
        status,
        activated_at:
          status === 'pending' ? eb.fn.coalesce('activated_at', eb.val(now)) : eb.ref('activated_at'),
        completed_at:
          status === 'approved' || status === 'rejected' ? eb.fn.coalesce('completed_at', eb.val(now)) : null,
      }))
      .where('requisition_id', '=', requisitionId)
      .where('round', '=', round)
      .where('step_index', '=', step.index)
      .execute();
  }
  return progress.status;
}

async function recordWorkflowEvents(
  trx: Trx,
  requisitionId: string,
  plan: ApprovalPlan,
  events: readonly ApprovalEvent[],
): Promise<void> {
  const names = (ids: readonly string[]) => ids.map((id) => plan.people[id] ?? id);
  for (const event of events) {
    if (event.type === 'step_started' || event.type === 'step_informed')
      await recordRequisitionEvent(trx, {
        requisitionId,
        kind: event.type,
        details: {
          stepIndex: event.stepIndex,
          label: plan.steps[event.stepIndex]?.label,
          people: names(event.type === 'step_started' ? event.approverUserIds : event.userIds),
        },
      });
    else if (event.type === 'step_completed' && event.carriedOver)
      await recordRequisitionEvent(trx, {
        requisitionId,
        kind: 'step_carried_over',
        details: { stepIndex: event.stepIndex, label: plan.steps[event.stepIndex]?.label },
      });
    else if (event.type === 'approved')
      await recordRequisitionEvent(trx, { requisitionId, kind: 'approved' });
  }
}

/** A rejected, withdrawn or changed request no longer holds its requested amounts: each line's balance is released. */
async function releaseRequested(
  trx: Trx,
  entityId: string,
  id: string,
  why: 'rejected' | 'withdrawn' | 'changed',
  today: string,
): Promise<void> {
  const entries = await ledgerEntriesOfCommitment(trx, id);
  const release =
    why === 'rejected' ? requisitionRejected : why === 'changed' ? requisitionChanged : requisitionWithdrawn;
  const releases = documentBalances(entries, { kind: 'requisition', id }).flatMap((balance) =>
    release({ balance, occurredOn: today }),
  );
  if (releases.length === 0) return;
  await appendLedgerEntries(trx, releases, await budgetLineIdsOf(trx, entityId));
}

/**
 * The requester withdraws their request (draft, submitted, in approval or approved, not yet ordered):
 * its pending steps are cancelled and its requested amounts released.
 */
export async function withdrawRequisition(
  trx: Trx,
  caller: TIdentity,
  id: string,
  reason: string | null,
  now: Date,
): Promise<void> {
  const row = await lockRequisition(trx, id);
  if (row.requester_user_id !== caller.userId)
    throw new DomainError('forbidden', 'Only the requester withdraws their request.');
  const status = nextRequisitionStatus(row.status, 'withdraw');
  await trx
    .updateTable('purchasing.approval_step')
    .set({ status: 'cancelled', completed_at: now })
    .where('requisition_id', '=', id)
    .where('status', 'in', ['waiting', 'pending'])
    .execute();
  await releaseRequested(trx, row.entity_id, id, 'withdrawn', calendarDate(now));
  await trx
    .updateTable('purchasing.requisition')
    .set({ status, updated_at: now, decided_at: now })
    .where('id', '=', id)
    .execute();
  await recordRequisitionEvent(trx, {
    requisitionId: id,
    kind: 'withdrawn',
    actor: { userId: caller.userId, name: caller.displayName },
    comment: reason,
  });
}

export interface SubmissionOutcome {
  status: RequisitionStatus;
  budget: RequisitionBudgetCheck;
}

type RequisitionRow = Awaited<ReturnType<typeof lockRequisition>>;
type RequisitionLineRow = Selectable<PurchasingDatabase['purchasing.requisition_line']>;

/** What submitting the request now would meet: its budget check and its approval chain. */
export interface RequisitionAssessment {
  lines: RequisitionLineRow[];
  charges: { line: RequisitionLineRow; budgetLine: BudgetLineKey; amount: Money }[];
  budget: RequisitionBudgetCheck;
  plan: ApprovalPlan;
  approvalRequisition: ApprovalRequisition;
  counting: CountingRate;
  budgetLineIds: Map<string, string>;
}

/** The request as the approval rules see it; the cost centre carrying the most of it is its own. */
function approvalRequisitionOf(
  row: RequisitionRow,
  lines: readonly RequisitionLineRow[],
  budgetState: 'within' | 'over',
  counting: CountingRate,
): ApprovalRequisition {
  const currency = row.currency as CurrencyCode;
  const amounts = lines.map((l) => inEntityCurrency(money(l.amount, currency), counting));
  const byCostCentre = new Map<string, Money>();
  for (const [n, line] of lines.entries()) {
    const amount = amounts[n] as Money;
    const before = byCostCentre.get(line.cost_centre_id);
    byCostCentre.set(line.cost_centre_id, before ? before.add(amount) : amount);
  }
  const costCentreId = [...byCostCentre].sort((a, b) => b[1].compare(a[1]))[0]?.[0] ?? '';
  return {
    requesterId: row.requester_user_id,
    entityId: row.entity_id,
    costCentreId,
    // The sum of the converted lines, so that thresholds, limits and the ledger see one figure.
    total: sum(amounts, counting.entityCurrency),
    lines: lines.map((l, n) => ({
      categoryCode: l.category_code,
      supplierId: l.supplier_id,
      freeText: l.source === 'free_text',
      amount: amounts[n] as Money,
    })),
    budgetState,
  };
}

/**
 * What a request is counted at: the entity's currency, in which approval thresholds and limits,
 * budgets and the ledger are; and the rate from the request's currency in force on the day ('1'
 * when they are the same).
 */
export interface CountingRate {
  entityCurrency: CurrencyCode;
  rate: Pick<ExchangeRate, 'from' | 'to' | 'rate'> & { effectiveOn: string | null };
}

function inEntityCurrency(amount: Money, counting: CountingRate): Money {
  return amount.currency === counting.entityCurrency ? amount : convertMoney(amount, counting.rate);
}

function countingColumns(counting: CountingRate) {
  return {
    entity_currency: counting.entityCurrency,
    exchange_rate: counting.rate.rate,
    exchange_rate_on: counting.rate.effectiveOn,
  };
}

/** The rate the request is counted at today; `exchange_rate_missing` when finance has recorded none. */
async function countingRateOf(trx: Trx, row: RequisitionRow, today: string): Promise<CountingRate> {
  const entityCurrency = await entityCurrencyOf(trx, row.entity_id);
  const currency = row.currency as CurrencyCode;
  if (currency === entityCurrency)
    return { entityCurrency, rate: { from: currency, to: entityCurrency, rate: '1', effectiveOn: null } };
  const rate = await exchangeRateOn(trx, currency, entityCurrency, today);
  if (!rate)
    throw new DomainError(
      'exchange_rate_missing',
      `No exchange rate from ${currency} to ${entityCurrency} is in force on ${today}: the request cannot be counted against the approval thresholds and budgets until finance records one.`,
      [{ field: 'currency', reason: `no ${currency} → ${entityCurrency} rate on ${today}` }],
    );
  return { entityCurrency, rate };
}

async function requisitionLines(trx: Trx, id: string): Promise<RequisitionLineRow[]> {
  return trx
    .selectFrom('purchasing.requisition_line')
    .selectAll()
    .where('requisition_id', '=', id)
    .orderBy('line_no')
    .execute();
}

/**
 * Checks the request's budget lines and plans its approval chain as of `today`. With `lock`, the
 * budget lines stay locked until the transaction ends (submitting); without, nothing is locked
 * (the preview the requester sees before submitting).
 */
async function assessRequisition(
  trx: Trx,
  row: RequisitionRow,
  today: string,
  lock: boolean,
): Promise<RequisitionAssessment> {
  const currency = row.currency as CurrencyCode;
  const counting = await countingRateOf(trx, row, today);
  const lines = await requisitionLines(trx, row.id);
  const costCentreIds = [...new Set(lines.map((l) => l.cost_centre_id))];
  const budgetLines = await findBudgetLines(trx, row.entity_id, costCentreIds, { lock });
  // Each line draws on the narrowest budget line covering today, else on its fiscal year.
  const charges = lines.map((line) => {
    const spend = {
      entityId: row.entity_id,
      costCentreId: line.cost_centre_id,
      budgetCategory: line.budget_category,
      date: today,
    };
    const budgetLine = findBudgetLine(
      budgetLines.map((b) => b.line),
      spend,
    );
    const key: BudgetLineKey = budgetLine
      ? budgetLineKeyOf(budgetLine)
      : { ...spend, periodKey: periodContaining(today, 'fiscal_year').key };
    return { line, budgetLine: key, amount: inEntityCurrency(money(line.amount, currency), counting) };
  });
  const entries = await ledgerEntriesFor(
    trx,
    charges.map((c) => c.budgetLine),
  );
  const budget = checkRequisitionBudget(
    charges,
    budgetLines.map((b) => b.line),
    ledgerFigures(
      entries,
      budgetLines.map((b) => b.line),
    ),
  );
  const approvalRequisition = approvalRequisitionOf(
    row,
    lines,
    budget.outcome === 'warn' ? 'over' : 'within',
    counting,
  );
  const plan = planApprovalChain({
    requisition: approvalRequisition,
    rules: await approvalRulesFor(trx, row.entity_id),
    entityCurrency: counting.entityCurrency,
    exchangeRates: {},
    directory: await approvalDirectory(trx, row.entity_id),
  });
  return {
    lines,
    charges,
    budget,
    plan,
    counting,
    approvalRequisition,
    budgetLineIds: new Map(budgetLines.map((b) => [budgetLineKeyString(budgetLineKeyOf(b.line)), b.id])),
  };
}

/** Refuses a request that overdraws a stop budget line or whose chain nobody can approve. */
function assertSubmittable(assessment: RequisitionAssessment, currency: string): void {
  const { budget, plan } = assessment;
  if (budget.outcome === 'refused') {
    const over = budget.lines.filter((l) => l.outcome === 'refused');
    throw new DomainError(
      'budget_exceeded',
      `The request goes over ${over.length === 1 ? 'a budget line' : `${over.length} budget lines`} that cannot be exceeded.`,
      over.map((l) => ({
        field: `budget.${l.budgetLine.costCentreId}.${l.budgetLine.budgetCategory}.${l.budgetLine.periodKey}`,
        reason: `${l.available?.toDecimalString(2) ?? '0.00'} ${currency} left, ${l.amount.toDecimalString(2)} asked (short by ${l.shortBy?.toDecimalString(2) ?? '0.00'})`,
      })),
    );
  }
  if (!plan.submittable)
    throw new DomainError(
      'approval_chain_incomplete',
      'Nobody can approve a step this request needs: ask an administrator to fix the approval rules or the hierarchy.',
      plan.notes
        .filter((n) => n.level === 'error')
        .map((n) => ({ field: `approval.${n.ruleId}`, reason: n.message })),
    );
}

/** What submitting the request would meet, for its requester to see before submitting. */
export async function previewRequisition(
  trx: Trx,
  caller: TIdentity,
  id: string,
  now: Date,
): Promise<RequisitionAssessment> {
  const row = await trx
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.requester_user_id !== caller.userId)
    throw new DomainError('not_found', `Request ${id} does not exist or is not yours.`);
  return assessRequisition(trx, row, calendarDate(now), false);
}

/** Starts approval round `round` from the assessment's plan: steps, ledger, status and timeline. */
async function startApprovalRound(
  trx: Trx,
  row: RequisitionRow,
  assessment: RequisitionAssessment,
  from: RequisitionStatus,
  now: Date,
): Promise<RequisitionStatus> {
  const { plan, budget } = assessment;
  const id = row.id;
  const round = row.approval_round + 1;
  const started = startApprovalWorkflow(plan);
  if (plan.steps.length > 0)
    await trx
      .insertInto('purchasing.approval_step')
      .values(
        plan.steps.map((s) => ({
          requisition_id: id,
          round,
          step_index: s.index,
          kind: s.kind,
          mode: s.mode,
          rule_id: s.ruleId,
          label: s.label,
          explanation: s.explanation,
          approver_user_ids: [...s.approverUserIds],
          status: 'waiting' as const,
        })),
      )
      .execute();
  const workflow = await projectSteps(trx, id, round, started.state, now);
  const status =
    workflow === 'approved'
      ? from === 'approved'
        ? from
        : nextRequisitionStatus(from, 'approve')
      : from === 'submitted'
        ? nextRequisitionStatus(from, 'start_approval')
        : nextRequisitionStatus(from, 'restart_approval');
  await appendLedgerEntries(
    trx,
    assessment.charges.flatMap((c) =>
      requisitionSubmitted({
        requisitionLine: { kind: 'requisition', id, lineId: c.line.id },
        budgetLine: c.budgetLine,
        amount: c.amount,
        occurredOn: calendarDate(now),
      }),
    ),
    assessment.budgetLineIds,
  );
  await trx
    .updateTable('purchasing.requisition')
    .set({
      status,
      ...(from === 'submitted' ? { submitted_at: now } : {}),
      updated_at: now,
      decided_at: status === 'approved' ? now : null,
      approval_round: round,
      over_budget: budget.outcome === 'warn',
      approval_plan: JSON.stringify(plan),
      ...countingColumns(assessment.counting),
    })
    .where('id', '=', id)
    .execute();
  await recordWorkflowEvents(trx, id, plan, started.events);
  return status;
}

/**
 * Submits a draft: checks its budget lines (a stop line it would overdraw refuses it), plans its
 * approval chain, records the requested amounts in the ledger, and starts the workflow.
 */
export async function submitRequisition(
  trx: Trx,
  caller: TIdentity,
  id: string,
  now: Date,
): Promise<SubmissionOutcome> {
  const row = await lockRequisition(trx, id);
  if (row.requester_user_id !== caller.userId)
    throw new DomainError('forbidden', 'Only the requester submits their request.');
  const submitted = nextRequisitionStatus(row.status, 'submit');
  const assessment = await assessRequisition(trx, row, calendarDate(now), true);
  assertSubmittable(assessment, assessment.counting.entityCurrency);
  await recordRequisitionEvent(trx, {
    requisitionId: id,
    kind: 'submitted',
    actor: { userId: caller.userId, name: caller.displayName },
    details: {
      round: row.approval_round + 1,
      overBudget: assessment.budget.outcome === 'warn',
      notes: assessment.plan.notes.filter((n) => n.level !== 'info').map((n) => n.message),
    },
  });
  const started = await startApprovalRound(trx, row, assessment, submitted, now);
  const status = started === 'approved' ? await issueDirectOrder(trx, id, started, now) : started;
  return { status, budget: assessment.budget };
}

/**
 * A request changed after submission (its lines already replaced in this transaction): the
 * amounts it had requested are released and the new ones requested, against the budget as it
 * stands without the old amounts. A change that matters to approval (amount up, supplier, cost
 * centre, ...) starts a new round: steps still open are cancelled and the chain planned again.
 */
export async function reassessChangedRequisition(
  trx: Trx,
  caller: TIdentity,
  before: { row: RequisitionRow; lines: RequisitionLineRow[] },
  now: Date,
): Promise<{ status: RequisitionStatus; restart: ApprovalRestart }> {
  const today = calendarDate(now);
  const row = await lockRequisition(trx, before.row.id);
  await releaseRequested(trx, row.entity_id, row.id, 'changed', today);
  const assessment = await assessRequisition(trx, row, today, true);
  assertSubmittable(assessment, assessment.counting.entityCurrency);
  const restart = requiresApprovalRestart(
    // Both sides at today's rate: a restart is about what the request became, not the market.
    approvalRequisitionOf(
      before.row,
      before.lines,
      before.row.over_budget ? 'over' : 'within',
      assessment.counting,
    ),
    assessment.approvalRequisition,
  );
  if (restart.restart) {
    await trx
      .updateTable('purchasing.approval_step')
      .set({ status: 'cancelled', completed_at: now })
      .where('requisition_id', '=', row.id)
      .where('status', 'in', ['waiting', 'pending'])
      .execute();
    await recordRequisitionEvent(trx, {
      requisitionId: row.id,
      kind: 'approval_restarted',
      actor: { userId: caller.userId, name: caller.displayName },
      details: { round: row.approval_round + 1, reasons: restart.reasons },
    });
    const status = await startApprovalRound(trx, row, assessment, row.status, now);
    return { status, restart };
  }
  await appendLedgerEntries(
    trx,
    assessment.charges.flatMap((c) =>
      requisitionSubmitted({
        requisitionLine: { kind: 'requisition', id: row.id, lineId: c.line.id },
        budgetLine: c.budgetLine,
        amount: c.amount,
        occurredOn: today,
      }),
    ),
    assessment.budgetLineIds,
  );
  await trx
    .updateTable('purchasing.requisition')
    .set(countingColumns(assessment.counting))
    .where('id', '=', row.id)
    .execute();
  return { status: row.status, restart };
}

export interface ApprovalDecisionInput {
  stepIndex: number;
  outcome: 'approved' | 'rejected';
  comment: string | null;
  onBehalfOfUserId: string | null;
  /**
   * A decision taken in bulk, from a list rather than the request's page: only for amounts within
   * the approval limit of the approver it is taken for.
   */
  inBulk?: boolean;
}

/** Refuses a bulk decision on an amount beyond the approver's limit (or by someone without one). */
async function assertWithinApprovalLimit(
  trx: Trx,
  approverUserId: string,
  plan: ApprovalPlan,
): Promise<void> {
  const approver = await trx
    .selectFrom('purchasing.directory_user')
    .select(['approval_limit', 'display_name'])
    .where('user_id', '=', approverUserId)
    .executeTakeFirst();
  const amount = `${plan.amount.toDecimalString(2)} ${plan.amount.currency}`;
  if (!approver?.approval_limit)
    throw new DomainError(
      'forbidden',
      `${approver?.display_name ?? 'This approver'} has no approval limit: open the request (${amount}) and decide on it alone.`,
    );
  if (plan.amount.compare(money(approver.approval_limit, plan.amount.currency)) > 0)
    throw new DomainError(
      'forbidden',
      `${amount} is over ${approver.display_name}'s approval limit (${approver.approval_limit} ${plan.amount.currency}): open the request and decide on it alone.`,
    );
}

/** Applies one approver's decision to the current round, under the request's row lock. */
export async function decideOnRequisition(
  trx: Trx,
  caller: TIdentity,
  id: string,
  input: ApprovalDecisionInput,
  now: Date,
): Promise<RequisitionStatus> {
  const row = await lockRequisition(trx, id);
  if (row.status !== 'in_approval' || !row.approval_plan)
    throw new DomainError(
      'invalid_state_transition',
      `Request ${row.number} is ${row.status.replace('_', ' ')}: there is nothing to decide.`,
    );
  const round = row.approval_round;
  const steps = await trx
    .selectFrom('purchasing.approval_step')
    .select(['id', 'step_index'])
    .where('requisition_id', '=', id)
    .where('round', '=', round)
    .execute();
  const stepIdAt = new Map(steps.map((s) => [s.step_index, s.id]));
  const stored = await trx
    .selectFrom('purchasing.approval_decision as d')
    .innerJoin('purchasing.approval_step as s', 's.id', 'd.step_id')
    .select([
      's.step_index',
      'd.approver_user_id',
      'd.actor_user_id',
      'd.outcome',
      'd.comment',
      'd.decided_at',
    ])
    .where('s.requisition_id', '=', id)
    .where('s.round', '=', round)
    .orderBy('d.decided_at')
    .execute();
  const plan = planFrom(row.approval_plan);
  if (input.inBulk) await assertWithinApprovalLimit(trx, input.onBehalfOfUserId ?? caller.userId, plan);
  const decisions: ApprovalDecisionRecord[] = stored.map((d) => ({
    stepIndex: d.step_index,
    outcome: d.outcome,
    actorUserId: d.actor_user_id,
    onBehalfOfUserId: d.actor_user_id === d.approver_user_id ? null : d.approver_user_id,
    approverUserId: d.approver_user_id,
    comment: d.comment,
    decidedAt: d.decided_at.toISOString(),
    summary: '',
  }));
  const today = calendarDate(now);
  const result = applyApprovalDecision(
    { plan, decisions },
    {
      actorUserId: caller.userId,
      stepIndex: input.stepIndex,
      outcome: input.outcome,
      ...(input.onBehalfOfUserId ? { onBehalfOfUserId: input.onBehalfOfUserId } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
    },
    {
      now: now.toISOString(),
      today,
      // The identity token lists who delegated their approvals to the caller today.
      delegations: caller.actingFor.map((d) => ({
        delegatorUserId: d.userId,
        delegateUserId: caller.userId,
        startsOn: today,
        endsOn: d.endsOn,
        revoked: false,
      })),
    },
  );
  const stepId = stepIdAt.get(result.record.stepIndex);
  if (!stepId) throw new Error(`step ${result.record.stepIndex} of round ${round} is not stored`);
  await trx
    .insertInto('purchasing.approval_decision')
    .values({
      step_id: stepId,
      approver_user_id: result.record.approverUserId,
      actor_user_id: result.record.actorUserId,
      outcome: result.record.outcome,
      comment: result.record.comment,
      decided_at: now,
    })
    .execute();
  const onBehalfOf = result.record.onBehalfOfUserId;
  await recordRequisitionEvent(trx, {
    requisitionId: id,
    kind: input.outcome === 'approved' ? 'step_approved' : 'step_rejected',
    actor: { userId: caller.userId, name: caller.displayName },
    onBehalfOf: onBehalfOf ? { userId: onBehalfOf, name: plan.people[onBehalfOf] ?? onBehalfOf } : undefined,
    comment: input.comment,
    details: {
      stepIndex: input.stepIndex,
      label: plan.steps[input.stepIndex]?.label,
      summary: result.record.summary,
    },
  });
  const workflow = await projectSteps(trx, id, round, result.state, now);
  await recordWorkflowEvents(trx, id, plan, result.events);
  let status: RequisitionStatus = row.status;
  if (workflow === 'approved') status = nextRequisitionStatus(status, 'approve');
  if (workflow === 'rejected') {
    status = nextRequisitionStatus(status, 'reject');
    await releaseRequested(trx, row.entity_id, id, 'rejected', today);
    await recordRequisitionEvent(trx, { requisitionId: id, kind: 'rejected' });
  }
  if (status !== row.status)
    await trx
      .updateTable('purchasing.requisition')
      .set({ status, updated_at: now, decided_at: now })
      .where('id', '=', id)
      .execute();
  if (status === 'approved') return issueDirectOrder(trx, id, status, now);
  return status;
}

/**
 * A buyer's direct order, once approved, is issued at once in the buyer's name. When it cannot be
 * (a supplier blocked since, no terms in force), the request stays approved for the buyer to issue
 * later, and its timeline says why.
 */
async function issueDirectOrder(
  trx: Trx,
  id: string,
  status: RequisitionStatus,
  now: Date,
): Promise<RequisitionStatus> {
  const row = await trx
    .selectFrom('purchasing.requisition as r')
    .innerJoin('purchasing.directory_user as u', 'u.user_id', 'r.requester_user_id')
    .select([
      'r.direct_order',
      'r.entity_id',
      'u.user_id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.site_id',
      'u.cost_centre_ids',
      'u.locale',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row?.direct_order) return status;
  const buyer: TIdentity = {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles as TIdentity['roles'],
    scopes: [],
    actingFor: [],
    entityId: row.entity_id,
    siteId: row.site_id,
    costCentreIds: row.cost_centre_ids,
    locale: row.locale,
  };
  try {
    await issueOrdersFromRequisitions(trx, buyer, [id], {}, now);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    await recordRequisitionEvent(trx, {
      requisitionId: id,
      kind: 'order_not_issued',
      details: { reason: error.message },
    });
    return status;
  }
  const after = await trx
    .selectFrom('purchasing.requisition')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return after.status;
}
