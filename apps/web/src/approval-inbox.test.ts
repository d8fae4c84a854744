import { describe, expect, it } from 'vitest';
import type { AwaitingRequisition } from './api.js';
import {
  amountBound,
  bulkItemOf,
  bulkResultRows,
  emptyInboxFilter,
  filterAwaiting,
} from './approval-inbox.js';

const awaiting = (over: Partial<AwaitingRequisition> & { id: string }): AwaitingRequisition => ({
  number: `REQ-2026-${over.id}`,
  title: 'Papier',
  status: 'in_approval',
  total: { amount: '100.00', currency: 'EUR' },
  requester: { userId: 'employee', name: 'Léa Moreau' },
  createdAt: '2026-03-01T09:00:00Z',
  submittedAt: '2026-03-01T09:05:00Z',
  pendingStep: { index: 0, label: 'Manager', awaitedUserIds: ['manager'] },
  ...over,
});
const inbox = [
  awaiting({ id: '000001', title: 'Ramettes pour le salon', total: { amount: '49.00', currency: 'EUR' } }),
  awaiting({ id: '000002', title: 'Écrans', total: { amount: '4800.00', currency: 'EUR' } }),
  awaiting({
    id: '000003',
    title: 'Serveur',
    total: { amount: '7500.00', currency: 'EUR' },
    requester: { userId: 'buyer', name: 'Sophie Garnier' },
  }),
];
const ids = (list: AwaitingRequisition[]) => list.map((r) => r.id);

describe('filtering the approvals inbox', () => {
  it('keeps everything when nothing is typed', () => {
    expect(ids(filterAwaiting(inbox, emptyInboxFilter))).toEqual(['000001', '000002', '000003']);
  });

  it('finds every word in the number, title or requester, whatever the case and accents', () => {
    expect(ids(filterAwaiting(inbox, { ...emptyInboxFilter, text: 'ecrans' }))).toEqual(['000002']);
    expect(ids(filterAwaiting(inbox, { ...emptyInboxFilter, text: 'LEA salon' }))).toEqual(['000001']);
    expect(ids(filterAwaiting(inbox, { ...emptyInboxFilter, text: 'REQ-2026-000003' }))).toEqual(['000003']);
    expect(ids(filterAwaiting(inbox, { ...emptyInboxFilter, text: 'garnier' }))).toEqual(['000003']);
  });

  it('keeps totals within the range, both bounds included', () => {
    expect(ids(filterAwaiting(inbox, { text: '', minAmount: '49', maxAmount: '4 800,00' }))).toEqual([
      '000001',
      '000002',
    ]);
    expect(ids(filterAwaiting(inbox, { text: '', minAmount: '5000', maxAmount: '' }))).toEqual(['000003']);
  });

  it('ignores a bound that is not an amount, which the page flags', () => {
    expect(amountBound('12abc')).toBe('invalid');
    expect(amountBound('')).toBeNull();
    expect(amountBound('1\u202f500,50')).toBe(1500.5);
    expect(ids(filterAwaiting(inbox, { text: '', minAmount: 'abc', maxAmount: '' }))).toHaveLength(3);
  });
});

describe('approving several requests at once', () => {
  it('decides the pending step in the caller’s own name when it awaits them', () => {
    expect(bulkItemOf(inbox[0] as AwaitingRequisition, 'manager')).toEqual({
      requisitionId: '000001',
      stepIndex: 0,
      onBehalfOfUserId: null,
    });
  });

  it('decides on behalf of the person who delegated, when the step awaits them and not the caller', () => {
    const delegated = awaiting({
      id: '000004',
      pendingStep: { index: 2, label: 'Finance', awaitedUserIds: ['accountant'] },
    });
    expect(bulkItemOf(delegated, 'delegate')).toEqual({
      requisitionId: '000004',
      stepIndex: 2,
      onBehalfOfUserId: 'accountant',
    });
  });

  it('names each result by its request: approved with its status, or refused with the reason', () => {
    const rows = bulkResultRows(
      [
        { requisitionId: '000001', decided: true, status: 'approved' },
        {
          requisitionId: '000003',
          decided: false,
          problem: { code: 'forbidden', detail: 'over your approval limit of 5,000.00 EUR' },
        },
      ],
      inbox,
    );
    expect(rows).toEqual([
      {
        requisitionId: '000001',
        number: 'REQ-2026-000001',
        title: 'Ramettes pour le salon',
        decided: true,
        status: 'approved',
      },
      {
        requisitionId: '000003',
        number: 'REQ-2026-000003',
        title: 'Serveur',
        decided: false,
        detail: 'over your approval limit of 5,000.00 EUR',
      },
    ]);
  });
});
