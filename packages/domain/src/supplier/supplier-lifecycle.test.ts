import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import { assertMayApproveSupplier, nextSupplierStatus, supplierActions } from './supplier-lifecycle.js';

describe('supplier lifecycle', () => {
  it('walks a supplier from draft through approval to active, blocked, reinstated and archived', () => {
    let status = nextSupplierStatus('draft', 'submit');
    expect(status).toBe('pending_approval');
    status = nextSupplierStatus(status, 'approve');
    expect(status).toBe('active');
    status = nextSupplierStatus(status, 'block');
    expect(status).toBe('blocked');
    status = nextSupplierStatus(status, 'reinstate');
    expect(status).toBe('active');
    expect(nextSupplierStatus(status, 'archive')).toBe('archived');
  });

  it('sends a rejected supplier back to draft', () => {
    expect(nextSupplierStatus('pending_approval', 'reject')).toBe('draft');
  });

  it('refuses to block a supplier that is already blocked', () => {
    try {
      nextSupplierStatus('blocked', 'block');
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'invalid_state_transition')).toBe(true);
      expect((error as Error).message).toBe('A supplier that is blocked cannot be blocked.');
    }
  });

  it('allows nothing from archived', () => {
    for (const action of supplierActions) {
      expect(() => nextSupplierStatus('archived', action)).toThrow(/archived cannot be/);
    }
  });

  it('refuses to activate a draft without approval', () => {
    expect(() => nextSupplierStatus('draft', 'approve')).toThrow(
      'A supplier that is draft cannot be approved.',
    );
    expect(() => nextSupplierStatus('draft', 'reinstate')).toThrow();
  });
});

describe('who may approve a supplier', () => {
  const alice = '11111111-1111-4111-8111-111111111111';
  const bob = '22222222-2222-4222-8222-222222222222';

  it('refuses the person who submitted it, with segregation_of_duties', () => {
    try {
      assertMayApproveSupplier({ submittedBy: alice, lastModifiedBy: null, approverId: alice });
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'segregation_of_duties')).toBe(true);
    }
  });

  it('refuses the person who last changed it, even when someone else submitted it', () => {
    expect(() =>
      assertMayApproveSupplier({ submittedBy: bob, lastModifiedBy: alice, approverId: alice }),
    ).toThrow('The person who last changed a supplier cannot approve it');
  });

  it('lets anyone else approve', () => {
    expect(() =>
      assertMayApproveSupplier({ submittedBy: alice, lastModifiedBy: alice, approverId: bob }),
    ).not.toThrow();
  });
});
