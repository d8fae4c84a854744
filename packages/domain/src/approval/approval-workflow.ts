import { type CalendarDate, isDelegationInForce } from '../delegation/index.js';
import { DomainError } from '../errors/index.js';
import type { ApprovalPlan, ApprovalStep } from './approval-plan.js';

/** A delegation of approvals, as stored: `delegateUserId` may act for `delegatorUserId` from `startsOn` to `endsOn`. */
export interface ApprovalDelegation {
  readonly delegatorUserId: string;
  readonly delegateUserId: string;
  readonly startsOn: CalendarDate;
  readonly endsOn: CalendarDate;
  readonly revoked: boolean;
}

/** What an approver (or their delegate) submits. */
export interface ApprovalDecision {
  readonly actorUserId: string;
  /** The approver the actor stands in for, through a delegation in force. */
  readonly onBehalfOfUserId?: string;
  /** The step decided, as the approver saw it: a decision on any other step than the current one is refused. */
  readonly stepIndex: number;
  readonly outcome: 'approved' | 'rejected';
  readonly comment?: string;
}

/** A recorded decision. `approverUserId` is whose approval it counts as: the actor, or the person they stand in for. */
export interface ApprovalDecisionRecord {
  readonly stepIndex: number;
  readonly outcome: 'approved' | 'rejected';
  readonly actorUserId: string;
  readonly onBehalfOfUserId: string | null;
  readonly approverUserId: string;
  readonly comment: string | null;
  /** The `now` given when the decision was applied (an ISO 8601 instant). */
  readonly decidedAt: string;
  /** "approved by Alice Martin on behalf of Bob Durand on 2026-03-02T09:15:00Z" (names from the plan, else ids). */
  readonly summary: string;
}

/** Everything the workflow needs to be stored: the plan and the decisions, in the order applied. */
export interface ApprovalWorkflowState {
  readonly plan: ApprovalPlan;
  readonly decisions: readonly ApprovalDecisionRecord[];
}

export type ApprovalWorkflowStatus = 'in_progress' | 'approved' | 'rejected';

/**
 * A step's place in the workflow. Blocking steps: 'pending' (not reached), 'current', 'completed',
 * 'rejected'. Warning steps: 'pending' until every blocking step before them is complete, then
 * 'informed'.
 */
export type ApprovalStepStatus = 'pending' | 'current' | 'completed' | 'rejected' | 'informed';

export interface ApprovalStepProgress {
  readonly index: number;
  readonly status: ApprovalStepStatus;
  /**
   * Whose approval the step still awaits (current step) or would await (pending step, as things
   * stand). People who already approved the requisition at an earlier step are not asked again.
   */
  readonly awaitedApproverUserIds: readonly string[];
  /** Whose approval the step has, by recorded decisions. */
  readonly approvedByUserIds: readonly string[];
  /** Completed without a decision: everyone it asks had approved at an earlier step. */
  readonly carriedOver: boolean;
}

export interface ApprovalProgress {
  readonly status: ApprovalWorkflowStatus;
  readonly currentStepIndex: number | null;
  readonly steps: readonly ApprovalStepProgress[];
}

/** What happened, for notifications and the requisition's history. */
export type ApprovalEvent =
  | { readonly type: 'step_started'; readonly stepIndex: number; readonly approverUserIds: readonly string[] }
  | { readonly type: 'step_informed'; readonly stepIndex: number; readonly userIds: readonly string[] }
  | { readonly type: 'step_completed'; readonly stepIndex: number; readonly carriedOver: boolean }
  | { readonly type: 'approved' }
  | {
      readonly type: 'rejected';
      readonly stepIndex: number;
      readonly actorUserId: string;
      readonly onBehalfOfUserId: string | null;
    };

export interface ApprovalDecisionContext {
  /** The instant recorded with the decision (ISO 8601). */
  readonly now: string;
  /** The organisation's calendar day, for delegations. */
  readonly today: CalendarDate;
  /** Delegations that may let the actor stand in for an approver (those not in force on `today` are ignored). */
  readonly delegations: readonly ApprovalDelegation[];
}

export interface ApprovalTransition {
  readonly state: ApprovalWorkflowState;
  readonly events: readonly ApprovalEvent[];
}

