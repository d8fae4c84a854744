import type { Generated } from 'kysely';
import type { CreatedAt, OutboxTables, Timestamp } from './common.js';

export interface SupplierStatusTable {
  supplier_id: string;
  status: Generated<'active' | 'blocked' | 'archived'>;
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
