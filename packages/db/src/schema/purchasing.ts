import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Numeric, OutboxTables, Timestamp } from './common.js';

/** 'unknown': catalog has not announced the supplier's approval; not orderable. */
export type PurchasingSupplierStatus = 'unknown' | 'pending_approval' | 'active' | 'blocked' | 'archived';

export interface SupplierStatusTable {
  supplier_id: string;
  status: Generated<PurchasingSupplierStatus>;
  reason: string | null;
  changed_at: Timestamp | null;
  source_event_id: string;
  recorded_at: CreatedAt;
  compliance_hold: Generated<boolean>;
  compliance_reason: string | null;
  compliance_changed_at: Timestamp | null;
}

/** A person as the gateway last announced them (identity.user.changed). */
export interface DirectoryUserTable {
  user_id: string;
  email: string;
  display_name: string;
  entity_id: string;
  site_id: string | null;
  manager_user_id: string | null;
  /** In the entity's currency; null: approves nothing alone. */
  approval_limit: Numeric | null;
  roles: string[];
  cost_centre_ids: string[];
  locale: 'fr' | 'en';
  active: boolean;
  changed_at: Timestamp;
  source_event_id: string;
}

/** A cost centre as the gateway last announced it (identity.cost-centre.changed). */
export interface DirectoryCostCentreTable {
  cost_centre_id: string;
  entity_id: string;
  code: string;
  name_fr: string;
  name_en: string;
  manager_user_id: string | null;
  changed_at: Timestamp;
  source_event_id: string;
}

export interface PostalAddress {
  line: string;
  postalCode: string;
  city: string;
  country: string;
}

/** A buying entity as the gateway last announced it (identity.entity.changed). */
export interface DirectoryEntityTable {
  entity_id: string;
  parent_entity_id: string | null;
  code: string;
  legal_name: string;
  legal_form: string;
  siren: string | null;
  siret: string | null;
  vat_number: string | null;
  share_capital: Numeric | null;
  registration_city: string | null;
  address: JSONColumnType<PostalAddress, string, string>;
  currency: string;
  sites: JSONColumnType<
    { siteId: string; code: string; name: string; address: PostalAddress }[],
    string,
    string
  >;
  changed_at: Timestamp;
  source_event_id: string;
}

/** One unit of from_currency is worth `rate` units of to_currency from effective_on: append-only. */
export interface ExchangeRateTable {
  id: Generated<string>;
  from_currency: string;
  to_currency: string;
  rate: Numeric;
  effective_on: CalendarDay;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: CreatedAt;
  note: string | null;
}

/** A calendar date, 'YYYY-MM-DD' (dates are read as strings, see connection.ts). */
type CalendarDay = ColumnType<string, string, string>;

export interface DocumentCounterTable {
  entity_id: string;
  kind: 'requisition' | 'purchase_order';
  year: number;
  last_value: number;
}

export interface RequisitionTable {
  id: Generated<string>;
  number: string;
  entity_id: string;
  requester_user_id: string;
  requester_name: string;
  title: string;
  justification: string | null;
  currency: string;
  total: Numeric;
  status: Generated<
    | 'draft'
    | 'submitted'
    | 'in_approval'
    | 'approved'
    | 'rejected'
    | 'withdrawn'
    | 'partly_ordered'
    | 'ordered'
  >;
  version: Generated<number>;
  approval_round: Generated<number>;
  over_budget: Generated<boolean>;
  /** A buyer's direct order: issued as orders as soon as it is approved. */
  direct_order: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  /** The entity's currency and the rate the request was counted at when submitted (or changed). */
  entity_currency: string | null;
  exchange_rate: Numeric | null;
  exchange_rate_on: CalendarDay | null;
  /** The domain's ApprovalPlan of the current round. */
  approval_plan: JSONColumnType<Record<string, unknown>, string, string> | null;
}

export interface RequisitionLineTable {
  id: Generated<string>;
  requisition_id: string;
  line_no: number;
  source: 'catalog' | 'free_text';
  catalog_item_id: string | null;
  free_text_request_id: string | null;
  supplier_id: string | null;
  supplier_name: string | null;
  description: string;
  category_code: string;
  quantity: Numeric;
  unit_code: string;
  unit_price: Numeric;
  amount: Numeric;
  vat_rate: Numeric;
  cost_centre_id: string;
  budget_category: string;
  delivery_site_id: string | null;
  wished_date: CalendarDay | null;
}