export interface ApprovalDecisionResult extends ApprovalTransition {
  /** The decision as recorded (also the last of `state.decisions`). */
  readonly record: ApprovalDecisionRecord;
}

interface Replay extends ApprovalProgress {
  /** Everyone who approved at a completed step, for themselves or for someone, with the first such step. */
  readonly approvedAt: ReadonlyMap<string, number>;
}

function replay(state: ApprovalWorkflowState): Replay {
  const approvedAt = new Map<string, number>();
  const steps: ApprovalStepProgress[] = [];
  let status: ApprovalWorkflowStatus = 'in_progress';
  let currentStepIndex: number | null = null;
  for (const step of state.plan.steps) {
    const decisions = state.decisions.filter((decision) => decision.stepIndex === step.index);
    const approvedBy = decisions
      .filter((decision) => decision.outcome === 'approved')
      .map((decision) => decision.approverUserId);
    const asked = step.approverUserIds.filter((id) => !approvedAt.has(id));
    const awaited = asked.filter((id) => !approvedBy.includes(id));
    const progress = { index: step.index, approvedByUserIds: approvedBy, carriedOver: false };
    if (status !== 'in_progress' || currentStepIndex !== null) {
      steps.push({ ...progress, status: 'pending', awaitedApproverUserIds: asked });
      continue;
    }
    if (step.kind === 'warning') {
      steps.push({ ...progress, status: 'informed', awaitedApproverUserIds: [] });
      continue;
    }
    if (decisions.some((decision) => decision.outcome === 'rejected')) {
      status = 'rejected';
      steps.push({ ...progress, status: 'rejected', awaitedApproverUserIds: [] });
      continue;
    }
    const carriedOver = step.approverUserIds.length > 0 && asked.length === 0;
    const complete =
      carriedOver ||
      (step.mode === 'any'
        ? approvedBy.length > 0 && asked.length > 0
        : asked.length > 0 && awaited.length === 0);
    if (!complete) {
      currentStepIndex = step.index;
      steps.push({ ...progress, status: 'current', awaitedApproverUserIds: awaited });
      continue;
    }
    steps.push({ ...progress, status: 'completed', awaitedApproverUserIds: [], carriedOver });
    for (const decision of decisions) {
      for (const id of [decision.actorUserId, decision.approverUserId])
        if (!approvedAt.has(id)) approvedAt.set(id, step.index);
    }
  }
  if (status === 'in_progress' && currentStepIndex === null) status = 'approved';
  return { status, currentStepIndex, steps, approvedAt };
}

/** Where the workflow stands: its status, the current step, and each step's progress. */
export function approvalProgress(state: ApprovalWorkflowState): ApprovalProgress {
  const { status, currentStepIndex, steps } = replay(state);
  return { status, currentStepIndex, steps };
}

/** The step awaiting decisions, or null once the workflow is approved or rejected. */
export function currentApprovalStep(state: ApprovalWorkflowState): ApprovalStep | null {
  const { currentStepIndex } = replay(state);
  return currentStepIndex === null ? null : (state.plan.steps[currentStepIndex] ?? null);
}

/**
 * Who may decide the current step now: each awaited approver with the delegates who may stand in
 * for them on `today` (never the requester, nor someone who already approved the requisition).
 */
export function pendingApprovers(
  state: ApprovalWorkflowState,
  delegations: readonly ApprovalDelegation[],
  today: CalendarDate,
): { approverUserId: string; delegateUserIds: string[] }[] {
  const progress = replay(state);
  if (progress.currentStepIndex === null) return [];
  const step = progress.steps[progress.currentStepIndex];
  const actedHere = new Set(
    state.decisions.filter((d) => d.stepIndex === progress.currentStepIndex).map((d) => d.actorUserId),
  );
  return (step?.awaitedApproverUserIds ?? []).map((approverUserId) => ({
    approverUserId,
    delegateUserIds: [
      ...new Set(
        delegations
          .filter(
            (d) =>
              d.delegatorUserId === approverUserId &&
              isDelegationInForce(d, today) &&
              d.delegateUserId !== state.plan.requesterId &&
              !progress.approvedAt.has(d.delegateUserId) &&
              !actedHere.has(d.delegateUserId),
          )
          .map((d) => d.delegateUserId),
      ),
    ],
  }));
}

