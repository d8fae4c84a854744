import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Numeric, OutboxTables, Timestamp } from './common.js';

export type SupplierStatus = 'draft' | 'pending_approval' | 'active' | 'blocked' | 'archived';

export interface CategoryTable {
  code: string;
  name_fr: string;
  name_en: string;
}

export interface SupplierTable {
  id: Generated<string>;
  name: string;
  legal_form: string | null;
  siren: string | null;
  siret: string | null;
  vat_number: string | null;
  country: string;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  languages: Generated<string[]>;
  payment_terms_days: Generated<number>;
  order_email: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  status: Generated<SupplierStatus>;
  status_reason: string | null;
  status_changed_at: CreatedAt;
  status_changed_by: string | null;
  created_at: CreatedAt;
  duns: string | null;
  responsible_buyer_id: string | null;
  responsible_buyer_name: string | null;
  responsible_buyer_email: string | null;
  yearly_spend: Generated<string>;
  yearly_spend_source: string | null;
  submitted_by: string | null;
  approved_by: string | null;
  compliance_status: Generated<ComplianceStatus>;
  compliance_reason: string | null;
  compliance_hold: Generated<boolean>;
  compliance_checked_at: Timestamp | null;
  updated_at: CreatedAt;
  last_modified_by: string | null;
  approved_at: Timestamp | null;
  /** The Peppol endpoint e-invoices come from: ISO 6523 ICD scheme and identifier. */
  electronic_address_scheme: ColumnType<string | null, string | null | undefined, string | null>;
  electronic_address: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ComplianceStatus = 'compliant' | 'expiring' | 'non_compliant';
export type SupplierAddressKind = 'registered_office' | 'ordering' | 'remittance';
export type SupplierContactRole = 'sales' | 'accounts' | 'compliance' | 'management' | 'other';
export type BankAccountStatus = 'pending' | 'verified' | 'rejected' | 'superseded';

export interface SupplierSiteTable {
  supplier_id: string;
  entity_id: string;
  site_id: string;
}

export interface SupplierAddressTable {
  id: Generated<string>;
  supplier_id: string;
  kind: SupplierAddressKind;
  line1: string;
  line2: string | null;
  postal_code: string;
  city: string;
  country: string;
  position: Generated<number>;
}

export interface SupplierContactTable {
  id: Generated<string>;
  supplier_id: string;
  name: string;
  email: string;
  phone: string | null;
  role: SupplierContactRole;
  is_compliance_contact: Generated<boolean>;
  position: Generated<number>;
}

export interface SupplierStatusHistoryTable {
  id: Generated<string>;
  supplier_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_id: string | null;
  actor_name: string;
  occurred_at: CreatedAt;
  /** For an 'update': the record fields that changed. */
  changed_fields: string[] | null;
}

export interface SupplierBankAccountTable {
  id: Generated<string>;
  supplier_id: string;
  iban: string;
  bic: string;
  account_holder: string;
  status: Generated<BankAccountStatus>;
  entered_by: string;
  entered_by_name: string;
  entered_at: CreatedAt;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  rejection_reason: string | null;
  superseded_at: Timestamp | null;
}

export interface ComplianceDocumentTable {
  id: Generated<string>;
  supplier_id: string;
  type: string;
  /** `date` columns travel as 'YYYY-MM-DD' strings (see the pg type parser in connection.ts). */
  issued_on: string;
  expires_on: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: CreatedAt;
}

export interface ComplianceReminderTable {
  document_id: string;
  threshold_days: number;
  claimed_at: CreatedAt;
  /** Null while claimed and not (yet) sent. */
  sent_at: Timestamp | null;
  recipients: string[];
}

export interface CompliancePolicyTable {
  id: Generated<boolean>;
  on_non_compliance: Generated<'warn' | 'block'>;
  expiring_within_days: Generated<number>;
  reminder_days: Generated<number[]>;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface SupplierCategoryTable {
  supplier_id: string;
  category_code: string;
}

export interface SupplierEntityTable {
  supplier_id: string;
  entity_id: string;
}

export interface ItemTable {
  id: Generated<string>;
  supplier_id: string;
  supplier_sku: string;
  name_fr: string;
  name_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  category_code: string;
  unit_code: string;
  unit_price: Numeric;
  currency: string;
  vat_rate: Numeric;
  min_order_quantity: Numeric;
  lead_time_days: Generated<number>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  preferred: Generated<boolean>;
  price_list_id: string | null;
  image_url: string | null;
  /** Generated by the database. */
  search_names: ColumnType<string, never, never>;
  search_vector: ColumnType<string, never, never>;
}

export type PriceListKind = 'contract' | 'price_list';

export interface PriceListTable {
  id: Generated<string>;
  supplier_id: string;
  reference: string;
  name: string;
  kind: PriceListKind;
  currency: string;
  /** ISO dates (YYYY-MM-DD). */
  valid_from: string;
  valid_to: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface ItemPriceTierTable {
  item_id: string;
  min_quantity: Numeric;
  unit_price: Numeric;
}

export interface ItemPriceHistoryTable {
  id: Generated<string>;
  item_id: string;
  unit_price: Numeric;
  currency: string;
  price_list_id: string | null;
  recorded_at: CreatedAt;
}

/** Appended by a trigger when a transaction leaves an item's tiers changed. */
export interface ItemPriceTierHistoryTable {
  id: Generated<string>;
  item_id: string;
  /** `[{ minQuantity, unitPrice }]`, lowest quantity first, decimals as text. */
  tiers: ColumnType<{ minQuantity: string; unitPrice: string }[], never, never>;
  recorded_at: CreatedAt;
}

/** Append-only: every change of a price list's validity. */
export interface PriceListValidityChangeTable {
  id: Generated<string>;
  price_list_id: string;
  old_valid_from: string;
  old_valid_to: string | null;
  new_valid_from: string;
  new_valid_to: string | null;
  changed_by: string;
  changed_by_name: string;
  changed_at: CreatedAt;
}

export type FreeTextRequestStatus = 'pending' | 'sourced' | 'rejected' | 'withdrawn';

export interface FreeTextRequestTable {
  id: Generated<string>;
  requester_id: string;
  requester_name: string;
  entity_id: string;
  site_id: string | null;
  description: string;
  estimated_unit_price: Numeric;
  currency: string;
  vat_rate: ColumnType<string, string | undefined, string>;
  unit_code: string;
  category_code: string | null;
  suggested_supplier_id: string | null;
  suggested_supplier_name: string | null;
  url: string | null;
  notes: string | null;
  status: Generated<FreeTextRequestStatus>;
  sourced_item_id: string | null;
  rejection_reason: string | null;
  handled_by: string | null;
  handled_at: Date | null;
  created_at: CreatedAt;
}

export interface CartLineTable {
  id: Generated<string>;
  user_id: string;
  item_id: string | null;
  free_text_request_id: string | null;
  quantity: Numeric;
  seen_unit_price: Numeric | null;
  seen_currency: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response: JSONColumnType<object, string, string> | null;
  created_at: CreatedAt;
}

export type CatalogImportStatus = 'previewed' | 'confirmed' | 'cancelled' | 'expired';

export interface CatalogImportTable {
  id: Generated<string>;
  supplier_id: string;
  price_list_id: string;
  status: Generated<CatalogImportStatus>;
  file_name: string;
  file_format: 'csv' | 'xlsx';
  file_sha256: string;
  row_count: number;
  new_count: number;
  price_change_count: number;
  unchanged_count: number;
  removed_count: number;
  /** JSON text on insert; parsed by pg on select. */
  items: ColumnType<unknown, string, string>;
  preview: ColumnType<unknown, string, string>;
  base_fingerprint: string;
  base_import_id: string | null;
  created_by: string;
  created_by_name: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date, Date>;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: ColumnType<Date | null, Date | null, Date | null>;
  inserted_count: number | null;
  updated_count: number | null;
  deactivated_count: number | null;
  cancelled_by: string | null;
  cancelled_by_name: string | null;
  cancelled_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface SearchWordTable {
  word: string;
}

/** A one-character deletion of a catalog word, for typo correction (kept by a trigger). */
export interface SearchWordDeletionTable {
  deletion: string;
  word: string;
}

export type CatalogDatabase = {
  'catalog.category': CategoryTable;
  'catalog.supplier': SupplierTable;
  'catalog.supplier_category': SupplierCategoryTable;
  'catalog.supplier_entity': SupplierEntityTable;
  'catalog.item': ItemTable;
  'catalog.search_word': SearchWordTable;
  'catalog.search_word_deletion': SearchWordDeletionTable;
  'catalog.price_list': PriceListTable;
  'catalog.item_price_tier': ItemPriceTierTable;
  'catalog.item_price_history': ItemPriceHistoryTable;
  'catalog.item_price_tier_history': ItemPriceTierHistoryTable;
  'catalog.price_list_validity_change': PriceListValidityChangeTable;
  'catalog.free_text_request': FreeTextRequestTable;
  'catalog.cart_line': CartLineTable;
  'catalog.idempotency_key': IdempotencyKeyTable;
  'catalog.supplier_site': SupplierSiteTable;
  'catalog.supplier_address': SupplierAddressTable;
  'catalog.supplier_contact': SupplierContactTable;
  'catalog.supplier_status_history': SupplierStatusHistoryTable;
  'catalog.supplier_bank_account': SupplierBankAccountTable;
  'catalog.compliance_document': ComplianceDocumentTable;
  'catalog.compliance_reminder': ComplianceReminderTable;
  'catalog.compliance_policy': CompliancePolicyTable;
  'catalog.catalog_import': CatalogImportTable;
} & OutboxTables<'catalog'>;
