import type { Generated } from 'kysely';
import type { CreatedAt, OutboxTables, Timestamp } from './common.js';

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

export type PurchasingDatabase = {
  'purchasing.supplier_status': SupplierStatusTable;
} & OutboxTables<'purchasing'>;