/** "approved by Alice Martin on behalf of Bob Durand on 2026-03-02T09:15:00Z". */
export function describeApprovalDecision(
  record: Pick<ApprovalDecisionRecord, 'outcome' | 'actorUserId' | 'onBehalfOfUserId' | 'decidedAt'>,
  nameOf: (userId: string) => string,
): string {
  const behalf = record.onBehalfOfUserId === null ? '' : ` on behalf of ${nameOf(record.onBehalfOfUserId)}`;
  return `${record.outcome} by ${nameOf(record.actorUserId)}${behalf} on ${record.decidedAt}`;
}

/** The events between two replays of the same plan, in step order. */
function eventsBetween(
  plan: ApprovalPlan,
  before: ApprovalProgress,
  after: ApprovalProgress,
  last?: ApprovalDecisionRecord,
): ApprovalEvent[] {
  const events: ApprovalEvent[] = [];
  for (const step of after.steps) {
    if (before.steps[step.index]?.status === step.status) continue;
    const planned = plan.steps[step.index];
    if (step.status === 'completed')
      events.push({ type: 'step_completed', stepIndex: step.index, carriedOver: step.carriedOver });
    if (step.status === 'informed')
      events.push({ type: 'step_informed', stepIndex: step.index, userIds: planned?.approverUserIds ?? [] });
    if (step.status === 'current')
      events.push({
        type: 'step_started',
        stepIndex: step.index,
        approverUserIds: step.awaitedApproverUserIds,
      });
  }
  if (before.status !== after.status && after.status === 'approved') events.push({ type: 'approved' });
  if (before.status !== after.status && after.status === 'rejected' && last !== undefined) {
    events.push({
      type: 'rejected',
      stepIndex: last.stepIndex,
      actorUserId: last.actorUserId,
      onBehalfOfUserId: last.onBehalfOfUserId,
    });
  }
  return events;
}

const notStarted = (plan: ApprovalPlan): ApprovalProgress => ({
  status: 'in_progress',
  currentStepIndex: null,
  steps: plan.steps.map((step) => ({
    index: step.index,
    status: 'pending',
    awaitedApproverUserIds: step.approverUserIds,
    approvedByUserIds: [],
    carriedOver: false,
  })),
});

/**
 * Submits a requisition into its approval workflow: the first blocking step starts, the warning
 * steps before it inform their people; a plan without blocking steps approves at once. Throws
 * DomainError `invalid_state_transition` when the plan is not submittable (a step nobody can approve).
 */
export function startApprovalWorkflow(plan: ApprovalPlan): ApprovalTransition {
  if (!plan.submittable) {
    const unresolved = plan.steps.filter(
      (step) => step.kind === 'blocking' && step.approverUserIds.length === 0,
    );
    throw new DomainError(
      'invalid_state_transition',
      'The requisition cannot be submitted: an approval step has nobody to approve it.',
      { stepIndexes: unresolved.map((step) => step.index) },
    );
  }
  const state: ApprovalWorkflowState = { plan, decisions: [] };
  return { state, events: eventsBetween(plan, notStarted(plan), replay(state)) };
}

const stepName = (plan: ApprovalPlan, index: number) =>
  `step ${index + 1} “${plan.steps[index]?.label ?? '?'}”`;

/**
 * Records an approver's decision on the current step and moves the workflow on. 'any': one
 * approval completes the step; 'all': every awaited approver must approve. A rejection ends the
 * workflow. Refuses, with a DomainError:
 * - `validation_failed`: a step index outside the plan;
 * - `invalid_state_transition`: a warning step (it informs, it takes no decision);
 * - `conflict`: a step that is not the current one (already completed — also when two approvers
 *   act at once on an 'any' step: the second finds it completed —, not yet reached, or the
 *   workflow is over), or an approval already recorded for that approver;
 * - `segregation_of_duties`: the requester, or anyone acting on their behalf; a delegate who already
 *   approved the requisition, for themselves or for someone (one person's approval counts once);
 * - `forbidden`: someone who is not an awaited approver of the step, nor stands in for one through a
 *   delegation in force on `context.today`.
 */
