import { describe, expect, it } from 'vitest';
import { money } from '../money/money.js';
import { thrownBy } from '../testing/thrown-by.js';
import { type ApprovalDirectoryUser, type ApprovalPlan, planApprovalChain } from './approval-plan.js';
import type { ApprovalRule } from './approval-rule.js';
import {
  type ApprovalDecision,
  type ApprovalDelegation,
  type ApprovalWorkflowState,
  applyApprovalDecision,
  approvalProgress,
  currentApprovalStep,
  describeApprovalDecision,
  pendingApprovers,
  startApprovalWorkflow,
} from './approval-workflow.js';

// Ann requests; Mia (1 000) → Max (10 000) → Cleo; Fay and Fred are finance; Dan stands in for people.
function user(id: string, fields: Partial<ApprovalDirectoryUser> = {}): ApprovalDirectoryUser {
  const name = id[0]?.toUpperCase() + id.slice(1);
  return {
    id,
    displayName: name,
    managerUserId: null,
    approvalLimit: null,
    roles: [],
    active: true,
    ...fields,
  };
}
const directory = {
  users: [
    user('ann', { managerUserId: 'mia' }),
    user('mia', { managerUserId: 'max', approvalLimit: '1000' }),
    user('max', { managerUserId: 'cleo', approvalLimit: '10000' }),
    user('cleo', { approvalLimit: '1000000' }),
    user('fay', { managerUserId: 'cleo', roles: ['finance'] }),
    user('fred', { managerUserId: 'cleo', roles: ['finance'] }),
    user('dan', { managerUserId: 'max' }),
    user('bea', { managerUserId: 'cleo' }),
  ],
  costCentres: [{ id: 'CC-OPS', managerUserId: 'mia' }],
};

function rule(id: string, order: number, fields: Partial<ApprovalRule> = {}): ApprovalRule {
  return {
    id,
    name: id,
    order,
    kind: 'blocking',
    active: true,
    conditions: {},
    step: { approvers: { kind: 'manager_chain' }, mode: 'any' },
    ...fields,
  };
}
const managerChain = rule('chain', 10, { name: 'Manager approval' });
const finance = (mode: 'any' | 'all') =>
  rule('finance', 40, {
    name: 'Finance',
    conditions: { minAmount: '5000' },
    step: { approvers: { kind: 'role', role: 'finance' }, mode },
  });
const users = (id: string, order: number, userIds: string[], fields: Partial<ApprovalRule> = {}) =>
  rule(id, order, { step: { approvers: { kind: 'users', userIds }, mode: 'all' }, ...fields });

function planFor(total: string, rules: readonly ApprovalRule[], requesterId = 'ann'): ApprovalPlan {
  return planApprovalChain({
    requisition: {
      requesterId,
      entityId: 'FR01',
      costCentreId: 'CC-OPS',
      total: money(total, 'EUR'),
      lines: [
        { categoryCode: '44121600', supplierId: 'sup-office', freeText: false, amount: money(total, 'EUR') },
      ],
      budgetState: 'within',
    },
    rules,
    entityCurrency: 'EUR',
    exchangeRates: {},
    directory,
  });
}

const started = (plan: ApprovalPlan) => startApprovalWorkflow(plan).state;

function context(today = '2026-03-10', delegations: readonly ApprovalDelegation[] = []) {
  return { now: `${today}T09:00:00Z`, today, delegations };
}

function decide(
  state: ApprovalWorkflowState,
  actorUserId: string,
  stepIndex: number,
  fields: Partial<ApprovalDecision> = {},
  at = context(),
) {
  return applyApprovalDecision(state, { actorUserId, stepIndex, outcome: 'approved', ...fields }, at);
}

/** Applies approvals in order, each on the state the previous one returned. */
function approveAll(state: ApprovalWorkflowState, ...steps: [string, number][]): ApprovalWorkflowState {
  return steps.reduce((current, [actor, index]) => decide(current, actor, index).state, state);
}

// 6 000 EUR: Mia (step 0), Max (step 1), then finance (step 2).
const sixThousand = (mode: 'any' | 'all' = 'any') => planFor('6000', [managerChain, finance(mode)]);

describe('starting the workflow', () => {
  it('starts the first step and names whom to ask', () => {
    const { state, events } = startApprovalWorkflow(sixThousand());
    expect(events).toEqual([{ type: 'step_started', stepIndex: 0, approverUserIds: ['mia'] }]);
    expect(currentApprovalStep(state)?.approverUserIds).toEqual(['mia']);
    expect(approvalProgress(state).status).toBe('in_progress');
  });

  it('approves at once a requisition no blocking rule applies to', () => {
    const { state, events } = startApprovalWorkflow(planFor('10', []));
    expect(events).toEqual([{ type: 'approved' }]);
    expect(approvalProgress(state).status).toBe('approved');
  });

  it('refuses to start a plan with a step nobody can approve', () => {
    // Cleo is the only one named and has no manager to fall back on.
    const nobody = planFor('10', [users('ceo', 1, ['cleo'])], 'cleo');
    expect(nobody.submittable).toBe(false);
    const error = thrownBy(() => startApprovalWorkflow(nobody));
    expect(error.code).toBe('invalid_state_transition');
    expect(error.details).toEqual({ stepIndexes: [0] });
  });
});