export interface RequisitionEventTable {
  id: Generated<string>;
  requisition_id: string;
  kind: string;
  actor_user_id: string | null;
  actor_name: string | null;
  on_behalf_of_user_id: string | null;
  on_behalf_of_name: string | null;
  comment: string | null;
  details: JSONColumnType<Record<string, unknown>, string, string>;
  occurred_at: CreatedAt;
}

export interface ApprovalRuleTable {
  id: Generated<string>;
  entity_id: string | null;
  name: string;
  position: number;
  kind: 'blocking' | 'warning';
  active: Generated<boolean>;
  conditions: JSONColumnType<Record<string, unknown>, string, string>;
  approvers: JSONColumnType<Record<string, unknown>, string, string>;
  mode: 'any' | 'all';
  /** The label of the step the rule adds (the rule's name when null). */
  label: string | null;
  updated_by: string;
  updated_at: CreatedAt;
  version: Generated<number>;
}

export type ApprovalRuleChangeAction =
  | 'created'
  | 'updated'
  | 'activated'
  | 'deactivated'
  | 'moved'
  | 'deleted';

/** One change to an approval rule, as the API made it: append-only. */
export interface ApprovalRuleChangeTable {
  id: Generated<string>;
  rule_id: string;
  entity_id: string | null;
  action: ApprovalRuleChangeAction;
  actor_user_id: string;
  actor_name: string;
  /** The rule as the API shows it, before and after the change (null when created / deleted). */
  before: JSONColumnType<Record<string, unknown>, string, string> | null;
  after: JSONColumnType<Record<string, unknown>, string, string> | null;
  changed_at: CreatedAt;
}

export interface ApprovalStepTable {
  id: Generated<string>;
  requisition_id: string;
  round: number;
  step_index: number;
  kind: 'blocking' | 'warning';
  mode: 'any' | 'all';
  rule_id: string | null;
  label: string;
  explanation: string;
  approver_user_ids: string[];
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';
  activated_at: Timestamp | null;
  completed_at: Timestamp | null;
  reminded_at: Timestamp | null;
  escalated_at: Timestamp | null;
}

export interface ApprovalDecisionTable {
  id: Generated<string>;
  step_id: string;
  approver_user_id: string;
  actor_user_id: string;
  outcome: 'approved' | 'rejected';
  comment: string | null;
  decided_at: CreatedAt;
}

export interface ApprovalLinkTable {
  id: Generated<string>;
  step_id: string;
  approver_user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by_user_id: string | null;
  used_outcome: 'approved' | 'rejected' | null;
}

