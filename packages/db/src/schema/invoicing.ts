import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, OutboxTables, Timestamp } from './common.js';

/** A calendar date, 'YYYY-MM-DD'. */
type CalendarDay = ColumnType<string, string, string>;
type Decimal = ColumnType<string, string, string>;

/** A purchase order line as purchasing last announced it, with what was received on it. */
export interface InvoicingOrderLineTable {
  purchase_order_line_id: string;
  purchase_order_id: string;
  purchase_order_number: string;
  revision: number;
  entity_id: string;
  supplier_id: string;
  currency: string;
  order_status: string;
  line_no: number;
  reference: string;
  description: string;
  category_code: string;
  quantity: Decimal;
  unit_code: string;
  unit_price: Decimal;
  vat_rate: Decimal;
  amount: Decimal;
  receipt_required: boolean;
  cancelled: boolean;
  buyer_user_id: string;
  requester_user_ids: string[];
  received_quantity: ColumnType<string, string | undefined, string>;
  changed_at: Timestamp;
}

export interface InvoicingReceiptLineTable {
  receipt_id: string;
  position: number;
  purchase_order_line_id: string;
  quantity: Decimal;
  received_on: CalendarDay;
}

/** A supplier as catalog last announced it: what an invoice's seller is recognised by. */
export interface InvoicingSupplierTable {
  supplier_id: string;
  name: string;
  /** Compact and upper case: FR44732829320. */
  vat_number: string | null;
  siren: string | null;
  siret: string | null;
  country: string | null;
  payment_terms_days: number | null;
  details_changed_at: Timestamp | null;
  status: Generated<'active' | 'blocked' | 'archived'>;
  status_changed_at: Timestamp | null;
  source_event_id: string;
  /** The Peppol endpoint scheme (ISO 6523 ICD, e.g. 0009) and identifier, compact and upper case. */
  electronic_address_scheme: ColumnType<string | null, string | null | undefined, string | null>;
  electronic_address: ColumnType<string | null, string | null | undefined, string | null>;
  /** The bank account verified by a second person in catalog: the one payments go to. */
  bank_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  bank_account_holder: ColumnType<string | null, string | null | undefined, string | null>;
  bank_iban: ColumnType<string | null, string | null | undefined, string | null>;
  bank_bic: ColumnType<string | null, string | null | undefined, string | null>;
  bank_verified_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** A new account waits for verification (payments keep going to the verified one). */
  bank_change_pending: Generated<boolean>;
  bank_details_changed_at: ColumnType<Date | null, string | null | undefined, string | null>;
  contact_email: ColumnType<string | null, string | null | undefined, string | null>;
  order_email: ColumnType<string | null, string | null | undefined, string | null>;
  language: ColumnType<'fr' | 'en' | null, 'fr' | 'en' | null | undefined, 'fr' | 'en' | null>;
}

export type InvoiceFileStatus =
  | 'accepted'
  | 'awaiting_keying'
  | 'keyed'
  | 'rejected'
  | 'unreadable'
  | 'duplicate';

/** A file posted to the intake, kept as received, and what became of it. */
export interface InvoicingInvoiceFileTable {
  id: Generated<string>;
  content: Buffer;
  content_type: string | null;
  file_name: string | null;
  byte_size: number;
  sha256: string;
  received_by: string;
  received_by_name: string;
  received_by_kind: 'user' | 'integration';
  received_at: CreatedAt;
  status: InvoiceFileStatus;
  syntax: 'ubl' | 'cii' | 'json' | null;
  container: 'xml' | 'pdf' | 'json' | null;
  attachment_name: string | null;
  document_number: string | null;
  problem_code: string | null;
  problem_message: string | null;
  duplicate_of: string | null;
}

/** An EN 16931 rule a file breaks, by its official id. */
export interface InvoicingInvoiceFileViolationTable {
  file_id: string;
  position: number;
  rule_id: string;
  severity: 'fatal' | 'warning';
  message: string;
  field: string | null;
}

export type InvoicingInvoiceStatus = 'received' | 'on_hold' | 'approved' | 'paid' | 'rejected' | 'refused';

