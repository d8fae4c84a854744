import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import {
  allowedInvoiceActions,
  finalInvoiceStatuses,
  invoiceActions,
  invoiceStatuses,
  nextInvoiceStatus,
  reformInvoiceStatuses,
} from './invoice-lifecycle.js';

describe('invoice lifecycle', () => {
  it('walks an invoice from received to approved to paid', () => {
    const approved = nextInvoiceStatus('received', 'approve');
    expect(approved).toBe('approved');
    expect(nextInvoiceStatus(approved, 'pay')).toBe('paid');
  });

  it('holds a received or approved invoice with a reason, and releases it back where it was', () => {
    expect(nextInvoiceStatus('received', 'hold', { reason: 'Quality issue reported' })).toBe('on_hold');
    expect(nextInvoiceStatus('approved', 'hold', { reason: 'Bank details being checked' })).toBe('on_hold');
    expect(nextInvoiceStatus('on_hold', 'release', { heldFrom: 'approved' })).toBe('approved');
    expect(nextInvoiceStatus('on_hold', 'release', { heldFrom: 'received' })).toBe('received');
  });

  it('refuses to release without knowing the status it was held from', () => {
    const error = thrownBy(() => nextInvoiceStatus('on_hold', 'release'));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'heldFrom', reason: 'must be received or approved' }]);
  });

  it('rejects a received invoice, and refuses a received, held or approved one, each with a reason', () => {
    expect(nextInvoiceStatus('received', 'reject', { reason: 'Unknown buyer SIRET' })).toBe('rejected');
    for (const status of ['received', 'on_hold', 'approved'] as const)
      expect(nextInvoiceStatus(status, 'refuse', { reason: 'Goods never ordered' })).toBe('refused');
  });

  it.each(['hold', 'reject', 'refuse'] as const)('will not %s without a reason, blank included', (action) => {
    const error = thrownBy(() => nextInvoiceStatus('received', action, { reason: '  ' }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'reason', reason: 'is required' }]);
  });

  it('refuses to pay an invoice that is not approved, with invalid_state_transition', () => {
    const error = thrownBy(() => nextInvoiceStatus('received', 'pay'));
    expect(error.code).toBe('invalid_state_transition');
    expect(error.message).toBe('An invoice that is received cannot be paid.');
    expect(error.details).toEqual({ status: 'received', action: 'pay' });
  });

  it('refuses to reject an approved invoice: only a refusal is left', () => {
    expect(thrownBy(() => nextInvoiceStatus('approved', 'reject', { reason: 'x' })).code).toBe(
      'invalid_state_transition',
    );
  });

  it('allows nothing from paid, rejected or refused', () => {
    for (const status of finalInvoiceStatuses) {
      expect(allowedInvoiceActions(status)).toEqual([]);
      for (const action of invoiceActions)
        expect(() => nextInvoiceStatus(status, action, { reason: 'x', heldFrom: 'received' })).toThrow(
          /cannot be/,
        );
    }
  });

  it('lists what may be done from each open status', () => {
    expect(allowedInvoiceActions('received')).toEqual(['approve', 'hold', 'reject', 'refuse']);
    expect(allowedInvoiceActions('on_hold')).toEqual(['release', 'reject', 'refuse']);
    expect(allowedInvoiceActions('approved')).toEqual(['hold', 'refuse', 'pay']);
  });

  it('reports each status as the reform’s: déposée, rejetée, refusée, approuvée, suspendue, paiement transmis', () => {
    expect(Object.keys(reformInvoiceStatuses).sort()).toEqual([...invoiceStatuses].sort());
    expect(reformInvoiceStatuses.received).toEqual({ code: '200', label: 'Déposée' });
    expect(reformInvoiceStatuses.rejected).toEqual({ code: '213', label: 'Rejetée' });
    expect(reformInvoiceStatuses.refused).toEqual({ code: '210', label: 'Refusée' });
    expect(reformInvoiceStatuses.approved).toEqual({ code: '205', label: 'Approuvée' });
    expect(reformInvoiceStatuses.on_hold).toEqual({ code: '208', label: 'Suspendue' });
    expect(reformInvoiceStatuses.paid).toEqual({ code: '211', label: 'Paiement transmis' });
  });
});
