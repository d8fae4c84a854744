// Submitting purchase requests and deciding on them through the API: the chain the rules plan,
// segregation of duties, delegation, one decision per step under concurrency, and budget lines
// whose last euros two requests race for.

import type { TIdentity } from '@procura/http';
import { beforeEach, describe, expect, it } from 'vitest';
import { accountant, adminId, buyer, employee, manager, requisitionTestbed } from './support/requisitions.js';

const costCentreId = employee.costCentreIds[0] ?? '';
const bed = requisitionTestbed();
const { useRules, call, draft, submit, decide, ledgerOf } = bed;

describe('submitting a request', () => {
  beforeEach(() => useRules([{ name: 'Manager chain', approvers: { kind: 'manager_chain' } }]));

  it('plans the chain, starts the first step, and records the requested amount', async () => {
    const id = await draft('80.85');
    const submitted = await submit(id);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'in_approval', approvalRound: 1 });
    expect(submitted.body.approvalSteps).toEqual([
      expect.objectContaining({
        stepIndex: 0,
        status: 'pending',
        approvers: [{ userId: manager.userId, displayName: manager.displayName }],
      }),
    ]);
    expect(await ledgerOf(id)).toBe('80.85');
    const inbox = await call(manager, 'get', '/awaiting-my-approval');
    expect(inbox.body.requisitions.map((r: { id: string }) => r.id)).toContain(id);
    expect((await submit(id)).status).toBe(409);
  });

  it('names each step by its rule’s label when the rule has one', async () => {
    await useRules([
      { name: 'Manager chain', label: 'Validation du manager', approvers: { kind: 'manager_chain' } },
    ]);
    const submitted = await submit(await draft('30.00'));
    expect(submitted.body.approvalSteps[0].label).toBe('Validation du manager');
  });

  it('is approved at once when no rule asks anyone', async () => {
    await useRules([]);
    const submitted = await submit(await draft('12.00'));
    expect(submitted.body.status).toBe('approved');
    expect(submitted.body.approvalSteps).toEqual([]);
  });

  it('is refused when a step has nobody who may approve it, and nothing is written', async () => {
    // Nobody holds the role, and the requester (the accountant) has no manager to fall back on.
    await useRules([{ name: 'Nobody', approvers: { kind: 'role', role: 'auditor' } }]);
    const id = await draft('15.00', 'Sans approbateur', accountant);
    const refused = await submit(id, accountant);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('approval_chain_incomplete');
    expect((await call(accountant, 'get', `/${id}`)).body.status).toBe('draft');
    expect(await ledgerOf(id)).toBe('0');
  });

  it('may only be submitted by its requester', async () => {
    const id = await draft('10.00');
    expect((await call(buyer, 'post', `/${id}/submit`)).status).toBe(403);
  });
});