export function applyApprovalDecision(
  state: ApprovalWorkflowState,
  decision: ApprovalDecision,
  context: ApprovalDecisionContext,
): ApprovalDecisionResult {
  const { plan } = state;
  const step = plan.steps[decision.stepIndex];
  if (!Number.isInteger(decision.stepIndex) || step === undefined) {
    throw new DomainError(
      'validation_failed',
      `There is no step ${decision.stepIndex} in the approval chain.`,
      [{ field: 'stepIndex', reason: 'is not a step of the approval chain' }],
    );
  }
  if (step.kind === 'warning') {
    throw new DomainError(
      'invalid_state_transition',
      `${stepName(plan, step.index)} is for information: it takes no decision.`,
    );
  }
  const before = replay(state);
  if (before.currentStepIndex !== step.index) {
    const where =
      before.currentStepIndex === null
        ? `the workflow is ${before.status}`
        : `${stepName(plan, before.currentStepIndex)} is`;
    throw new DomainError(
      'conflict',
      `${stepName(plan, step.index)} is not awaiting a decision: ${where}${before.currentStepIndex === null ? '' : ' awaiting decisions'}.`,
      { stepIndex: step.index, currentStepIndex: before.currentStepIndex, status: before.status },
    );
  }

  const actor = decision.actorUserId;
  const approver =
    decision.onBehalfOfUserId !== undefined && decision.onBehalfOfUserId !== actor
      ? decision.onBehalfOfUserId
      : actor;
  const onBehalf = approver === actor ? null : approver;
  const name = (id: string) => plan.people[id] ?? id;
  if (actor === plan.requesterId) {
    throw new DomainError(
      'segregation_of_duties',
      'The requester cannot approve or reject their own request.',
    );
  }
  if (approver === plan.requesterId) {
    throw new DomainError(
      'segregation_of_duties',
      'Nobody acts on behalf of the requester on their own request.',
    );
  }
  const earlier = before.approvedAt.get(approver);
  if (earlier !== undefined && step.approverUserIds.includes(approver)) {
    throw new DomainError(
      'conflict',
      `${name(approver)} already approved this requisition at ${stepName(plan, earlier)} and is not asked again.`,
    );
  }
  const progress = before.steps[step.index];
  if (progress?.approvedByUserIds.includes(approver)) {
    throw new DomainError(
      'conflict',
      `${name(approver)} has already approved ${stepName(plan, step.index)}.`,
    );
  }
  if (!progress?.awaitedApproverUserIds.includes(approver)) {
    throw new DomainError(
      'forbidden',
      `${name(approver)} is not an approver of ${stepName(plan, step.index)}.`,
    );
  }
  if (onBehalf !== null) {
    const delegated = context.delegations.some(
      (d) =>
        d.delegatorUserId === onBehalf && d.delegateUserId === actor && isDelegationInForce(d, context.today),
    );
    if (!delegated) {
      throw new DomainError(
        'forbidden',
        `${name(actor)} has no delegation from ${name(onBehalf)} in force on ${context.today}.`,
      );
    }
    const actorEarlier = before.approvedAt.get(actor);
    if (
      actorEarlier !== undefined ||
      state.decisions.some((d) => d.stepIndex === step.index && d.actorUserId === actor)
    ) {
      throw new DomainError(
        'segregation_of_duties',
        `${name(actor)} already approved this requisition at ${stepName(plan, actorEarlier ?? step.index)}: one person's approval counts once.`,
      );
    }
  } else if (state.decisions.some((d) => d.stepIndex === step.index && d.actorUserId === actor)) {
    throw new DomainError(
      'segregation_of_duties',
      `${name(actor)} already approved ${stepName(plan, step.index)} on behalf of someone: one person's approval counts once.`,
    );
  }

  const comment = decision.comment?.trim() ? decision.comment.trim() : null;
  const partial = {
    stepIndex: step.index,
    outcome: decision.outcome,
    actorUserId: actor,
    onBehalfOfUserId: onBehalf,
    approverUserId: approver,
    comment,
    decidedAt: context.now,
  };
  const record: ApprovalDecisionRecord = { ...partial, summary: describeApprovalDecision(partial, name) };
  const next: ApprovalWorkflowState = { plan, decisions: [...state.decisions, record] };
  return { state: next, events: eventsBetween(plan, before, replay(next), record), record };
}
