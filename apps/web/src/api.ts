import type { ApprovalRule, ApprovalRuleBody } from './approval-rules.js';
import type { BudgetPeriodFigures } from './budgets.js';

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
    /** The whole answer, with what a route adds to the problem (e.g. the rules an invoice breaks). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every state-changing request. */
export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * One call to the API, the only place that sends the CSRF token and reads problem answers: the body
 * is either `json` (sent as application/json) or a raw `body` sent as is (a FormData, whose multipart
 * type the browser sets, or a Blob with the `content-type` given in `headers`). A refused call throws
 * an ApiProblem with the API's code, detail and field errors; a 204 answers undefined.
 */
export async function apiFetch<T>(
  method: string,
  path: string,
  options: {
    json?: unknown;
    body?: BodyInit;
    headers?: Record<string, string>;
    signal?: AbortSignal | undefined;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    signal: options.signal,
    ...(body !== undefined ? { body } : {}),
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
      problem,
    );
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  return apiFetch<T>(method, path, { json: body, signal, headers: extraHeaders });
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
export const apiScopes = ['read', 'catalog:write', 'invoices:read', 'invoices:write'] as const;
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
  complianceStatus?: 'compliant' | 'expiring' | 'non_compliant';
  orderable?: boolean;
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

// Catalog search, item page, cart and free-text requests.

export interface Amount {
  amount: string;
  currency: string;
}

export interface SearchFacets {
  categories: { code: string; name: { fr: string; en: string }; count: number }[];
  suppliers: { id: string; name: string; count: number }[];
  priceBands: { key: string; min: string; max: string | null; currency: string; count: number }[];
}

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'name';

export interface SearchResult {
  items: (CatalogItem & { preferred: boolean })[];
  total: number;
  matchedBy: 'all' | 'words' | 'similarity';
  facets: SearchFacets;
  page: number;
  pageSize: number;
}

export interface SearchQuery {
  q: string;
  category: string | null;
  supplier: string | null;
  priceBand: { min: string; max: string | null } | null;
  sort: SearchSort;
  page: number;
  pageSize: number;
  lang: 'fr' | 'en';
}

export function searchCatalog(query: SearchQuery, signal?: AbortSignal) {
  const params = new URLSearchParams({
    page: String(query.page),
    pageSize: String(query.pageSize),
    sort: query.sort,
    lang: query.lang,
  });
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.category) params.set('category', query.category);
  if (query.supplier) params.set('supplier', query.supplier);
  if (query.priceBand) {
    params.set('minPrice', query.priceBand.min);
    if (query.priceBand.max) params.set('maxPrice', query.priceBand.max);
  }
  return getJson<SearchResult>(`/api/v1/catalog/items?${params}`, signal);
}

/** An item page; `tiers` appear when the API gives them. */
export type ItemDetail = CatalogItem & { tiers?: { minQuantity: string; unitPrice: string }[] };

export const itemPath = (id: string) => `/api/v1/catalog/items/${encodeURIComponent(id)}`;

export type CartLineIssue =
  | 'item_inactive'
  | 'supplier_not_active'
  | 'supplier_on_compliance_hold'
  | 'not_for_entity'
  | 'price_list_not_valid'
  | 'below_minimum_order_quantity'
  | 'request_rejected'
  | 'request_withdrawn';

export type FreeTextStatus = 'pending' | 'sourced' | 'rejected' | 'withdrawn';

export interface CartLine {
  id: string;
  kind: 'item' | 'free_text';
  quantity: string;
  item: {
    id: string;
    supplierSku: string;
    name: { fr: string; en: string };
    supplier: { id: string; name: string };
    unitCode: string;
    minOrderQuantity: string;
  } | null;
  freeText: {
    requestId: string;
    description: string;
    unitCode: string;
    categoryCode: string | null;
    suggestedSupplier: { id: string | null; name: string } | null;
    url: string | null;
    notes: string | null;
    status: FreeTextStatus;
    rejectionReason: string | null;
  } | null;
  unitPrice: Amount;
  tierMinQuantity: string | null;
  netAmount: Amount;
  vatRate: string;
  estimated: boolean;
  priceChange: { from: Amount; to: Amount } | null;
  issues: CartLineIssue[];
  orderable: boolean;
}

export interface Cart {
  lines: CartLine[];
  totals: { currency: string; netAmount: Amount; vatAmount: Amount; grossAmount: Amount }[];
}

export const cartPath = '/api/v1/catalog/cart';

/** A fresh key per user action: a retried request (network hiccup, double click) is applied once. */
const idempotencyKey = () => crypto.randomUUID();