/** A supplier invoice or credit note as received, with what intake and matching found. */
export interface InvoicingInvoiceTable {
  id: Generated<string>;
  file_id: string;
  keyed_from_file_id: string | null;
  kind: 'invoice' | 'credit_note';
  type_code: string;
  number: string;
  issue_date: CalendarDay;
  fiscal_year: ColumnType<number, never, never>;
  currency: string;
  specification_id: string;
  supplier_id: string | null;
  seller_key: string;
  seller_name: string;
  seller_vat_number: string | null;
  seller_siren: string | null;
  seller_siret: string | null;
  seller_electronic_address: string | null;
  buyer_name: string;
  buyer_vat_number: string | null;
  buyer_siren: string | null;
  buyer_siret: string | null;
  buyer_electronic_address: string | null;
  buyer_reference: string | null;
  purchase_order_reference: string | null;
  entity_id: string | null;
  line_net_total: Decimal;
  allowance_total: Decimal | null;
  charge_total: Decimal | null;
  tax_exclusive_total: Decimal;
  vat_total: Decimal | null;
  tax_inclusive_total: Decimal;
  prepaid_amount: Decimal | null;
  payable_amount: Decimal;
  payment_terms: string | null;
  stated_due_date: CalendarDay | null;
  due_date: CalendarDay;
  due_date_source: 'payment_terms' | 'stated_on_invoice' | 'statutory_default';
  due_date_capped: boolean;
  payment_means_code: string | null;
  iban: string | null;
  bic: string | null;
  status: Generated<InvoicingInvoiceStatus>;
  intake_reasons: Generated<string[]>;
  possible_duplicate_of: Generated<string[]>;
  totals_consistent: boolean;
  totals_differences: JSONColumnType<unknown[], string, string>;
  match_status: 'matched' | 'exception';
  match_reasons: Generated<string[]>;
  exception_owner: 'buyer' | 'requester' | 'accounts_payable' | null;
  matched_at: Timestamp;
  canonical: JSONColumnType<Record<string, unknown>, string, string>;
  received_at: Timestamp;
  received_by: string;
  received_by_name: string;
  /** The execution date of the payment run that paid it. */
  paid_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Optimistic version: bumped by every action on the invoice. */
  version: Generated<number>;
  /** While on hold: the status a release returns to. */
  held_from: 'received' | 'approved' | null;
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  /** Null on an approved invoice: approved by Procura itself, every line having matched. */
  approved_by: string | null;
  approved_at: Timestamp | null;
  awaiting_credit_note: Generated<boolean>;
}

export type InvoiceHistoryAction =
  | 'receive'
  | 'reject'
  | 'approve'
  | 'accept_variance'
  | 'request_credit_note'
  | 'hold'
  | 'release'
  | 'refuse'
  | 'pay'
  | 'clear_duplicate';

/** Every move of an invoice, append-only (a trigger refuses updates and deletes). */
export interface InvoicingInvoiceHistoryTable {
  id: Generated<string>;
  /** The writing transaction (xid8, as text): the lifecycle feed's commit order. */
  xact_id: Generated<string>;
  invoice_id: string | null;
  file_id: string;
  action: InvoiceHistoryAction;
  from_status: InvoicingInvoiceStatus | null;
  to_status: InvoicingInvoiceStatus;
  reason: string | null;
  comment: string | null;
  /** Null: Procura itself (an automatic approval). */
  actor_id: string | null;
  actor_name: string;
  amounts: JSONColumnType<Record<string, unknown>, string, string>;
  occurred_at: CreatedAt;
}

/** A person's own variance acceptance limit, over their role's default. */
export interface InvoicingVarianceAcceptanceLimitTable {
  entity_id: string;
  user_id: string;
  amount: Decimal;
  currency: string;
  set_by: string;
  set_at: CreatedAt;
}

export interface InvoicingCreditNoteRequestTable {
  id: Generated<string>;
  invoice_id: string;
  amount: Decimal | null;
  currency: string;
  reason: string;
  requested_by: string;
  requested_by_name: string;
  requested_at: Timestamp;
  mail_to: string | null;
  mail_status: 'pending' | 'sent' | 'no_contact';
  mail_sent_at: Timestamp | null;
}

/** How an invoice line's order line was found, or why it was not. */
export type InvoiceLineOrderLookup =
  | 'found'
  | 'no_reference'
  | 'unknown_order'
  | 'unknown_line'
  | 'ambiguous'
  | 'supplier_unknown';

export interface InvoicingInvoiceLineTable {
  invoice_id: string;
  position: number;
  line_id: string;
  order_reference: string | null;
  order_line_reference: string | null;
  purchase_order_line_id: string | null;
  order_lookup: InvoiceLineOrderLookup;
  quantity: Decimal;
  unit_code: string;
  net_price: Decimal;
  price_base_quantity: Decimal | null;
  net_amount: Decimal;
  vat_category: string;
  vat_rate: Decimal | null;
  item_name: string;
  seller_item_id: string | null;
  match_status: string;
  match_mode: 'two_way' | 'three_way' | null;
  match_findings: JSONColumnType<unknown[], string, string>;
  match_quantities: JSONColumnType<Record<string, unknown>, string, string> | null;
}

