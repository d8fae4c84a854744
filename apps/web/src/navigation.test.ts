import { describe, expect, it } from 'vitest';
import {
  approvalIdOf,
  invoiceIdOf,
  invoicePagePath,
  itemIdOf,
  mayBlockSuppliers,
  orderRouteOf,
  pageMatches,
  pagesFor,
  requestRouteOf,
  supplierOrderTokenOf,
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
      'orders',
      'delegations',
      'budgets',
    ]);
    expect(pagesFor(['buyer']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'orders',
      'freeTextRequests',
      'suppliers',
      'imports',
    ]);
    expect(pagesFor(['administrator']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'orders',
      'invoices',
      'paymentRuns',
      'freeTextRequests',
      'budgetLines',
      'budgets',
      'exchangeRates',
      'suppliers',
      'imports',
      'administration',
    ]);
    expect(pagesFor(['employee']).map((p) => p.key)).toEqual([
      'catalog',
      'cart',
      'requests',
      'approvals',
      'orders',
    ]);
  });

  it('lets buyers and administrators block a supplier, and only them', () => {
    expect(mayBlockSuppliers(['buyer'])).toBe(true);
    expect(mayBlockSuppliers(['employee', 'administrator'])).toBe(true);
    expect(mayBlockSuppliers(['accountant', 'auditor'])).toBe(false);
  });
});

describe('invoice pages', () => {
  it('opens the workbench to finance and auditors, and one invoice by /invoices/:id', () => {
    expect(pagesFor(['accountant']).some((p) => p.key === 'invoices')).toBe(true);
    expect(pagesFor(['auditor']).some((p) => p.key === 'invoices')).toBe(true);
    expect(pagesFor(['buyer', 'employee', 'manager']).some((p) => p.key === 'invoices')).toBe(false);
    const id = 'effb2d16-1dd7-46f8-9430-5316cefda045';
    expect(invoiceIdOf(invoicePagePath(id))).toBe(id);
    expect(invoiceIdOf('/invoices')).toBeNull();
    expect(invoiceIdOf(`/invoices/${id}/x`)).toBeNull();
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

describe('purchase order paths', () => {
  const id = '44444444-4444-4444-8444-444444444444';

  it('opens the orders to every role, the API keeping to what each person may read', () => {
    for (const role of ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'])
      expect(pagesFor([role]).map((p) => p.key)).toContain('orders');
  });

  it('tells the list, an order and its receive-goods screen apart', () => {
    expect(orderRouteOf('/orders')).toEqual({ kind: 'list' });
    expect(orderRouteOf(`/orders/${id}`)).toEqual({ kind: 'detail', orderId: id });
    expect(orderRouteOf(`/orders/${id}/receive`)).toEqual({ kind: 'receive', orderId: id });
    expect(orderRouteOf(`/orders/${id}/other`)).toEqual({ kind: 'list' });
  });

  it("reads the supplier's token from the order e-mail's link, and from nothing else", () => {
    const token = `${id}.1.c2lnbmVk-X_y`;
    expect(supplierOrderTokenOf(`/supplier/orders/${token}`)).toBe(token);
    expect(supplierOrderTokenOf('/supplier/orders/')).toBeNull();
    expect(supplierOrderTokenOf(`/orders/${id}`)).toBeNull();
    expect(supplierOrderTokenOf(`/supplier/orders/${token}/x`)).toBeNull();
  });
});
