import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import {
  assessOrderRevision,
  billingStatusOf,
  isOrderComplete,
  nextPurchaseOrderStatus,
  type OrderLineQuantities,
  receiptStatusOf,
  receiveOnLine,
} from './order-lifecycle.js';

const line = (over: Partial<OrderLineQuantities> = {}): OrderLineQuantities => ({
  quantity: '10',
  received: '0',
  invoiced: '0',
  receiptRequired: true,
  cancelled: false,
  ...over,
});

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('order states', () => {
  it('moves along issue, acknowledgement, revision, closing and cancellation', () => {
    expect(nextPurchaseOrderStatus('draft', 'issue')).toBe('issued');
    expect(nextPurchaseOrderStatus('issued', 'acknowledge')).toBe('acknowledged');
    expect(nextPurchaseOrderStatus('acknowledged', 'revise')).toBe('issued');
    expect(nextPurchaseOrderStatus('acknowledged', 'close')).toBe('closed');
    expect(nextPurchaseOrderStatus('issued', 'cancel')).toBe('cancelled');
  });

  it('refuses what a closed or cancelled order cannot do', () => {
    expect(refusal(() => nextPurchaseOrderStatus('closed', 'revise')).code).toBe('invalid_state_transition');
    expect(refusal(() => nextPurchaseOrderStatus('cancelled', 'close')).code).toBe(
      'invalid_state_transition',
    );
    expect(refusal(() => nextPurchaseOrderStatus('cancelled', 'acknowledge')).code).toBe(
      'invalid_state_transition',
    );
  });
});

describe('receipt and billing status', () => {
  it('is derived from the lines, ignoring cancelled ones and services for receipt', () => {
    expect(receiptStatusOf([line(), line()])).toBe('none');
    expect(receiptStatusOf([line({ received: '10' }), line()])).toBe('partial');
    expect(receiptStatusOf([line({ received: '10' }), line({ cancelled: true })])).toBe('full');
    expect(receiptStatusOf([line({ received: '10' }), line({ receiptRequired: false })])).toBe('full');
    expect(billingStatusOf([line({ invoiced: '4' })])).toBe('partial');
    expect(billingStatusOf([line({ invoiced: '10' })])).toBe('full');
  });

  it('closes an order received and invoiced in full', () => {
    expect(isOrderComplete([line({ received: '10', invoiced: '10' })])).toBe(true);
    expect(isOrderComplete([line({ received: '10', invoiced: '9' })])).toBe(false);
    expect(isOrderComplete([line({ receiptRequired: false, invoiced: '10' })])).toBe(true);
    expect(isOrderComplete([line({ received: '9', invoiced: '10' })])).toBe(false);
  });
});

describe('receiving on a line', () => {
  it('accepts a partial receipt, the rest, and an over-receipt up to the tolerance exactly', () => {
    expect(receiveOnLine(line(), '4', '5', 'lines[0].quantity')).toBe('4');
    expect(receiveOnLine(line({ received: '4' }), '6', '5', 'q')).toBe('10');
    expect(receiveOnLine(line({ received: '10' }), '0.5', '5', 'q')).toBe('10.5');
  });

  it('refuses beyond the tolerance, a return of more than received, zero and cancelled lines', () => {
    const over = refusal(() => receiveOnLine(line({ received: '10' }), '0.5001', '5', 'lines[0].quantity'));
    expect(over.details).toEqual([
      { field: 'lines[0].quantity', reason: expect.stringContaining('10.5001') },
    ]);
    expect(refusal(() => receiveOnLine(line({ received: '2' }), '-3', '5', 'q')).message).toContain(
      'returns more',
    );
    expect(receiveOnLine(line({ received: '2' }), '-2', '5', 'q')).toBe('0');
    expect(refusal(() => receiveOnLine(line(), '0', '5', 'q')).message).toContain('zero');
    expect(refusal(() => receiveOnLine(line({ cancelled: true }), '1', '5', 'q')).message).toContain(
      'cancelled',
    );
  });
});

describe('revising an order', () => {
  const current = [
    { lineId: 'a', ...line({ received: '4', invoiced: '2' }) },
    { lineId: 'b', ...line() },
  ];

  it('needs approval only for an increase beyond the threshold', () => {
    const at = assessOrderRevision({
      current,
      revised: [],
      approvedTotal: '1000.00',
      revisedTotal: '1100.00',
      thresholdPercent: '10',
    });
    expect(at).toEqual({ requiresApproval: false, increasePercent: '10.00' });
    const over = assessOrderRevision({
      current,
      revised: [],
      approvedTotal: '1000.00',
      revisedTotal: '1100.01',
      thresholdPercent: '10',
    });
    expect(over.requiresApproval).toBe(true);
    expect(
      assessOrderRevision({
        current,
        revised: [],
        approvedTotal: '1000',
        revisedTotal: '500',
        thresholdPercent: '10',
      }).requiresApproval,
    ).toBe(false);
  });

  it('refuses a line below what was received or invoiced, and cancelling a line with receipts', () => {
    const error = refusal(() =>
      assessOrderRevision({
        current,
        revised: [
          { lineId: 'a', quantity: '3', unitPrice: '1', cancelled: false },
          { lineId: 'b', quantity: '0', unitPrice: '1', cancelled: true },
          { lineId: 'zz', quantity: '1', unitPrice: '1', cancelled: false },
        ],
        approvedTotal: '100',
        revisedTotal: '100',
        thresholdPercent: '10',
      }),
    );
    expect(error.details).toEqual([
      { field: 'lines[0].quantity', reason: 'cannot go below 4, already received or invoiced' },
      { field: 'lines[2].lineId', reason: 'is not a line of this order' },
    ]);
    const cancelled = refusal(() =>
      assessOrderRevision({
        current,
        revised: [{ lineId: 'a', quantity: '10', unitPrice: '1', cancelled: true }],
        approvedTotal: '100',
        revisedTotal: '60',
        thresholdPercent: '10',
      }),
    );
    expect(cancelled.details).toEqual([
      { field: 'lines[0].cancelled', reason: 'cannot cancel a line with 4 already received or invoiced' },
    ]);
  });
});
