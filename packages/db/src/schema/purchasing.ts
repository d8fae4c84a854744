import type { Generated } from 'kysely';
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

export type PurchasingDatabase = {
  'purchasing.supplier_status': SupplierStatusTable;
  'purchasing.directory_user': DirectoryUserTable;
  'purchasing.directory_cost_centre': DirectoryCostCentreTable;
} & OutboxTables<'purchasing'>;