export interface InvoicingIdempotencyKeyTable {
  user_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response: JSONColumnType<Record<string, unknown>, string, string> | null;
  created_at: CreatedAt;
}

/** A matching tolerance of an entity (the domain's ToleranceRule), live until retired. */
export interface InvoicingToleranceRuleTable {
  id: Generated<string>;
  entity_id: string;
  supplier_id: string | null;
  /** A UNSPSC commodity code (8 digits). */
  category_code: string | null;
  measure: 'price' | 'quantity';
  absolute: Decimal;
  percent: Decimal;
  join_operator: 'and' | 'or';
  /** Price rules only: the currency of the absolute part. */
  currency: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
  retired_at: Timestamp | null;
  retired_by: string | null;
}

export type ToleranceRuleChangeAction = 'created' | 'updated' | 'retired';

/** Every change to a tolerance rule, append-only. */
export interface InvoicingToleranceRuleChangeTable {
  id: Generated<string>;
  rule_id: string;
  entity_id: string;
  action: ToleranceRuleChangeAction;
  version: number;
  actor_user_id: string;
  actor_name: string;
  before: JSONColumnType<Record<string, unknown>, string, string> | null;
  after: JSONColumnType<Record<string, unknown>, string, string>;
  changed_at: Timestamp;
}

/** The company account an entity pays suppliers from, and its general ledger accounts. */
export interface InvoicingPayingAccountTable {
  entity_id: string;
  account_holder: string;
  iban: string;
  bic: string | null;
  journal_code: Generated<string>;
  payable_account: Generated<string>;
  expense_account: Generated<string>;
  vat_account: Generated<string>;
  changed_by: string;
  changed_at: CreatedAt;
}

export type PaymentRunStatus = 'open' | 'confirmed' | 'cancelled';

/** A payment run: what an entity pays on a day, its SEPA file and accounting export as written. */
export interface InvoicingPaymentRunTable {
  id: Generated<string>;
  number: string;
  entity_id: string;
  execution_date: CalendarDay;
  currency: string;
  total: Decimal;
  payment_count: number;
  invoice_count: number;
  debtor_account_holder: string;
  debtor_iban: string;
  debtor_bic: string | null;
  sepa_file: string;
  accounting_export: string;
  excluded: JSONColumnType<unknown[], string, string>;
  status: Generated<PaymentRunStatus>;
  created_by: string;
  created_by_name: string;
  created_at: CreatedAt;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: Timestamp | null;
  cancelled_by: string | null;
  cancelled_by_name: string | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
}

/** An invoice or credit note a run settles (signed amount), released when the run is cancelled. */
export interface InvoicingPaymentRunInvoiceTable {
  payment_run_id: string;
  invoice_id: string;
  supplier_id: string;
  amount: Decimal;
  end_to_end_id: string;
  released: Generated<boolean>;
}

export type InvoicingDatabase = {
  'invoicing.order_line': InvoicingOrderLineTable;
  'invoicing.receipt_line': InvoicingReceiptLineTable;
  'invoicing.supplier': InvoicingSupplierTable;
  'invoicing.invoice_file': InvoicingInvoiceFileTable;
  'invoicing.invoice_file_violation': InvoicingInvoiceFileViolationTable;
  'invoicing.invoice': InvoicingInvoiceTable;
  'invoicing.invoice_line': InvoicingInvoiceLineTable;
  'invoicing.idempotency_key': InvoicingIdempotencyKeyTable;
  'invoicing.tolerance_rule': InvoicingToleranceRuleTable;
  'invoicing.tolerance_rule_change': InvoicingToleranceRuleChangeTable;
  'invoicing.paying_account': InvoicingPayingAccountTable;
  'invoicing.payment_run': InvoicingPaymentRunTable;
  'invoicing.payment_run_invoice': InvoicingPaymentRunInvoiceTable;
  'invoicing.invoice_history': InvoicingInvoiceHistoryTable;
  'invoicing.variance_acceptance_limit': InvoicingVarianceAcceptanceLimitTable;
  'invoicing.credit_note_request': InvoicingCreditNoteRequestTable;
} & OutboxTables<'invoicing'>;
