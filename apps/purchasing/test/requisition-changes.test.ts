// What the requester sees before submitting (budget check and approval chain), changes to a request
// after submission (ledger moved, approval restarted when the change matters), and approving
// several requests at once within the approver's limit.
import { beforeEach, describe, expect, it } from 'vitest';
import { accountant, draftBody, employee, manager, requisitionTestbed } from './support/requisitions.js';

const bed = requisitionTestbed();
const { useRules, call, draft, submit, decide, ledgerOf } = bed;
const managerChain = { name: 'Manager chain', approvers: { kind: 'manager_chain' } };

async function change(id: string, amount: string, overrides: Record<string, unknown> = {}) {
  const current = await call(employee, 'get', `/${id}`);
  return call(employee, 'put', `/${id}`, {
    ...draftBody(amount, current.body.title),
    version: current.body.version,
    ...overrides,
  });
}

describe('the preview before submitting', () => {
  beforeEach(() => useRules([managerChain]));

  it('shows the chain and budget check the request would meet, and changes nothing', async () => {
    const id = await draft('250.00');
    const preview = await call(employee, 'get', `/${id}/approval-preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.approvalChain).toMatchObject({
      submittable: true,
      amount: { amount: '250.00', currency: 'EUR' },
      steps: [
        {
          index: 0,
          kind: 'blocking',
          approvers: [{ userId: manager.userId, displayName: manager.displayName }],
        },
      ],
    });
    expect(preview.body.budgetCheck.outcome).toBe('allowed');
    expect((await call(employee, 'get', `/${id}`)).body.status).toBe('draft');
    expect(await ledgerOf(id)).toBe('0');
  });

  it('is the requester’s alone', async () => {
    const id = await draft('20.00');
    expect((await call(manager, 'get', `/${id}/approval-preview`)).status).toBe(404);
  });
});

describe('changing a request', () => {
  beforeEach(() => useRules([managerChain]));

  it('changes a draft freely and refuses a change made on a stale version', async () => {
    const id = await draft('40.00');
    const changed = await change(id, '45.00');
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'draft', version: 2, total: { amount: '45.00' } });
    const stale = await call(employee, 'put', `/${id}`, { ...draftBody('99.00'), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].field).toBe('version');
    expect((await call(employee, 'get', `/${id}`)).body.total.amount).toBe('45.00');
  });

  it('restarts approval when the amount goes up after approval, and moves the ledger', async () => {
    const id = await draft('300.00');
    await submit(id);
    const approved = await decide(manager, id, { stepIndex: 0, outcome: 'approved' });
    expect(approved.body.status).toBe('approved');
    expect(await ledgerOf(id)).toBe('300.00');

    const raised = await change(id, '350.00');
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      status: 'in_approval',
      approvalRound: 2,
      approvalRestart: { restarted: true, reasons: ['amount_increased'] },
    });
    expect(await ledgerOf(id)).toBe('350.00');
    const rounds = raised.body.approvalSteps.map((s: { round: number; status: string }) => [
      s.round,
      s.status,
    ]);
    expect(rounds).toEqual([
      [1, 'approved'],
      [2, 'pending'],
    ]);
    expect(raised.body.timeline.map((e: { kind: string }) => e.kind).slice(-3)).toEqual([
      'changed',
      'approval_restarted',
      'step_started',
    ]);
    const inbox = await call(manager, 'get', '/awaiting-my-approval');
    expect(inbox.body.requisitions.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('keeps the approval when the amount goes down, with the ledger at the new amount', async () => {
    const id = await draft('500.00');
    await submit(id);
    await decide(manager, id, { stepIndex: 0, outcome: 'approved' });
    const lowered = await change(id, '420.00');
    expect(lowered.body).toMatchObject({
      status: 'approved',
      approvalRound: 1,
      approvalRestart: { restarted: false, reasons: [] },
    });
    expect(await ledgerOf(id)).toBe('420.00');
  });

  it('restarts approval when the supplier changes, even at the same amount', async () => {
    const id = await draft('90.00');
    await submit(id);
    await decide(manager, id, { stepIndex: 0, outcome: 'approved' });
    const current = await call(employee, 'get', `/${id}`);
    const switched = await call(employee, 'put', `/${id}`, {
      ...draftBody('90.00', current.body.title, employee, '0a4d2f7e-1b3c-4d5e-8f90-a1b2c3d4e5f6'),
      version: current.body.version,
    });
    expect(switched.body.approvalRestart).toEqual({ restarted: true, reasons: ['supplier_changed'] });
    expect(switched.body.status).toBe('in_approval');
  });

  it('refuses a change that overdraws a stop budget line, leaving the request as it was', async () => {
    const year = new Date().getFullYear();
    await bed.db
      .insertInto('purchasing.budget_line')
      .values({
        entity_id: employee.entityId,
        cost_centre_id: employee.costCentreIds[0] ?? '',
        budget_category: '606400',
        period_kind: 'fiscal_year',
        period_key: `FY${year}`,
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        amount: '100000.00',
        currency: 'EUR',
        policy: 'stop',
        created_by: manager.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const id = await draft('100.00');
    await submit(id);
    const tooMuch = await change(id, '999999.00');
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('budget_exceeded');
    const after = await call(employee, 'get', `/${id}`);
    expect(after.body).toMatchObject({ version: 1, total: { amount: '100.00' }, status: 'in_approval' });
    expect(await ledgerOf(id)).toBe('100.00');
  });

  it('refuses changes to a request that is decided or not the caller’s', async () => {
    const id = await draft('60.00');
    await submit(id);
    await decide(manager, id, { stepIndex: 0, outcome: 'rejected', comment: 'Non' });
    expect((await change(id, '50.00')).status).toBe(409);
    const other = await draft('10.00');
    const current = await call(employee, 'get', `/${other}`);
    expect(
      (await call(manager, 'put', `/${other}`, { ...draftBody('5.00'), version: current.body.version }))
        .status,
    ).toBe(404);
  });
});

describe('approving several requests at once', () => {
  beforeEach(() => useRules([managerChain]));

  it('approves those within the approver’s limit and refuses the others, each on its own', async () => {
    // The manager's limit is 5,000 EUR; above 4,000 the accountant approves after the manager.
    await useRules([
      managerChain,
      {
        name: 'Finance',
        approvers: { kind: 'users', userIds: [accountant.userId] },
        conditions: { minAmount: '4000' },
      },
    ]);
    const small = await draft('120.00', 'Petit achat');
    const medium = await draft('4800.00', 'Achat moyen');
    for (const id of [small, medium]) expect((await submit(id)).status).toBe(200);
    const bulk = await call(manager, 'post', '/bulk-decisions', {
      comment: 'Validé en lot',
      items: [
        { requisitionId: small, stepIndex: 0 },
        { requisitionId: medium, stepIndex: 0 },
        { requisitionId: small, stepIndex: 0 },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([
      { requisitionId: small, decided: true, status: 'approved' },
      { requisitionId: medium, decided: true, status: 'in_approval' },
      expect.objectContaining({
        requisitionId: small,
        decided: false,
        problem: expect.objectContaining({ code: 'invalid_state_transition' }),
      }),
    ]);
    const smallAfter = await call(employee, 'get', `/${small}`);
    expect(smallAfter.body.timeline.find((e: { kind: string }) => e.kind === 'step_approved')).toMatchObject({
      comment: 'Validé en lot',
    });
  });

  it('refuses amounts over the approver’s limit', async () => {
    await useRules([{ name: 'Named', approvers: { kind: 'users', userIds: [manager.userId] } }]);
    const big = await draft('7500.00', 'Gros achat');
    await submit(big);
    const bulk = await call(manager, 'post', '/bulk-decisions', {
      items: [{ requisitionId: big, stepIndex: 0 }],
    });
    expect(bulk.body.results[0]).toMatchObject({ decided: false, problem: { code: 'forbidden' } });
    expect(bulk.body.results[0].problem.detail).toContain('approval limit');
    expect((await call(employee, 'get', `/${big}`)).body.status).toBe('in_approval');
  });

  it('names what is wrong with the list', async () => {
    const empty = await call(manager, 'post', '/bulk-decisions', { items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0]).toMatchObject({
      field: 'body.items',
      reason: 'choose at least one request',
    });
  });
});
