import { useEffect, useState } from 'react';

/** The pages of the app, each open to the roles that may use it. */
export const pages = [
  {
    path: '/',
    key: 'catalog',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  {
    path: '/cart',
    key: 'cart',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  {
    path: '/requests',
    key: 'requests',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  {
    path: '/approvals',
    key: 'approvals',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  {
    path: '/orders',
    key: 'orders',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  { path: '/invoices', key: 'invoices', roles: ['accountant', 'administrator', 'auditor'] },
  { path: '/payment-runs', key: 'paymentRuns', roles: ['accountant', 'administrator', 'auditor'] },
  { path: '/free-text-requests', key: 'freeTextRequests', roles: ['buyer', 'administrator'] },
  { path: '/delegations', key: 'delegations', roles: ['manager'] },
  // Before /budgets, whose sub-path it is: the first page a path matches opens.
  { path: '/budgets/lines', key: 'budgetLines', roles: ['accountant', 'administrator'] },
  { path: '/budgets', key: 'budgets', roles: ['manager', 'accountant', 'administrator', 'auditor'] },
  { path: '/exchange-rates', key: 'exchangeRates', roles: ['accountant', 'administrator'] },
  { path: '/suppliers', key: 'suppliers', roles: ['buyer', 'administrator', 'accountant', 'auditor'] },
  { path: '/catalog-imports', key: 'imports', roles: ['buyer', 'administrator'] },
  { path: '/administration', key: 'administration', roles: ['administrator'] },
] as const;

export type PageKey = (typeof pages)[number]['key'];

export const pagesFor = (roles: readonly string[]) =>
  pages.filter((p) => p.roles.some((r) => roles.includes(r)));

/** What a page leaves for the next one: a notice to show once it opens. */
export interface NavigationState {
  notice?: string;
}

export type Navigate = (path: string, state?: NavigationState) => void;

/** The notice the previous page left in the history entry, if any. */
export const noticeLeftInHistory = (): string | null => {
  const state = window.history.state as NavigationState | null;
  return typeof state?.notice === 'string' ? state.notice : null;
};

/** The current path, kept in step with pushState and the back button. */
export function usePath(): [string, Navigate] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string, state?: NavigationState) => {
    window.history.pushState(state ?? null, '', to);
    setPath(new URL(to, window.location.origin).pathname);
  };
  return [path, navigate];
}

/** The catalog item an item page shows (`/catalog/items/:id`), or null for any other path. */
export function itemIdOf(path: string): string | null {
  const match = /^\/catalog\/items\/([0-9a-f-]{36})$/i.exec(path);
  return match?.[1] ?? null;
}

export const itemPagePath = (id: string) => `/catalog/items/${id}`;

/** Who may block a supplier (the API answers 403 to anyone else); the others read the list. */
export const mayBlockSuppliers = (roles: readonly string[]) =>
  roles.includes('buyer') || roles.includes('administrator');

/** Who may verify bank details: finance (the API also refuses the person who entered them). */
export const mayVerifyBankDetails = (roles: readonly string[]) =>
  roles.includes('accountant') || roles.includes('administrator');

/** Who may enter bank details: buyers and finance. */
export const mayEnterBankDetails = (roles: readonly string[]) =>
  mayBlockSuppliers(roles) || roles.includes('accountant');

/** The page a path belongs to: its own path, or a sub-path of it (`/suppliers/<id>`). */
export const pageMatches = (pagePath: string, path: string) =>
  pagePath === path || (pagePath !== '/' && path.startsWith(`${pagePath}/`));

/** Which supplier page a path opens: the list, a new supplier's form, a supplier or its form. */
export type SupplierRoute =
  | { kind: 'list' }
  | { kind: 'new' }
  | { kind: 'detail'; supplierId: string }
  | { kind: 'edit'; supplierId: string };

export function supplierRouteOf(path: string): SupplierRoute {
  if (path === '/suppliers/new') return { kind: 'new' };
  const edit = /^\/suppliers\/([^/]+)\/edit$/.exec(path);
  if (edit?.[1]) return { kind: 'edit', supplierId: decodeURIComponent(edit[1]) };
  const detail = /^\/suppliers\/([^/]+)$/.exec(path);
  if (detail?.[1]) return { kind: 'detail', supplierId: decodeURIComponent(detail[1]) };
  return { kind: 'list' };
}

export const supplierPagePath = (id: string) => `/suppliers/${encodeURIComponent(id)}`;

/** Which request page a path opens: my requests, the form from the cart, or one request. */
export type RequestRoute = { kind: 'list' } | { kind: 'new' } | { kind: 'detail'; requisitionId: string };

export function requestRouteOf(path: string): RequestRoute {
  if (path === '/requests/new') return { kind: 'new' };
  const detail = /^\/requests\/([^/]+)$/.exec(path);
  if (detail?.[1]) return { kind: 'detail', requisitionId: decodeURIComponent(detail[1]) };
  return { kind: 'list' };
}

/** The request an approval page opens (`/approvals/:id`), or null for the inbox. */
export function approvalIdOf(path: string): string | null {
  const match = /^\/approvals\/([^/]+)$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export const newRequestPath = '/requests/new';
export const requestPagePath = (id: string) => `/requests/${encodeURIComponent(id)}`;
export const approvalPagePath = (id: string) => `/approvals/${encodeURIComponent(id)}`;

/** The approval rules, in the administration area. */
export const approvalRulesPagePath = '/administration/approval-rules';
export const budgetsPagePath = '/budgets';
export const budgetLinesPagePath = '/budgets/lines';
/** The token of an approval e-mail's link (`/approvals/email/:token`), or null for any other path. */
export function approvalLinkTokenOf(path: string): string | null {
  const match = /^\/approvals\/email\/([^/]+)$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

// Purchase orders: the list, an order, its receive-goods screen, and the supplier's public page.

/** Which order page a path opens: the list, one order, or the screen to receive its goods. */
export type OrderRoute =
  | { kind: 'list' }
  | { kind: 'detail'; orderId: string }
  | { kind: 'receive'; orderId: string };

export function orderRouteOf(path: string): OrderRoute {
  const receive = /^\/orders\/([^/]+)\/receive$/.exec(path);
  if (receive?.[1]) return { kind: 'receive', orderId: decodeURIComponent(receive[1]) };
  const detail = /^\/orders\/([^/]+)$/.exec(path);
  if (detail?.[1]) return { kind: 'detail', orderId: decodeURIComponent(detail[1]) };
  return { kind: 'list' };
}

export const ordersPagePath = '/orders';
export const orderPagePath = (id: string) => `/orders/${encodeURIComponent(id)}`;
export const orderReceivePath = (id: string) => `${orderPagePath(id)}/receive`;

/**
 * The token of the link in an order e-mail (`/supplier/orders/:token`), or null for any other path:
 * the supplier's page opens without logging in.
 */
export function supplierOrderTokenOf(path: string): string | null {
  const match = /^\/supplier\/orders\/([^/]+)$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

// Supplier invoices: the workbench and one invoice.

export const invoicesPagePath = '/invoices';
export const invoicePagePath = (id: string) => `${invoicesPagePath}/${encodeURIComponent(id)}`;

/** The invoice a path opens (`/invoices/:id`), or null for the workbench. */
export function invoiceIdOf(path: string): string | null {
  const match = /^\/invoices\/([^/]+)$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
