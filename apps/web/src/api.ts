export interface Delegation {
  id: string;
  delegator: { userId: string; displayName: string };
  delegate: { userId: string; displayName: string };
  startsOn: string;
  endsOn: string;
  revokedAt: string | null;
}

export interface Me {
  kind: 'user' | 'integration';
  userId: string;
  email: string | null;
  displayName: string;
  roles: string[];
  entityId: string;
  locale: 'fr' | 'en';
  actingFor: { userId: string; displayName: string; endsOn: string }[];
  delegations: { given: Delegation[]; received: Delegation[] };
  csrfToken: string | null;
}

export interface CatalogItem {
  id: string;
  supplierSku: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string };
  supplier: { id: string; name: string };
  categoryCode: string;
  unitCode: string;
  unitPrice: { amount: string; currency: string };
  vatRate: string;
  minOrderQuantity: string;
  leadTimeDays: number;
}

export interface ItemPage {
  items: CatalogItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** An application/problem+json answer from the API. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: { field: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every state-changing request. */
export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    signal,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      code?: string;
      detail?: string;
      errors?: { field: string; reason: string }[];
    };
    throw new ApiProblem(
      response.status,
      problem.code ?? 'http_error',
      problem.detail ?? response.statusText,
      problem.errors,
    );
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal) =>
  apiRequest<T>('GET', path, undefined, signal);

export const fetchMe = (signal?: AbortSignal) => getJson<Me>('/api/v1/me', signal);

export function searchItems(query: { q: string; page: number; pageSize: number }, signal?: AbortSignal) {
  const params = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize) });
  if (query.q.trim()) params.set('q', query.q.trim());
  return getJson<ItemPage>(`/api/v1/catalog/items?${params}`, signal);
}

/** The roles of a person, in the order the app lists them; the labels are `roles.*` in the locales. */
export const roles = ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** What an integration's API token may do. */
export const apiScopes = ['read', 'catalog:write', 'invoices:write'] as const;
export type ApiScope = (typeof apiScopes)[number];

// Delegations: a manager's approvals, entrusted to a colleague for a period.

export interface Delegations {
  given: Delegation[];
  received: Delegation[];
}

export interface DirectoryUser {
  id: string;
  displayName: string;
  email: string;
}

export const delegationsPath = '/api/v1/me/delegations';
export const directoryUsersPath = '/api/v1/directory/users';

export function createDelegation(body: { delegateUserId: string; startsOn: string; endsOn: string }) {
  return apiRequest<Delegation>('POST', delegationsPath, body);
}

export function revokeDelegation(id: string) {
  return apiRequest<Delegation>('POST', `${delegationsPath}/${encodeURIComponent(id)}/revoke`);
}

// Suppliers.

export const supplierStatuses = ['draft', 'pending_approval', 'active', 'blocked', 'archived'] as const;
export type SupplierStatus = (typeof supplierStatuses)[number];

export interface Supplier {
  id: string;
  name: string;
  country: string;
  siret: string | null;
  vatNumber: string | null;
  status: SupplierStatus;
  statusReason: string | null;
  statusChangedAt: string;
}

export const suppliersPath = '/api/v1/catalog/suppliers';

export function blockSupplier(id: string, reason: string) {
  return apiRequest<Supplier>('POST', `${suppliersPath}/${encodeURIComponent(id)}/block`, { reason });
}

// Administration: role mapping, users, API tokens.

export interface RoleMapping {
  idpGroup: string;
  roles: string[];
}

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  active: boolean;
  lastLoginAt: string | null;
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  entityId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const roleMappingsPath = '/api/v1/admin/role-mappings';
export const adminUsersPath = '/api/v1/admin/users';
export const apiTokensPath = '/api/v1/admin/api-tokens';

export function saveRoleMappings(body: { mappings: RoleMapping[] }) {
  return apiRequest<{ mappings: RoleMapping[] }>('PUT', roleMappingsPath, body);
}

export function setUserActive(id: string, active: boolean) {
  return apiRequest<void>(
    'POST',
    `${adminUsersPath}/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`,
  );
}

export function createApiToken(body: { name: string; scopes: ApiScope[]; expiresAt: string }) {
  return apiRequest<ApiTokenSummary & { token: string }>('POST', apiTokensPath, body);
}

export function revokeApiToken(id: string) {
  return apiRequest<ApiTokenSummary>('POST', `${apiTokensPath}/${encodeURIComponent(id)}/revoke`);
}

/** Where the login button sends the browser: the IdP, then back to this page. */
export function loginUrl(returnTo: string): string {
  return `/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`;
}

// Catalog imports and price lists.

export type PriceListState = 'upcoming' | 'in_force' | 'expired';

export interface PriceList {
  id: string;
  supplier: { id: string; name: string };
  reference: string;
  name: string;
  kind: 'contract' | 'price_list';
  currency: string;
  validFrom: string;
  validTo: string | null;
  state: PriceListState;
  itemCount: number;
}

export type CatalogImportStatus = 'previewed' | 'confirmed' | 'cancelled' | 'expired';

export interface ImportPreviewItem {
  row: number;
  supplierSku: string;
  name: { fr: string; en: string };
  unitPrice: string;
}

export interface CatalogImport {
  id: string;
  supplier: { id: string; name: string };
  priceList: { id: string; reference: string; name: string };
  status: CatalogImportStatus;
  fileName: string;
  fileFormat: 'csv' | 'xlsx';
  rowCount: number;
  counts: { newItems: number; priceChanges: number; unchanged: number; removed: number };
  applied: { inserted: number; updated: number; deactivated: number } | null;
  createdAt: string;
  confirmedAt: string | null;
}

export interface CatalogImportDetail extends CatalogImport {
  preview: {
    newItems: (ImportPreviewItem & { reactivated: boolean })[];
    priceChanges: (ImportPreviewItem & { oldPrice: string; changePercent: string | null })[];
    unchanged: ImportPreviewItem[];
    removed: { itemId: string; supplierSku: string; name: { fr: string; en: string }; unitPrice: string }[];
  };
}

export const catalogImportsPath = '/api/v1/catalog/imports';
export const priceListsPath = '/api/v1/catalog/price-lists';

/** Sends a catalog file as the raw request body; a refused file throws an ApiProblem listing every error. */
export async function uploadCatalogFile(
  file: Blob,
  target: { supplierId: string; priceListId: string; fileName: string; contentType: string },
): Promise<CatalogImportDetail> {
  const params = new URLSearchParams({
    supplier: target.supplierId,
    priceList: target.priceListId,
    fileName: target.fileName,
  });
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': target.contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`${catalogImportsPath}?${params}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: file,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiProblem(
      response.status,
      body.code ?? 'http_error',
      body.detail ?? response.statusText,
      body.errors ?? [],
    );
  return body as CatalogImportDetail;
}

export function confirmCatalogImport(id: string) {
  return apiRequest<CatalogImportDetail>('POST', `${catalogImportsPath}/${encodeURIComponent(id)}/confirm`);
}

export function cancelCatalogImport(id: string) {
  return apiRequest<CatalogImportDetail>('POST', `${catalogImportsPath}/${encodeURIComponent(id)}/cancel`);
}