describe('deciding on a request', () => {
  beforeEach(() => useRules([{ name: 'Manager chain', approvers: { kind: 'manager_chain' } }]));

  it('approves through the API only, never by the requester, and keeps the timeline', async () => {
    const id = await draft('120.00');
    await submit(id);
    const own = await decide(employee, id, { stepIndex: 0, outcome: 'approved' });
    expect(own.status).toBe(403);
    const outsider = await decide(buyer, id, { stepIndex: 0, outcome: 'approved' });
    expect(outsider.status).toBe(403);
    const approved = await decide(manager, id, { stepIndex: 0, outcome: 'approved', comment: 'OK pour moi' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'submitted',
      'step_started',
      'step_approved',
      'approved',
    ]);
    expect(approved.body.timeline[3]).toMatchObject({
      actor: { userId: manager.userId, name: manager.displayName },
      onBehalfOf: null,
      comment: 'OK pour moi',
    });
    expect((await decide(manager, id, { stepIndex: 0, outcome: 'approved' })).status).toBe(409);
  });

  it('records a delegate’s approval as given on behalf of the approver', async () => {
    const id = await draft('75.00');
    await submit(id);
    const delegate: TIdentity = {
      ...buyer,
      actingFor: [{ userId: manager.userId, displayName: manager.displayName, endsOn: '2099-12-31' }],
    };
    const inbox = await call(delegate, 'get', '/awaiting-my-approval');
    expect(inbox.body.requisitions.find((r: { id: string }) => r.id === id)).toMatchObject({
      pendingStep: { index: 0, label: 'Manager chain', awaitedUserIds: [manager.userId] },
    });
    const approved = await decide(delegate, id, {
      stepIndex: 0,
      outcome: 'approved',
      onBehalfOfUserId: manager.userId,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.timeline.find((e: { kind: string }) => e.kind === 'step_approved')).toMatchObject({
      actor: { userId: buyer.userId },
      onBehalfOf: { userId: manager.userId, name: manager.displayName },
    });
    expect(approved.body.approvalSteps[0].decisions[0]).toMatchObject({
      approverUserId: manager.userId,
      actorUserId: buyer.userId,
    });
  });

  it('releases the requested amount when the request is rejected', async () => {
    const id = await draft('200.00');
    await submit(id);
    expect(await ledgerOf(id)).toBe('200.00');
    const rejected = await decide(manager, id, {
      stepIndex: 0,
      outcome: 'rejected',
      comment: 'Pas ce trimestre',
    });
    expect(rejected.body.status).toBe('rejected');
    expect(await ledgerOf(id)).toBe('0.00');
  });

  it('lets the requester withdraw: steps cancelled, requested amounts released, no decision possible after', async () => {
    const id = await draft('210.00');
    await submit(id);
    expect((await call(buyer, 'post', `/${id}/withdraw`, { reason: 'x' })).status).toBe(403);
    const withdrawn = await call(employee, 'post', `/${id}/withdraw`, { reason: 'Commandé autrement' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.approvalSteps.map((s: { status: string }) => s.status)).toEqual(['cancelled']);
    expect(withdrawn.body.timeline.at(-1)).toMatchObject({
      kind: 'withdrawn',
      comment: 'Commandé autrement',
    });
    expect(await ledgerOf(id)).toBe('0.00');
    expect((await decide(manager, id, { stepIndex: 0, outcome: 'approved' })).status).toBe(409);
    expect((await call(employee, 'post', `/${id}/withdraw`, {})).status).toBe(409);
  });

  it('takes one decision when two approvers of an any-one step act at the same moment', async () => {
    await useRules([
      {
        name: 'Direction',
        approvers: { kind: 'users', userIds: [manager.userId, accountant.userId] },
        mode: 'any',
      },
    ]);
    for (let round = 0; round < 5; round++) {
      const id = await draft('300.00', `Concurrent ${round}`);
      await submit(id);
      const answers = await Promise.all([
        decide(manager, id, { stepIndex: 0, outcome: 'approved' }),
        decide(accountant, id, { stepIndex: 0, outcome: 'rejected', comment: 'Non' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const decisions = await bed.db
        .selectFrom('purchasing.approval_decision as d')
        .innerJoin('purchasing.approval_step as s', 's.id', 'd.step_id')
        .select('d.outcome')
        .where('s.requisition_id', '=', id)
        .execute();
      expect(decisions).toHaveLength(1);
      const winner = answers.find((a) => a.status === 200);
      expect(winner?.body.status).toBe(decisions[0]?.outcome === 'approved' ? 'approved' : 'rejected');
    }
  });
});

describe('budget lines with policy stop', () => {
  beforeEach(() => useRules([]));

  async function budget(amount: string, policy: 'stop' | 'warn', category: string) {
    const year = new Date().getFullYear();
    await bed.db
      .insertInto('purchasing.budget_line')
      .values({
        entity_id: employee.entityId,
        cost_centre_id: costCentreId,
        budget_category: category,
        period_kind: 'fiscal_year',
        period_key: `FY${year}`,
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        amount,
        currency: 'EUR',
        policy,
        created_by: adminId,
      })
      .execute();
  }

  async function draftOn(category: string, amount: string) {
    const id = await draft(amount);
    await bed.db
      .updateTable('purchasing.requisition_line')
      .set({ budget_category: category })
      .where('requisition_id', '=', id)
      .execute();
    return id;
  }

  it('lets a request land exactly on the budget and refuses one cent more, naming the line', async () => {
    await budget('100.00', 'stop', '606100');
    const exact = await submit(await draftOn('606100', '100.00'));
    expect(exact.status).toBe(200);
    const over = await draftOn('606100', '0.01');
    const refused = await submit(over);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('budget_exceeded');
    expect(refused.body.errors[0].reason).toBe('0.00 EUR left, 0.01 asked (short by 0.01)');
    expect((await call(employee, 'get', `/${over}`)).body.status).toBe('draft');
  });

  it('lets exactly one of two requests racing for the last euros through', async () => {
    await budget('100.00', 'stop', '606200');
    for (let round = 0; round < 3; round++) {
      await bed.db
        .updateTable('purchasing.budget_line')
        .set({ amount: String(100 + 100 * round) })
        .where('budget_category', '=', '606200')
        .execute();
      // Each round starts with exactly 100 left: earlier rounds consumed 100 each.
      const [a, b] = [await draftOn('606200', '60.00'), await draftOn('606200', '60.00')];
      const answers = await Promise.all([submit(a), submit(b)]);
      expect(answers.map((x) => x.status).sort()).toEqual([200, 422]);
      await submit(await draftOn('606200', '40.00'));
    }
  });

  it('warns instead of refusing on a warn line, and marks the request over budget', async () => {
    await budget('50.00', 'warn', '606300');
    const submitted = await submit(await draftOn('606300', '80.00'));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ overBudget: true, budgetCheck: { outcome: 'warn' } });
  });
});