export interface BudgetLineTable {
  id: Generated<string>;
  entity_id: string;
  cost_centre_id: string;
  budget_category: string;
  period_kind: 'month' | 'quarter' | 'fiscal_year';
  period_key: string;
  period_start: CalendarDay;
  period_end: CalendarDay;
  amount: Numeric;
  currency: string;
  policy: 'stop' | 'warn' | 'ignore';
  created_by: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** A budget file imported: append-only. */
export interface BudgetImportTable {
  id: Generated<string>;
  entity_id: string;
  imported_by: string;
  imported_by_name: string;
  imported_at: CreatedAt;
  file_name: string;
  /** Lower-case hex. */
  file_sha256: string;
  row_count: number;
  new_count: number;
  changed_count: number;
  unchanged_count: number;
}

/** A budget line entered, or its amount or policy changed (by hand or by an import): append-only. */
export interface BudgetLineChangeTable {
  id: Generated<string>;
  budget_line_id: string;
  kind: 'entered' | 'changed';
  changed_by: string;
  changed_by_name: string;
  changed_at: CreatedAt;
  budget_import_id: string | null;
  /** Null when entered. */
  amount_before: Numeric | null;
  amount_after: Numeric;
  policy_before: 'stop' | 'warn' | 'ignore' | null;
  policy_after: 'stop' | 'warn' | 'ignore';
}

export interface CommitmentEntryTable {
  id: Generated<string>;
  budget_line_id: string | null;
  entity_id: string;
  cost_centre_id: string;
  budget_category: string;
  document_kind: 'requisition' | 'purchase_order' | 'receipt' | 'invoice';
  document_id: string;
  document_line_id: string | null;
  event: string;
  period_key: string;
  commitment_kind: 'requisition' | 'purchase_order' | 'receipt' | 'invoice';
  commitment_id: string;
  commitment_line_id: string | null;
  requested: ColumnType<string, string | undefined, never>;
  committed: ColumnType<string, string | undefined, never>;
  received: ColumnType<string, string | undefined, never>;
  invoiced: ColumnType<string, string | undefined, never>;
  paid: ColumnType<string, string | undefined, never>;
  currency: string;
  occurred_on: CalendarDay;
  recorded_at: CreatedAt;
}

export interface PurchasingIdempotencyKeyTable {
  user_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response: JSONColumnType<Record<string, unknown>, string, string> | null;
  created_at: CreatedAt;
}

/** A supplier's approved ordering details (catalog.supplier.ordering-details). */
export interface SupplierPartyTable {
  supplier_id: string;
  name: string;
  legal_form: string | null;
  siren: string | null;
  siret: string | null;
  vat_number: string | null;
  address: JSONColumnType<PostalAddress, string, string>;
  language: 'fr' | 'en';
  payment_terms_days: number;
  order_email: string | null;
  contact: JSONColumnType<
    { name: string | null; email: string | null; phone: string | null } | null,
    string | null,
    string | null
  >;
  changed_at: Timestamp;
  source_event_id: string;
}

/** A published version of the CGA or of an annex: never changed once published. */
export interface TermsVersionTable {
  code: string;
  version: number;
  effective_on: CalendarDay;
  title: JSONColumnType<{ fr: string; en: string }, string, never>;
  text: JSONColumnType<{ fr: string; en: string }, string, never>;
  published_by: string;
  published_by_name: string;
  published_at: CreatedAt;
}

/** Which annex goes with which orders (the domain's AnnexRule). */
export interface AnnexRuleTable {
  id: string;
  annex_code: string;
  conditions: JSONColumnType<Record<string, unknown>, string, string>;
  active: Generated<boolean>;
  version: Generated<number>;
  updated_by: string;
  updated_at: CreatedAt;
}

export type PurchaseOrderStatus =
  | 'draft'
  | 'pending_approval'
  | 'issued'
  | 'acknowledged'
  | 'closed'
  | 'cancelled';

export interface PurchaseOrderTable {
  id: Generated<string>;
  entity_id: string;
  number: string | null;
  supplier_id: string;
  supplier_name: string;
  currency: string;
  status: PurchaseOrderStatus;
  origin: 'requisition' | 'direct';
  revision: Generated<number>;
  version: Generated<number>;
  buyer_user_id: string;
  buyer_name: string;
  buyer_email: string | null;
  delivery_site_id: string | null;
  delivery_date: CalendarDay;
  entity_currency: string;
  exchange_rate: Numeric;
  created_at: CreatedAt;
  issued_at: Timestamp | null;
  closed_at: Timestamp | null;
  close_reason: string | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
}

export interface PurchaseOrderLineTable {
  id: Generated<string>;
  purchase_order_id: string;
  line_no: number;
  requisition_id: string | null;
  requisition_line_id: string | null;
  reference: string;
  description: string;
  category_code: string;
  quantity: Numeric;
  unit_code: string;
  unit_price: Numeric;
  vat_category: Generated<string>;
  vat_rate: Numeric;
  amount: Numeric;
  flags: Generated<string[]>;
  receipt_required: Generated<boolean>;
  cost_centre_id: string;
  budget_category: string;
  received_quantity: ColumnType<string, string | undefined, string>;
  invoiced_quantity: ColumnType<string, string | undefined, string>;
  /** The net amount approved invoices charge to the line, in the order's currency (invoice_billing). */
  invoiced_amount: ColumnType<string, string | undefined, string>;
  cancelled: Generated<boolean>;
}

/** What one approved invoice (or credit note) bills on one order line, and when it was paid. */
export interface InvoiceBillingTable {
  invoice_id: string;
  purchase_order_line_id: string;
  purchase_order_id: string;
  kind: 'invoice' | 'credit_note';
  invoice_number: string;
  quantity: Numeric;
  net_amount: Numeric;
  currency: string;
  ledger_amount: Numeric;
  ledger_currency: string;
  approved_by: string | null;
  approved_on: string;
  paid_on: string | null;
  payment_run_id: string | null;
  refused_on: string | null;
}

export interface PurchaseOrderRevisionTable {
  purchase_order_id: string;
  revision: number;
  status: 'pending_approval' | 'issued' | 'rejected';
  /** The domain's PurchaseOrderInput as issued (issuedAt as ISO). */
  document: JSONColumnType<Record<string, unknown>, string, string>;
  /** The exact terms versions carried: the CGA first, then the annexes, with the rules that chose them. */
  terms: JSONColumnType<{ code: string; version: number; ruleIds?: string[] }[], string, string>;
  pdf_sha256: string | null;
  changes: JSONColumnType<Record<string, unknown>[], string, string>;
  created_by: string;
  created_by_name: string;
  created_at: CreatedAt;
  issued_at: Timestamp | null;
  approval_requisition_id: string | null;
  acknowledgement: Generated<'awaiting' | 'acknowledged' | 'declined' | 'superseded'>;
  acknowledged_at: Timestamp | null;
  promised_date: CalendarDay | null;
  decline_reason: string | null;
}

export interface PurchaseOrderDispatchTable {
  id: Generated<string>;
  purchase_order_id: string;
  revision: number;
  kind: 'order' | 'cancellation';
  channel: Generated<'email'>;
  recipient: string | null;
  status: Generated<'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  queued_at: CreatedAt;
  next_attempt_at: CreatedAt;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
}

export interface ReceiptTable {
  id: Generated<string>;
  purchase_order_id: string;
  received_on: CalendarDay;
  recorded_by: string;
  recorded_by_name: string;
  comment: string | null;
  recorded_at: CreatedAt;
}

export interface ReceiptLineTable {
  id: Generated<string>;
  receipt_id: string;
  purchase_order_line_id: string;
  quantity: Numeric;
  comment: string | null;
}

export type PurchasingDatabase = {
  'purchasing.supplier_status': SupplierStatusTable;
  'purchasing.directory_user': DirectoryUserTable;
  'purchasing.directory_cost_centre': DirectoryCostCentreTable;
  'purchasing.directory_entity': DirectoryEntityTable;
  'purchasing.exchange_rate': ExchangeRateTable;
  'purchasing.supplier_party': SupplierPartyTable;
  'purchasing.terms_version': TermsVersionTable;
  'purchasing.annex_rule': AnnexRuleTable;
  'purchasing.purchase_order': PurchaseOrderTable;
  'purchasing.purchase_order_line': PurchaseOrderLineTable;
  'purchasing.purchase_order_revision': PurchaseOrderRevisionTable;
  'purchasing.purchase_order_dispatch': PurchaseOrderDispatchTable;
  'purchasing.receipt': ReceiptTable;
  'purchasing.receipt_line': ReceiptLineTable;
  'purchasing.document_counter': DocumentCounterTable;
  'purchasing.requisition': RequisitionTable;
  'purchasing.requisition_line': RequisitionLineTable;
  'purchasing.requisition_event': RequisitionEventTable;
  'purchasing.approval_rule': ApprovalRuleTable;
  'purchasing.approval_rule_change': ApprovalRuleChangeTable;
  'purchasing.approval_step': ApprovalStepTable;
  'purchasing.approval_decision': ApprovalDecisionTable;
  'purchasing.approval_link': ApprovalLinkTable;
  'purchasing.budget_line': BudgetLineTable;
  'purchasing.budget_import': BudgetImportTable;
  'purchasing.budget_line_change': BudgetLineChangeTable;
  'purchasing.commitment_entry': CommitmentEntryTable;
  'purchasing.invoice_billing': InvoiceBillingTable;
  'purchasing.idempotency_key': PurchasingIdempotencyKeyTable;
} & OutboxTables<'purchasing'>;
