// A request in another currency than its entity's is counted in the entity's currency at the rate
// finance recorded for the day: approval thresholds and limits, the budget check and the ledger all
// see the converted amount, and the request records the rate it was counted at.

import { demoUserEmails, demoUsers } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountant,
  adminId,
  draftBody,
  employee,
  manager,
  requisitionTestbed,
} from './support/requisitions.js';

const director = demoUsers.find((u) => u.email === demoUserEmails.director);
const bed = requisitionTestbed();
const { useRules, call, submit, ledgerOf } = bed;
const today = calendarDate(new Date());
const yesterday = calendarDate(new Date(Date.now() - 86_400_000));
const year = Number(today.slice(0, 4));

async function rates(identity = accountant, method: 'get' | 'post' = 'get', body?: object) {
  return bed.callPath(identity, method, '/api/v1/purchasing/exchange-rates', body);
}

/** A one-line draft of `amount` in `currency`, on budget category `budgetCategory`; its id. */
async function draftIn(currency: string, amount: string, budgetCategory = '606400') {
  const body = draftBody(amount, `Licence ${currency}`);
  const created = await call(employee, 'post', '', {
    ...body,
    currency,
    lines: body.lines.map((l) => ({ ...l, budgetCategory, unitPrice: { amount, currency } })),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('exchange rates', () => {
  it('are recorded by finance, refused from others or when malformed, and read by everyone', async () => {
    expect(
      (await rates(employee, 'post', { from: 'USD', to: 'EUR', rate: '0.9', effectiveOn: today })).status,
    ).toBe(403);
    const malformed = await rates(accountant, 'post', {
      from: 'USD',
      to: 'USD',
      rate: '-1',
      effectiveOn: '23/11',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((d: { field: string }) => d.field)).toEqual([
      'to',
      'rate',
      'effectiveOn',
    ]);

    const first = await rates(accountant, 'post', {
      from: 'USD',
      to: 'EUR',
      rate: '0.95',
      effectiveOn: yesterday,
    });
    expect(first.status).toBe(201);
    const correction = await rates(accountant, 'post', {
      from: 'USD',
      to: 'EUR',
      rate: '0.9000',
      effectiveOn: yesterday,
      note: 'Taux BCE corrigé',
    });
    expect(correction.body).toMatchObject({ rate: '0.9', recordedBy: { userId: accountant.userId } });

    const listed = await rates(employee, 'get');
    expect(listed.status).toBe(200);
    expect(listed.body.rates.map((r: { rate: string }) => r.rate)).toEqual(['0.9', '0.95']);
  });
});

describe('a request in another currency', () => {
  beforeAll(async () => {
    // Finance above 5,000 EUR; the manager chain for everything.
    await useRules([
      { name: 'Manager chain', approvers: { kind: 'manager_chain' } },
      {
        name: 'Finance',
        approvers: { kind: 'role', role: 'accountant' },
        conditions: { minAmount: '5000.00' },
      },
    ]);
    await bed.db
      .insertInto('purchasing.budget_line')
      .values({
        entity_id: employee.entityId,
        cost_centre_id: employee.costCentreIds[0] ?? '',
        budget_category: '606900',
        period_kind: 'fiscal_year',
        period_key: `FY${year}`,
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        amount: '4500.00',
        currency: 'EUR',
        policy: 'stop',
        created_by: adminId,
      })
      .execute();
  });

  it('is compared with the thresholds in the entity’s currency, shown in the preview', async () => {
    // 5,500 USD at 0.9 is 4,950 EUR: under the finance threshold although the figure is above it.
    const under = await draftIn('USD', '5500.00');
    const preview = await call(employee, 'get', `/${under}/approval-preview`);
    expect(preview.body.counting).toEqual({ entityCurrency: 'EUR', rate: '0.9', rateEffectiveOn: yesterday });
    expect(preview.body.approvalChain.amount).toEqual({ amount: '4950.00', currency: 'EUR' });
    expect(
      preview.body.approvalChain.steps.map((s: { approvers: { userId: string }[] }) => s.approvers),
    ).toEqual([[{ userId: manager.userId, displayName: manager.displayName }]]);

    // 5,600 USD is 5,040 EUR: beyond the manager's 5,000 EUR limit, so the chain goes up to the
    // next manager, and over the finance threshold.
    const over = await draftIn('USD', '5600.00');
    const submitted = await submit(over);
    expect(submitted.status).toBe(200);
    const approvers = submitted.body.approvalSteps.map((s: { approvers: { userId: string }[] }) =>
      s.approvers.map((a) => a.userId),
    );
    expect(approvers).toEqual([[manager.userId], [director?.id], [accountant.userId]]);
    expect(submitted.body.total).toEqual({ amount: '5600.00', currency: 'USD' });
    expect(submitted.body.counting).toEqual({
      entityCurrency: 'EUR',
      rate: '0.9',
      rateEffectiveOn: yesterday,
      total: { amount: '5040.00', currency: 'EUR' },
    });
  });

  it('is recorded in the ledger in the entity’s currency and checked against its budget lines', async () => {
    // 5,000 USD is 4,500 EUR: exactly what the stop line holds.
    const fits = await draftIn('USD', '5000.00', '606900');
    expect((await submit(fits)).status).toBe(200);
    expect(await ledgerOf(fits)).toBe('4500.00');
    const entries = await bed.db
      .selectFrom('purchasing.commitment_entry')
      .select('currency')
      .where('commitment_id', '=', fits)
      .execute();
    expect(entries.map((e) => e.currency)).toEqual(['EUR']);

    // One more dollar is 0.90 EUR over the line.
    const over = await draftIn('USD', '1.00', '606900');
    const refused = await submit(over);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('budget_exceeded');
    expect(refused.body.errors[0].reason).toContain('0.00 EUR left, 0.90 asked');
  });

  it('cannot be submitted while finance has no rate for its currency, and nothing is written', async () => {
    const id = await draftIn('GBP', '100.00');
    const refused = await submit(id);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('exchange_rate_missing');
    expect(refused.body.detail).toContain('GBP to EUR');
    expect((await call(employee, 'get', `/${id}`)).body.status).toBe('draft');
    expect(await ledgerOf(id)).toBe('0');
    expect((await call(employee, 'get', `/${id}/approval-preview`)).body.code).toBe('exchange_rate_missing');

    // Once finance records it, the same request goes.
    await rates(accountant, 'post', { from: 'GBP', to: 'EUR', rate: '1.15', effectiveOn: today });
    const submitted = await submit(id);
    expect(submitted.status).toBe(200);
    expect(submitted.body.counting.total).toEqual({ amount: '115.00', currency: 'EUR' });
    expect(await ledgerOf(id)).toBe('115.00');
  });

  it('is counted in its own currency when it is the entity’s', async () => {
    const id = await bed.draft('80.00');
    const submitted = await submit(id);
    expect(submitted.body.counting).toEqual({
      entityCurrency: 'EUR',
      rate: '1',
      rateEffectiveOn: null,
      total: { amount: '80.00', currency: 'EUR' },
    });
  });
});
