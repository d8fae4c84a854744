import { describe, expect, it } from 'vitest';
import {
  approvalIdOf,
  itemIdOf,
  mayBlockSuppliers,
  pageMatches,
  pagesFor,
  requestRouteOf,
  supplierRouteOf,
} from './navigation.js';

describe('what each role may open and do', () => {
  it('opens the budget dashboard to managers and finance, the budget lines to finance only', () => {
    expect(pagesFor(['accountant']).map((p) => p.key)).toEqual(
      expect.arrayContaining(['budgetLines', 'exchangeRates']),
    );
    expect(pagesFor(['manager']).map((p) => p.key)).not.toContain('exchangeRates');
    expect(pagesFor(['auditor']).map((p) => p.key)).toEqual(expect.arrayContaining(['budgets', 'suppliers']));
    expect(pagesFor(['auditor']).map((p) => p.key)).not.toContain('budgetLines');
    expect(pagesFor(['employee']).map((p) => p.key)).not.toContain('budgets');
    const open = (roles: string[], path: string) =>
      pagesFor(roles).find((p) => pageMatches(p.path, path))?.key;
    expect(open(['accountant'], '/budgets/lines')).toBe('budgetLines');
    expect(open(['accountant'], '/budgets')).toBe('budgets');
    expect(open(['manager'], '/budgets/lines')).toBe('budgets');
  });

  it('opens delegations to managers, suppliers to buyers, administration to administrators', () => {
    expect(pagesFor(['manager']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'delegations',
      'budgets',
    ]);
    expect(pagesFor(['buyer']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'freeTextRequests',
      'suppliers',
      'imports',
    ]);
    expect(pagesFor(['administrator']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'freeTextRequests',
      'budgetLines',
      'budgets',
      'exchangeRates',
      'suppliers',
      'imports',
      'administration',
    ]);
    expect(pagesFor(['employee']).map((p) => p.key)).toEqual(['catalog', 'cart', 'requests', 'approvals']);
  });

  it('lets buyers and administrators block a supplier, and only them', () => {
    expect(mayBlockSuppliers(['buyer'])).toBe(true);
    expect(mayBlockSuppliers(['employee', 'administrator'])).toBe(true);
    expect(mayBlockSuppliers(['accountant', 'auditor'])).toBe(false);
  });
});

describe('item pages', () => {
  it('reads the item id from /catalog/items/:id and nothing else', () => {
    const id = 'effb2d16-1dd7-46f8-9430-5316cefda045';
    expect(itemIdOf(`/catalog/items/${id}`)).toBe(id);
    expect(itemIdOf('/catalog/items/')).toBeNull();
    expect(itemIdOf(`/catalog/items/${id}/x`)).toBeNull();
    expect(itemIdOf('/cart')).toBeNull();
  });
});

describe('the supplier pages', () => {
  it('tells the list, the new supplier form, a supplier and its form apart', () => {
    const id = '33333333-3333-4333-8333-333333333333';
    expect(supplierRouteOf('/suppliers')).toEqual({ kind: 'list' });
    expect(supplierRouteOf('/suppliers/new')).toEqual({ kind: 'new' });
    expect(supplierRouteOf(`/suppliers/${id}`)).toEqual({ kind: 'detail', supplierId: id });
    expect(supplierRouteOf(`/suppliers/${id}/edit`)).toEqual({ kind: 'edit', supplierId: id });
    expect(supplierRouteOf(`/suppliers/${id}/other`)).toEqual({ kind: 'list' });
  });
});

describe('request and approval paths', () => {
  it('opens my requests, the form from the cart, or one request', () => {
    expect(requestRouteOf('/requests')).toEqual({ kind: 'list' });
    expect(requestRouteOf('/requests/new')).toEqual({ kind: 'new' });
    expect(requestRouteOf('/requests/abc-1')).toEqual({ kind: 'detail', requisitionId: 'abc-1' });
    expect(requestRouteOf('/requests/abc/edit')).toEqual({ kind: 'list' });
  });

  it('opens the approvals inbox, or one request to decide on', () => {
    expect(approvalIdOf('/approvals')).toBeNull();
    expect(approvalIdOf('/approvals/abc-1')).toBe('abc-1');
  });
});