describe('deciding steps in order', () => {
  it('moves from step to step and approves the requisition after the last one', () => {
    let state = started(sixThousand());
    const first = decide(state, 'mia', 0);
    expect(first.events).toEqual([
      { type: 'step_completed', stepIndex: 0, carriedOver: false },
      { type: 'step_started', stepIndex: 1, approverUserIds: ['max'] },
    ]);
    state = decide(first.state, 'max', 1).state;
    const last = decide(state, 'fay', 2, { comment: '  Budget checked  ' });
    expect(last.events).toEqual([
      { type: 'step_completed', stepIndex: 2, carriedOver: false },
      { type: 'approved' },
    ]);
    expect(last.record).toMatchObject({
      stepIndex: 2,
      actorUserId: 'fay',
      onBehalfOfUserId: null,
      approverUserId: 'fay',
      comment: 'Budget checked',
      decidedAt: '2026-03-10T09:00:00Z',
      summary: 'approved by Fay on 2026-03-10T09:00:00Z',
    });
    expect(approvalProgress(last.state).status).toBe('approved');
    expect(currentApprovalStep(last.state)).toBeNull();
    expect(last.state.decisions).toHaveLength(3);
  });

  it('refuses a decision on a later step out of turn, naming the current one', () => {
    const error = thrownBy(() => decide(started(sixThousand()), 'max', 1));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('step 1 “Manager approval” is awaiting decisions');
    expect(error.details).toEqual({ stepIndex: 1, currentStepIndex: 0, status: 'in_progress' });
  });

  it('refuses a decision on a step already completed', () => {
    const state = approveAll(started(sixThousand()), ['mia', 0]);
    expect(thrownBy(() => decide(state, 'mia', 0)).code).toBe('conflict');
  });

  it('refuses a step index outside the plan', () => {
    const error = thrownBy(() => decide(started(sixThousand()), 'mia', 7));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'stepIndex', reason: 'is not a step of the approval chain' }]);
  });

  it('refuses someone who is not an approver of the step', () => {
    const error = thrownBy(() => decide(started(sixThousand()), 'fay', 0));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('Fay is not an approver of step 1 “Manager approval”.');
  });

  it('refuses the requester, even standing in for an approver', () => {
    const toRequester = [
      {
        delegatorUserId: 'mia',
        delegateUserId: 'ann',
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        revoked: false,
      },
    ];
    const error = thrownBy(() =>
      decide(
        started(sixThousand()),
        'ann',
        0,
        { onBehalfOfUserId: 'mia' },
        context('2026-03-10', toRequester),
      ),
    );
    expect(error.code).toBe('segregation_of_duties');
  });

  it('refuses a decision on behalf of the requester', () => {
    const fromRequester = [
      {
        delegatorUserId: 'ann',
        delegateUserId: 'dan',
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        revoked: false,
      },
    ];
    const error = thrownBy(() =>
      decide(
        started(sixThousand()),
        'dan',
        0,
        { onBehalfOfUserId: 'ann' },
        context('2026-03-10', fromRequester),
      ),
    );
    expect(error.code).toBe('segregation_of_duties');
  });
});

describe('any one or all', () => {
  it('completes an any-one step with the first approval; the second approver acting at the same moment is refused', () => {
    const atFinance = approveAll(started(sixThousand('any')), ['mia', 0], ['max', 1]);
    const fay = decide(atFinance, 'fay', 2);
    expect(fay.events.at(-1)).toEqual({ type: 'approved' });
    const error = thrownBy(() => decide(fay.state, 'fred', 2));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('the workflow is approved');
    expect(fay.state.decisions.filter((d) => d.stepIndex === 2)).toHaveLength(1);
  });

  it('waits for every approver of an all step, and refuses the same approval twice', () => {
    const atFinance = approveAll(started(sixThousand('all')), ['mia', 0], ['max', 1]);
    const fay = decide(atFinance, 'fay', 2);
    expect(fay.events).toEqual([]);
    expect(currentApprovalStep(fay.state)?.index).toBe(2);
    expect(pendingApprovers(fay.state, [], '2026-03-10')).toEqual([
      { approverUserId: 'fred', delegateUserIds: [] },
    ]);
    const twice = thrownBy(() => decide(fay.state, 'fay', 2));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toContain('Fay has already approved step 3');
    const fred = decide(fay.state, 'fred', 2);
    expect(fred.events).toEqual([
      { type: 'step_completed', stepIndex: 2, carriedOver: false },
      { type: 'approved' },
    ]);
  });
});

