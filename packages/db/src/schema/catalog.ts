import type { Generated } from 'kysely';
import type { CreatedAt, Numeric, OutboxTables } from './common.js';

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
}

export type CatalogDatabase = {
  'catalog.category': CategoryTable;
  'catalog.supplier': SupplierTable;
  'catalog.supplier_category': SupplierCategoryTable;
  'catalog.supplier_entity': SupplierEntityTable;
  'catalog.item': ItemTable;
} & OutboxTables<'catalog'>;