export function addToCart(itemId: string, quantity: string) {
  return apiRequest<Cart>('POST', `${cartPath}/lines`, { itemId, quantity }, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export interface FreeTextLineBody {
  description: string;
  quantity: string;
  unitCode: string;
  estimatedUnitPrice: Amount;
  categoryCode?: string;
  suggestedSupplierName?: string;
  url?: string;
  notes?: string;
}

export function addFreeTextLine(body: FreeTextLineBody) {
  return apiRequest<Cart>('POST', `${cartPath}/free-text-lines`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export function changeCartQuantity(lineId: string, quantity: string) {
  return apiRequest<Cart>('PATCH', `${cartPath}/lines/${encodeURIComponent(lineId)}`, { quantity });
}

export function removeCartLine(lineId: string) {
  return apiRequest<Cart>('DELETE', `${cartPath}/lines/${encodeURIComponent(lineId)}`);
}

export function emptyCart() {
  return apiRequest<Cart>('DELETE', cartPath);
}

export interface FreeTextRequest {
  id: string;
  requester: { userId: string; displayName: string };
  description: string;
  quantity: string | null;
  unitCode: string;
  estimatedUnitPrice: Amount;
  vatRate: string;
  categoryCode: string | null;
  suggestedSupplier: { id: string | null; name: string } | null;
  url: string | null;
  notes: string | null;
  status: FreeTextStatus;
  sourcedItemId: string | null;
  rejectionReason: string | null;
  handledAt: string | null;
  createdAt: string;
}

export const freeTextRequestsPath = '/api/v1/catalog/free-text-requests';

export function sourceFreeTextRequest(id: string, itemId: string) {
  return apiRequest<FreeTextRequest>('POST', `${freeTextRequestsPath}/${encodeURIComponent(id)}/source`, {
    itemId,
  });
}

export function rejectFreeTextRequest(id: string, reason: string) {
  return apiRequest<FreeTextRequest>('POST', `${freeTextRequestsPath}/${encodeURIComponent(id)}/reject`, {
    reason,
  });
}

// Supplier referencing: detail, lifecycle, bank accounts, compliance documents (issue 4).

export type SupplierAction = 'submit' | 'approve' | 'reject' | 'block' | 'reinstate' | 'archive';
export type ComplianceStatus = 'compliant' | 'expiring' | 'non_compliant';
export const complianceDocumentTypes = [
  'company_registration',
  'urssaf_vigilance',
  'insurance_certificate',
  'purchasing_terms_acceptance',
] as const;
export type ComplianceDocumentType = (typeof complianceDocumentTypes)[number];

export interface BankAccount {
  id: string;
  iban: string;
  bic: string;
  accountHolder: string;
  status: 'pending' | 'verified' | 'rejected' | 'superseded';
  enteredBy: { userId: string; displayName: string };
  enteredAt: string;
  decidedBy: { userId: string; displayName: string } | null;
  decidedAt: string | null;
  rejectionReason: string | null;
}

export interface SupplierDetail extends Supplier {
  legalForm: string | null;
  siren: string | null;
  duns: string | null;
  languages: string[];
  paymentTermsDays: number;
  orderEmail: string | null;
  complianceStatus: ComplianceStatus;
  orderable: boolean;
  responsibleBuyer: { userId: string; displayName: string; email: string } | null;
  yearlySpend: { amount: string; currency: string; source: string | null };
  submittedBy: string | null;
  addresses: {
    kind: string;
    line1: string;
    line2: string | null;
    postalCode: string;
    city: string;
    country: string;
  }[];
  contacts: { name: string; email: string; phone: string | null; role: string; complianceContact: boolean }[];
  categoryCodes: string[];
  allowedEntities: { entityId: string; siteIds: string[] }[];
  currentBankAccount: BankAccount | null;
  pendingBankAccount: BankAccount | null;
  compliance: {
    status: ComplianceStatus;
    reason: string | null;
    hold: boolean;
    policy: 'warn' | 'block';
    required: { type: ComplianceDocumentType; reason: string }[];
    missing: ComplianceDocumentType[];
    expired: ComplianceDocumentType[];
    expiring: ComplianceDocumentType[];
  };
}

export interface SupplierHistoryEntry {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: { userId: string | null; displayName: string };
  occurredAt: string;
}

export interface ComplianceDocument {
  id: string;
  type: ComplianceDocumentType;
  issuedOn: string;
  expiresOn: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: { userId: string; displayName: string };
  uploadedAt: string;
}

export const supplierPath = (id: string) => `${suppliersPath}/${encodeURIComponent(id)}`;

export function supplierAction(id: string, action: SupplierAction, reason: string) {
  return apiRequest<Supplier>('POST', `${supplierPath(id)}/${action}`, reason.trim() ? { reason } : {});
}

/** What a buyer sends to create a supplier or change its record (`PUT`: fields left out keep their value). */
export interface SupplierBody {
  name: string;
  legalForm: string | null;
  country: string;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  duns: string | null;
  orderEmail: string | null;
  paymentTermsDays?: number;
  languages: ('fr' | 'en')[];
  addresses: SupplierDetail['addresses'];
  contacts: SupplierDetail['contacts'];
  categoryCodes: string[];
  allowedEntities: SupplierDetail['allowedEntities'];
  yearlySpend: { amount: string; currency: 'EUR'; source: string } | null;
}

/** References a new supplier as a draft. */
export function createSupplier(body: SupplierBody) {
  return apiRequest<SupplierDetail>('POST', suppliersPath, body);
}

/** Changes a draft or active supplier's record; an active one may go back to approval (see its status). */
export function changeSupplier(id: string, body: SupplierBody) {
  return apiRequest<SupplierDetail>('PUT', supplierPath(id), body);
}

export function enterBankAccount(id: string, body: { iban: string; bic: string; accountHolder: string }) {
  return apiRequest<BankAccount>('POST', `${supplierPath(id)}/bank-accounts`, body);
}

export function decideBankAccount(id: string, accountId: string, decision: 'verify' | 'reject', reason = '') {
  return apiRequest<BankAccount>(
    'POST',
    `${supplierPath(id)}/bank-accounts/${encodeURIComponent(accountId)}/${decision}`,
    reason.trim() ? { reason } : {},
  );
}

/** Sends a compliance document as multipart/form-data (the API checks its type by its bytes). */
export async function uploadComplianceDocument(
  id: string,
  fields: { type: ComplianceDocumentType; issuedOn: string; expiresOn: string },
  file: File,
): Promise<ComplianceDocument> {
  const form = new FormData();
  form.set('type', fields.type);
  form.set('issuedOn', fields.issuedOn);
  if (fields.expiresOn) form.set('expiresOn', fields.expiresOn);
  form.set('file', file);
  return apiFetch<ComplianceDocument>('POST', `${supplierPath(id)}/compliance-documents`, { body: form });
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
  createdBy: { userId: string; displayName: string };
  createdAt: string;
  confirmedBy: { userId: string; displayName: string } | null;
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
  return apiFetch<CatalogImportDetail>('POST', `${catalogImportsPath}?${params}`, {
    body: file,
    headers: { 'content-type': target.contentType },
  });
}

export function confirmCatalogImport(id: string) {
  return apiRequest<CatalogImportDetail>('POST', `${catalogImportsPath}/${encodeURIComponent(id)}/confirm`);
}

export function cancelCatalogImport(id: string) {
  return apiRequest<CatalogImportDetail>('POST', `${catalogImportsPath}/${encodeURIComponent(id)}/cancel`);
}

// Purchase requests and their approval.

export const requisitionStatuses = [
  'draft',
  'submitted',
  'in_approval',
  'approved',
  'rejected',
  'withdrawn',
  'partly_ordered',
  'ordered',
] as const;
export type RequisitionStatus = (typeof requisitionStatuses)[number];

export interface CostCentre {
  costCentreId: string;
  code: string;
  name: { fr: string; en: string };
  managed: boolean;
}

export interface RequisitionSummary {
  id: string;
  number: string;
  title: string;
  status: RequisitionStatus;
  total: Amount;
  requester: { userId: string; name: string };
  createdAt: string;
  submittedAt: string | null;
}

export type ApprovalStepStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface ApprovalStep {
  id: string;
  round: number;
  stepIndex: number;
  kind: string;
  mode: string;
  label: string;
  explanation: string | null;
  status: ApprovalStepStatus;
  approvers: { userId: string; displayName: string }[];
  decisions: {
    approverUserId: string;
    actorUserId: string;
    outcome: 'approved' | 'rejected';
    comment: string | null;
    decidedAt: string;
  }[];
}

export type TimelineKind =
  | 'created'
  | 'submitted'
  | 'step_started'
  | 'step_informed'
  | 'step_carried_over'
  | 'step_approved'
  | 'step_rejected'
  | 'approved'
  | 'rejected'
  | 'changed'
  | 'approval_restarted'
  | 'partly_ordered'
  | 'ordered';

export interface TimelineEntry {
  kind: TimelineKind;
  actor: { userId: string; name: string } | null;
  onBehalfOf: { userId: string; name: string } | null;
  comment: string | null;
  details: {
    stepIndex?: number;
    label?: string;
    people?: string[];
    round?: number;
    overBudget?: boolean;
    notes?: string[];
    reasons?: string[];
  };
  occurredAt: string;
}

export interface RequisitionLine {
  id: string;
  lineNo: number;
  source: 'catalog' | 'free_text';
  catalogItemId: string | null;
  freeTextRequestId: string | null;
  supplier: { id: string | null; name: string } | null;
  description: string;
  categoryCode: string;
  quantity: string;
  unitCode: string;
  unitPrice: Amount;
  amount: Amount;
  vatRate: string;
  costCentreId: string;
  budgetCategory: string;
  deliverySiteId: string | null;
  wishedDate: string | null;
}

/** What a request was counted at: the entity's currency, the rate used and the total in it. */
export interface RequisitionCounting {
  entityCurrency: string;
  rate: string;
  rateEffectiveOn: string | null;
  total: Amount;
}

export interface Requisition extends Omit<RequisitionSummary, 'submittedAt'> {
  entityId: string;
  /** Null for a draft. */
  counting: RequisitionCounting | null;
  justification: string | null;
  version: number;
  approvalRound: number;
  overBudget: boolean;
  /** A buyer's direct order: issued as orders as soon as it is approved. */
  directOrder: boolean;
  submittedAt: string | null;
  decidedAt: string | null;
  lines: RequisitionLine[];
  approvalSteps: ApprovalStep[];
  timeline: TimelineEntry[];
}

export interface RequisitionLineBody {
  source: 'catalog' | 'free_text';
  catalogItemId: string | null;
  freeTextRequestId: string | null;
  supplierId: string | null;
  supplierName: string | null;
  description: string;
  categoryCode: string;
  quantity: string;
  unitCode: string;
  unitPrice: Amount;
  vatRate: string;
  costCentreId: string;
  budgetCategory: string;
  deliverySiteId: string | null;
  wishedDate: string | null;
}

export interface RequisitionBody {
  title: string;
  justification: string | null;
  currency: string;
  lines: RequisitionLineBody[];
  /** A buyer's direct order: approved by the same rules, then issued as orders at once. */
  directOrder?: boolean;
}

export const requisitionsPath = '/api/v1/purchasing/requisitions';
export const myCostCentresPath = '/api/v1/purchasing/directory/my-cost-centres';
export const awaitingMyApprovalPath = `${requisitionsPath}/awaiting-my-approval`;
/** Buyers: the entity's approved requests with lines still to order. */
export const requisitionsToOrderPath = `${requisitionsPath}/to-order`;
export const requisitionPath = (id: string) => `${requisitionsPath}/${encodeURIComponent(id)}`;

/** Creates a draft request; the key makes a double click create one request. */
export function createRequisition(body: RequisitionBody, key: string) {
  return apiRequest<Requisition>('POST', requisitionsPath, body, undefined, { 'idempotency-key': key });
}

export function submitRequisition(id: string) {
  return apiRequest<Requisition & { budgetCheck: { outcome: 'allowed' | 'warn' } }>(
    'POST',
    `${requisitionPath(id)}/submit`,
    undefined,
    undefined,
    { 'idempotency-key': idempotencyKey() },
  );
}

export interface DecisionBody {
  stepIndex: number;
  outcome: 'approved' | 'rejected';
  comment: string | null;
  onBehalfOfUserId: string | null;
}

export function decideOnRequisition(id: string, body: DecisionBody) {
  return apiRequest<Requisition>('POST', `${requisitionPath(id)}/decisions`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

// Approval rules: administrators edit their entity's, auditors read them; global rules are read-only.

export const approvalRulesPath = '/api/v1/purchasing/approval-rules';
export const approvalRuleChoicesPath = `${approvalRulesPath}/choices`;
export const approvalRuleHistoryPath = `${approvalRulesPath}/history?limit=50`;
const approvalRulePath = (id: string) => `${approvalRulesPath}/${encodeURIComponent(id)}`;

export function createApprovalRule(body: ApprovalRuleBody) {
  return apiRequest<ApprovalRule>('POST', approvalRulesPath, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

/** Changes a rule at the version read: someone else's change meanwhile answers 409. */
export function changeApprovalRule(id: string, version: number, body: ApprovalRuleBody) {
  return apiRequest<ApprovalRule>('PUT', approvalRulePath(id), { ...body, version });
}

export function setApprovalRuleActive(id: string, version: number, active: boolean) {
  return apiRequest<ApprovalRule>('POST', `${approvalRulePath(id)}/${active ? 'activate' : 'deactivate'}`, {
    version,
  });
}

export function deleteApprovalRule(id: string, version: number) {
  return apiRequest<void>('DELETE', `${approvalRulePath(id)}?version=${version}`);
}

/** Every rule the entity sees, in the order wanted, each at the version read. */
export function reorderApprovalRules(rules: { id: string; version: number }[]) {
  return apiRequest<{ rules: ApprovalRule[] }>('PUT', `${approvalRulesPath}/order`, { rules });
}

// Budgets: the figures per cost centre, the documents behind them, and the budget lines.

export const budgetsPath = '/api/v1/budgets';
export const budgetLinesPath = `${budgetsPath}/lines`;
export const budgetImportsPath = `${budgetLinesPath}/imports`;

export interface BudgetCostCentre {
  costCentreId: string;
  code: string;
  name: { fr: string; en: string };
  periods: BudgetPeriodFigures[];
}

export interface BudgetOverview {
  period: { kind: 'month' | 'quarter' | 'fiscal_year'; key: string; start: string; end: string };
  costCentres: BudgetCostCentre[];
}

export interface BudgetDocument {
  kind: 'requisition' | 'purchase_order' | 'receipt' | 'invoice';
  id: string;
  number: string | null;
  title: string | null;
  requester: { userId: string; name: string } | null;
  status: RequisitionStatus | null;
  firstOn: string;
  requested: Amount;
  committed: Amount;
  received: Amount;
  invoiced: Amount;
}

export interface BudgetDocuments {
  documents: BudgetDocument[];
  totals: { requested: Amount; committed: Amount; received: Amount; invoiced: Amount };
}

export const budgetDocumentsPath = (query: { costCentre: string; period: string; budgetCategory?: string }) =>
  `${budgetsPath}/documents?${new URLSearchParams(query)}`;

export type BudgetPolicy = 'stop' | 'warn' | 'ignore';

export interface BudgetLineRow {
  id: string;
  costCentre: { costCentreId: string; code: string; name: { fr: string; en: string } };
  budgetCategory: string;
  period: { kind: 'month' | 'quarter' | 'fiscal_year'; key: string; start: string; end: string };
  amount: Amount;
  policy: BudgetPolicy;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetImport {
  id: string;
  importedBy: { userId: string; name: string };
  importedAt: string;
  fileName: string;
  fileSha256: string;
  counts: { rows: number; new: number; changed: number; unchanged: number };
}

export function enterBudgetLine(body: {
  costCentreId: string;
  budgetCategory: string;
  period: string;
  amount: Amount;
  policy: BudgetPolicy;
}) {
  return apiRequest<BudgetLineRow>('POST', budgetLinesPath, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export function changeBudgetLine(id: string, body: { amount: Amount; policy: BudgetPolicy }) {
  return apiRequest<BudgetLineRow>('PATCH', `${budgetLinesPath}/${encodeURIComponent(id)}`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

/** Sends a budget file as the raw request body; a refused file throws an ApiProblem listing every error. */
export function uploadBudgetFile(file: Blob, fileName: string, contentType: string) {
  return apiFetch<BudgetImport>('POST', `${budgetImportsPath}?${new URLSearchParams({ fileName })}`, {
    body: file,
    headers: { 'content-type': contentType, 'idempotency-key': idempotencyKey() },
  });
}

// Before submitting, changing a request, approving several at once, and approval e-mail links.

/** One budget line a request draws on, as the preview's budget check sees it. */
export interface BudgetCheckLine {
  costCentreId: string;
  budgetCategory: string;
  periodKey: string;
  state: string;
  policy: 'stop' | 'warn' | 'ignore' | null;
  outcome: 'allowed' | 'warn' | 'refused';
  amount: Amount;
  available: Amount | null;
  shortBy: Amount | null;
}

/** What submitting would meet: the budget check and the approval chain (nothing is changed). */
export interface ApprovalPreview {
  counting: Omit<RequisitionCounting, 'total'>;
  budgetCheck: { outcome: 'allowed' | 'warn' | 'refused'; lines: BudgetCheckLine[] };
  approvalChain: {
    submittable: boolean;
    amount: Amount;
    steps: {
      index: number;
      label: string;
      kind: 'blocking' | 'warning';
      mode: 'any' | 'all';
      explanation: string;
      approvers: { userId: string; displayName: string | null }[];
    }[];
    notes: { level: 'warning' | 'error'; code: string; message: string }[];
  };
}

export const approvalPreviewPath = (id: string) => `${requisitionPath(id)}/approval-preview`;

/** Why a change sent the request back to approval (`approvalRestart.reasons`). */
export type ApprovalRestartReason =
  | 'amount_increased'
  | 'currency_changed'
  | 'supplier_changed'
  | 'cost_centre_changed'
  | 'entity_changed'
  | 'requester_changed'
  | 'category_added'
  | 'now_over_budget'
  | 'free_text_line_added';

export interface ChangedRequisition extends Requisition {
  approvalRestart: { restarted: boolean; reasons: ApprovalRestartReason[] };
}

/** Changes the requester's request as a whole, naming the version they loaded (409 when it moved on). */
export function changeRequisition(id: string, body: RequisitionBody & { version: number }) {
  return apiRequest<ChangedRequisition>('PUT', requisitionPath(id), body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

/** A request in the approvals inbox, with the step that awaits the caller (or who delegated to them). */
export interface AwaitingRequisition extends RequisitionSummary {
  pendingStep: { index: number; label: string; awaitedUserIds: string[] };
}

export interface BulkDecisionItem {
  requisitionId: string;
  stepIndex: number;
  onBehalfOfUserId: string | null;
}

export type BulkDecisionResult =
  | { requisitionId: string; decided: true; status: RequisitionStatus }
  | { requisitionId: string; decided: false; problem: { code: string; detail: string } };

/** Approves each request on its own, within the approver's limit: one result per item. */
export function approveInBulk(items: BulkDecisionItem[], comment: string | null) {
  return apiRequest<{ results: BulkDecisionResult[] }>(
    'POST',
    `${requisitionsPath}/bulk-decisions`,
    { comment, items },
    undefined,
    { 'idempotency-key': idempotencyKey() },
  );
}

/** What an approval e-mail's link would decide, for the logged-in approver or their delegate. */
export interface ApprovalLinkView {
  outcome: 'approved' | 'rejected';
  state: 'usable' | 'used' | 'expired' | 'closed';
  expiresAt: string;
  usedAt: string | null;
  approver: { userId: string; displayName: string | null };
  onBehalf: boolean;
  step: { index: number; label: string };
  requisition: {
    id: string;
    number: string;
    title: string;
    status: RequisitionStatus;
    total: Amount;
    requester: { userId: string; name: string };
  };
}

export const approvalLinkPath = (token: string) =>
  `/api/v1/purchasing/approval-links/${encodeURIComponent(token)}`;

export function decideThroughApprovalLink(token: string, comment: string | null) {
  return apiRequest<Requisition>('POST', approvalLinkPath(token), { comment }, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export const exchangeRatesPath = '/api/v1/purchasing/exchange-rates';

export interface ExchangeRate {
  id: string;
  from: string;
  to: string;
  rate: string;
  effectiveOn: string;
  recordedAt: string;
  recordedBy: { userId: string; name: string };
  note: string | null;
}

export function recordExchangeRate(body: {
  from: string;
  to: string;
  rate: string;
  effectiveOn: string;
  note: string | null;
}) {
  return apiRequest<ExchangeRate>('POST', exchangeRatesPath, body);
}

// The general purchasing terms (CGA) and the annexes, published by administrators as dated
// versions, and the rules that attach the annexes to orders.
export const termsPath = '/api/v1/purchasing/terms';
export const annexRulesPath = '/api/v1/purchasing/annex-rules';

export interface Translated {
  fr: string;
  en: string;
}

/** A published version without its text, as the list of documents gives it. */
export interface TermsVersionSummary {
  code: string;
  version: number;
  effectiveOn: string;
  title: Translated;
  publishedBy: { userId: string; name: string };
  publishedAt: string;
}

export interface TermsVersion extends TermsVersionSummary {
  text: Translated;
}

export type TermsVersionStatus = 'in_force' | 'upcoming' | 'superseded';

export interface TermsDocument {
  code: string;
  kind: 'general_terms' | 'annex';
  title: Translated;
  versions: (TermsVersionSummary & { status: TermsVersionStatus })[];
  inForce: number | null;
  nextVersion: number;
}

/** A version to publish (or to preview): the next version of its document. */
export interface TermsVersionBody {
  code: string;
  version: number;
  effectiveOn: string;
  title: Translated;
  text: Translated;
}

export const termsVersionPath = (code: string, version: number) =>
  `${termsPath}/${encodeURIComponent(code)}/versions/${version}`;

export function publishTermsVersion(body: TermsVersionBody) {
  return apiRequest<TermsVersion>('POST', termsPath, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

/** A sample order printed with the draft, to a supplier writing `language`: the PDF itself. */
export async function previewTermsVersion(body: TermsVersionBody, language: 'fr' | 'en'): Promise<Blob> {
  const headers: Record<string, string> = { accept: 'application/pdf', 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`${termsPath}/preview?language=${language}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify(body),
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
  return response.blob();
}

/** When an annex applies: every criterion given must hold; none given, every order. */
export interface AnnexCondition {
  categoryPrefixes?: string[];
  lineFlags?: string[];
  supplierCountries?: string[];
  supplierCountriesExcept?: string[];
  minimumNetAmount?: { amount: string; currency: string };
}

export interface AnnexRule {
  id: string;
  annexCode: string;
  when: AnnexCondition;
  active: boolean;
  version: number;
  updatedBy: { userId: string; displayName: string | null };
  updatedAt: string;
}

export interface AnnexRuleBody {
  annexCode: string;
  when: AnnexCondition;
}

const annexRulePath = (id: string) => `${annexRulesPath}/${encodeURIComponent(id)}`;

export function createAnnexRule(body: AnnexRuleBody & { id: string; active: boolean }) {
  return apiRequest<AnnexRule>('POST', annexRulesPath, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export function changeAnnexRule(id: string, version: number, body: AnnexRuleBody) {
  return apiRequest<AnnexRule>('PUT', annexRulePath(id), { ...body, version });
}

export function setAnnexRuleActive(id: string, version: number, active: boolean) {
  return apiRequest<AnnexRule>('POST', `${annexRulePath(id)}/${active ? 'activate' : 'deactivate'}`, {
    version,
  });
}

// Purchase orders: issued by buyers from approved requests, revised, cancelled or closed, received
// by requesters, and acknowledged or declined by the supplier on a public page (issue 6).

export const purchaseOrderStatuses = [
  'draft',
  'pending_approval',
  'issued',
  'acknowledged',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];
/** How much of an order is received, or invoiced: derived from its lines. */
export type Completion = 'none' | 'partial' | 'full';
export type AcknowledgementStatus = 'awaiting' | 'acknowledged' | 'declined' | 'superseded';

export interface PurchaseOrderSummary {
  id: string;
  number: string | null;
  entityId: string;
  supplier: { id: string; name: string };
  status: PurchaseOrderStatus;
  revision: number;
  version: number;
  currency: string;
  total: Amount;
  receiptStatus: Completion;
  billingStatus: Completion;
  buyer: { userId: string; name: string };
  deliveryDate: string;
  issuedAt: string | null;
}

export interface PurchaseOrderLine {
  id: string;
  lineNo: number;
  requisitionId: string | null;
  reference: string;
  description: string;
  categoryCode: string;
  quantity: string;
  unitCode: string;
  unitPrice: Amount;
  vatRate: string;
  amount: Amount;
  /** Services may be invoiced without a receipt. */
  receiptRequired: boolean;
  receivedQuantity: string;
  invoicedQuantity: string;
  cancelled: boolean;
  costCentreId: string;
  budgetCategory: string;
}

/** The exact version of the CGA or of an annex a revision carries, with the rules that chose an annex. */
export interface TermsReference {
  code: string;
  version: number;
  ruleIds?: string[];
}

/** What a revision asked for, then who approved or rejected it (`changes` holds them in order). */
export interface RevisionChange {
  reason?: string;
  increasePercent?: string;
  deliveryDate?: string | null;
  lines?: RevisionLineBody[];
  approvedBy?: string;
  rejectedBy?: string;
  comment?: string | null;
}

export interface PurchaseOrderRevision {
  revision: number;
  status: 'pending_approval' | 'issued' | 'rejected';
  terms: TermsReference[];
  pdfSha256: string | null;
  changes: RevisionChange[];
  createdBy: string;
  createdById: string;
  createdAt: string;
  issuedAt: string | null;
  approvalRequisitionId: string | null;
  acknowledgement: {
    status: AcknowledgementStatus;
    at: string | null;
    promisedDate: string | null;
    declineReason: string | null;
  };
}

export interface PurchaseOrderDispatch {
  id: string;
  revision: number;
  kind: 'order' | 'cancellation';
  channel: 'email';
  recipient: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  queuedAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  failedAt: string | null;
}

export interface Receipt {
  id: string;
  receivedOn: string;
  recordedBy: string;
  comment: string | null;
  recordedAt: string;
  lines: { purchaseOrderLineId: string; quantity: string; comment: string | null }[];
}

export interface PurchaseOrder extends PurchaseOrderSummary {
  /** Who asked for what the order buys: they receive it. */
  requesters: { userId: string; name: string }[];
  deliverySiteId: string | null;
  origin: 'requisition' | 'direct';
  cancelled: { at: string; reason: string | null } | null;
  closed: { at: string; reason: string | null } | null;
  lines: PurchaseOrderLine[];
  revisions: PurchaseOrderRevision[];
  dispatches: PurchaseOrderDispatch[];
  receipts: Receipt[];
}

export const purchaseOrdersPath = '/api/v1/purchase-orders';
export const purchaseOrderPath = (id: string) => `${purchaseOrdersPath}/${encodeURIComponent(id)}`;
/** The order's PDF as issued in `revision` (the latest issued one without it). */
export const purchaseOrderPdfPath = (id: string, revision?: number) =>
  `${purchaseOrderPath(id)}/pdf${revision ? `?revision=${revision}` : ''}`;

/** The list of orders the caller may read, filtered: the API keeps to what each person sees. */
export function purchaseOrdersQuery(filter: {
  status?: PurchaseOrderStatus | '';
  supplierId?: string;
  requisitionId?: string;
}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${purchaseOrdersPath}?${query}` : purchaseOrdersPath;
}

export interface IssuedOrders {
  purchaseOrders: PurchaseOrder[];
  /** Request lines left unordered (a free-text line without a supplier), and why. */
  skipped: { requisitionId: string; requisitionLineId: string; reason: string }[];
}

/** Orders the approved requests' lines, one order per supplier; the key makes a double click issue once. */
export function issuePurchaseOrders(requisitionIds: string[], key: string, deliveryDate?: string) {
  return apiRequest<IssuedOrders>(
    'POST',
    `${purchaseOrdersPath}/from-requisitions`,
    { requisitionIds, ...(deliveryDate ? { deliveryDate } : {}) },
    undefined,
    { 'idempotency-key': key },
  );
}

export interface RevisionLineBody {
  lineId?: string;
  quantity: string;
  unitPrice: string;
  cancelled?: boolean;
  description?: string;
  categoryCode?: string;
  unitCode?: string;
  vatRate?: string;
}

export interface RevisionBody {
  version: number;
  reason: string;
  deliveryDate?: string;
  lines: RevisionLineBody[];
}

export interface RevisedOrder extends PurchaseOrder {
  revisionOutcome: { revision: number; status: 'issued' | 'pending_approval'; increasePercent: string };
}

/** A buyer revises the order at the version read: the next revision, issued or sent for approval. */
export function revisePurchaseOrder(id: string, body: RevisionBody) {
  return apiRequest<RevisedOrder>('POST', `${purchaseOrderPath(id)}/revisions`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export function decideOnRevision(
  id: string,
  revision: number,
  body: { outcome: 'approved' | 'rejected'; comment: string | null },
) {
  return apiRequest<PurchaseOrder>(
    'POST',
    `${purchaseOrderPath(id)}/revisions/${revision}/decisions`,
    body,
    undefined,
    { 'idempotency-key': idempotencyKey() },
  );
}

/** Cancels the whole order, or closes what remains of it, at the version read, saying why. */
export function endPurchaseOrder(
  id: string,
  how: 'cancel' | 'close',
  body: { version: number; reason: string },
) {
  return apiRequest<PurchaseOrder>('POST', `${purchaseOrderPath(id)}/${how}`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export interface ReceiptBody {
  receivedOn: string;
  comment: string | null;
  /** A negative quantity is a return. */
  lines: { purchaseOrderLineId: string; quantity: string; comment: string | null }[];
}

export function recordReceipt(id: string, body: ReceiptBody) {
  return apiRequest<PurchaseOrder>('POST', `${purchaseOrderPath(id)}/receipts`, body, undefined, {
    'idempotency-key': idempotencyKey(),
  });
}

export function retryDispatch(id: string, dispatchId: string) {
  return apiRequest<PurchaseOrder>(
    'POST',
    `${purchaseOrderPath(id)}/dispatches/${encodeURIComponent(dispatchId)}/retry`,
  );
}

/** What the supplier reads behind the link of the order e-mail: no account, the signed token decides. */
export interface SupplierOrderView {
  number: string | null;
  revision: number;
  currentRevision: number;
  status: PurchaseOrderStatus;
  buyer: string;
  supplier: string;
  language: string;
  currency: string;
  deliveryDate: string;
  lines: {
    lineNo: number;
    description: string;
    quantity: string;
    unitCode: string;
    unitPrice: string;
    amount: string;
  }[];
  acknowledgement: PurchaseOrderRevision['acknowledgement'];
}

export type SupplierAnswer =
  | { decision: 'acknowledge'; promisedDate: string }
  | { decision: 'decline'; reason: string };

export const supplierOrderPath = (token: string) =>
  `/public/v1/purchasing/supplier-orders/${encodeURIComponent(token)}`;

export function answerSupplierOrder(token: string, answer: SupplierAnswer) {
  return apiRequest<SupplierOrderView>('POST', supplierOrderPath(token), answer);
}