describe('rejection', () => {
  it('ends the workflow: the later steps are never reached and take no decision', () => {
    const atMax = approveAll(started(sixThousand()), ['mia', 0]);
    const rejected = decide(atMax, 'max', 1, { outcome: 'rejected', comment: 'Buy the cheaper model' });
    expect(rejected.events).toEqual([
      { type: 'rejected', stepIndex: 1, actorUserId: 'max', onBehalfOfUserId: null },
    ]);
    expect(rejected.record.summary).toBe('rejected by Max on 2026-03-10T09:00:00Z');
    const progress = approvalProgress(rejected.state);
    expect(progress.status).toBe('rejected');
    expect(progress.steps.map((s) => s.status)).toEqual(['completed', 'rejected', 'pending']);
    expect(pendingApprovers(rejected.state, [], '2026-03-10')).toEqual([]);
    expect(thrownBy(() => decide(rejected.state, 'fay', 2)).message).toContain('the workflow is rejected');
  });

  it('rejects an all step on the first rejection, whatever the others did', () => {
    const atFinance = approveAll(started(sixThousand('all')), ['mia', 0], ['max', 1], ['fay', 2]);
    const rejected = decide(atFinance, 'fred', 2, { outcome: 'rejected' });
    expect(approvalProgress(rejected.state).status).toBe('rejected');
  });
});

describe('delegation', () => {
  const miaAway: ApprovalDelegation = {
    delegatorUserId: 'mia',
    delegateUserId: 'dan',
    startsOn: '2026-03-01',
    endsOn: '2026-03-15',
    revoked: false,
  };

  it('accepts a delegate in force and records “approved by X on behalf of Y”', () => {
    const result = decide(
      started(sixThousand()),
      'dan',
      0,
      { onBehalfOfUserId: 'mia' },
      context('2026-03-10', [miaAway]),
    );
    expect(result.record).toMatchObject({
      actorUserId: 'dan',
      onBehalfOfUserId: 'mia',
      approverUserId: 'mia',
    });
    expect(result.record.summary).toBe('approved by dan on behalf of Mia on 2026-03-10T09:00:00Z');
    const names: Record<string, string> = { dan: 'Dan Durand', mia: 'Mia Martin' };
    expect(describeApprovalDecision(result.record, (id) => names[id] ?? id)).toBe(
      'approved by Dan Durand on behalf of Mia Martin on 2026-03-10T09:00:00Z',
    );
    expect(result.events[0]).toEqual({ type: 'step_completed', stepIndex: 0, carriedOver: false });
  });

  it('accepts it on its first and last days, and refuses it the day after or when revoked', () => {
    const actAs =
      (today: string, delegation = miaAway) =>
      () =>
        decide(started(sixThousand()), 'dan', 0, { onBehalfOfUserId: 'mia' }, context(today, [delegation]));
    expect(actAs('2026-03-01')().record.approverUserId).toBe('mia');
    expect(actAs('2026-03-15')().record.approverUserId).toBe('mia');
    const expired = thrownBy(actAs('2026-03-16'));
    expect(expired.code).toBe('forbidden');
    expect(expired.message).toBe('dan has no delegation from Mia in force on 2026-03-16.');
    expect(thrownBy(actAs('2026-03-10', { ...miaAway, revoked: true })).code).toBe('forbidden');
  });

  it('refuses a delegation from someone who is not an approver of the step', () => {
    const fromFay = { ...miaAway, delegatorUserId: 'fay' };
    const error = thrownBy(() =>
      decide(started(sixThousand()), 'dan', 0, { onBehalfOfUserId: 'fay' }, context('2026-03-10', [fromFay])),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('Fay is not an approver');
  });

  it('refuses a delegate who already approved the requisition: one person’s approval counts once', () => {
    const maxToMia = { ...miaAway, delegatorUserId: 'max', delegateUserId: 'mia' };
    const atMax = approveAll(started(sixThousand()), ['mia', 0]);
    const error = thrownBy(() =>
      decide(atMax, 'mia', 1, { onBehalfOfUserId: 'max' }, context('2026-03-10', [maxToMia])),
    );
    expect(error.code).toBe('segregation_of_duties');
    expect(pendingApprovers(atMax, [maxToMia], '2026-03-10')).toEqual([
      { approverUserId: 'max', delegateUserIds: [] },
    ]);
  });

  it('refuses one person approving an all step for themselves and for a colleague, in either order', () => {
    const fayToFred = { ...miaAway, delegatorUserId: 'fay', delegateUserId: 'fred' };
    const at = context('2026-03-10', [fayToFred]);
    const atFinance = approveAll(started(sixThousand('all')), ['mia', 0], ['max', 1]);
    const selfFirst = decide(atFinance, 'fred', 2, {}, at).state;
    expect(thrownBy(() => decide(selfFirst, 'fred', 2, { onBehalfOfUserId: 'fay' }, at)).code).toBe(
      'segregation_of_duties',
    );
    const forFayFirst = decide(atFinance, 'fred', 2, { onBehalfOfUserId: 'fay' }, at).state;
    expect(thrownBy(() => decide(forFayFirst, 'fred', 2, {}, at)).code).toBe('segregation_of_duties');
    expect(pendingApprovers(forFayFirst, [fayToFred], '2026-03-10')).toEqual([
      { approverUserId: 'fred', delegateUserIds: [] },
    ]);
  });

  it('lists who may stand in for each pending approver: in force, never the requester', () => {
    const delegations: ApprovalDelegation[] = [
      miaAway,
      { ...miaAway, delegateUserId: 'ann' },
      { ...miaAway, delegateUserId: 'bea', endsOn: '2026-03-09' },
      { ...miaAway, delegateUserId: 'cleo', revoked: true },
      { ...miaAway, delegatorUserId: 'max', delegateUserId: 'fred' },
    ];
    expect(pendingApprovers(started(sixThousand()), delegations, '2026-03-10')).toEqual([
      { approverUserId: 'mia', delegateUserIds: ['dan'] },
    ]);
  });
});

describe('nobody is asked twice, as decisions come in', () => {
  // Step 0: any one of Fay and Fred; step 1: Fay (she may already have approved step 0).
  const fayTwice = () =>
    planFor('6000', [
      finance('any'),
      users('controller', 50, ['fay'], {
        step: { approvers: { kind: 'users', userIds: ['fay'] }, mode: 'any' },
      }),
    ]);

  it('carries Fay’s approval of the earlier step over to the later one', () => {
    const result = decide(started(fayTwice()), 'fay', 0);
    expect(result.events).toEqual([
      { type: 'step_completed', stepIndex: 0, carriedOver: false },
      { type: 'step_completed', stepIndex: 1, carriedOver: true },
      { type: 'approved' },
    ]);
  });

  it('still asks Fay when Fred approved the earlier step', () => {
    const result = decide(started(fayTwice()), 'fred', 0);
    expect(result.events.at(-1)).toEqual({ type: 'step_started', stepIndex: 1, approverUserIds: ['fay'] });
  });

  it('asks only the others of an all step, and refuses the one who already approved', () => {
    const plan = planFor('6000', [finance('any'), users('pair', 50, ['fay', 'max'])]);
    const state = decide(started(plan), 'fay', 0).state;
    expect(pendingApprovers(state, [], '2026-03-10')).toEqual([
      { approverUserId: 'max', delegateUserIds: [] },
    ]);
    const error = thrownBy(() => decide(state, 'fay', 1));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Fay already approved this requisition at step 1');
  });
});

describe('warning steps', () => {
  // Step 0 informs Bea, step 1 is Mia's approval, step 2 informs Dan.
  const informed = () =>
    planFor('500', [
      users('inform-bea', 1, ['bea'], { kind: 'warning' }),
      managerChain,
      users('inform-dan', 90, ['dan'], { kind: 'warning' }),
    ]);

  it('informs their people when the workflow reaches them, and never wait for them', () => {
    const start = startApprovalWorkflow(informed());
    expect(start.events).toEqual([
      { type: 'step_informed', stepIndex: 0, userIds: ['bea'] },
      { type: 'step_started', stepIndex: 1, approverUserIds: ['mia'] },
    ]);
    const approved = decide(start.state, 'mia', 1);
    expect(approved.events).toEqual([
      { type: 'step_completed', stepIndex: 1, carriedOver: false },
      { type: 'step_informed', stepIndex: 2, userIds: ['dan'] },
      { type: 'approved' },
    ]);
  });

  it('take no decision', () => {
    const error = thrownBy(() => decide(started(informed()), 'bea', 0));
    expect(error.code).toBe('invalid_state_transition');
    expect(error.message).toContain('is for information');
  });

  it('after a rejection, are never reached', () => {
    const rejected = decide(started(informed()), 'mia', 1, { outcome: 'rejected' });
    expect(rejected.events.map((e) => e.type)).toEqual(['rejected']);
    expect(approvalProgress(rejected.state).steps.map((s) => s.status)).toEqual([
      'informed',
      'rejected',
      'pending',
    ]);
  });

  it('alone do not hold a requisition back', () => {
    const { events } = startApprovalWorkflow(
      planFor('10', [users('inform-bea', 1, ['bea'], { kind: 'warning' })]),
    );
    expect(events).toEqual([{ type: 'step_informed', stepIndex: 0, userIds: ['bea'] }, { type: 'approved' }]);
  });
});
