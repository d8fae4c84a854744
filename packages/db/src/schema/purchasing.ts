import type { CreatedAt, OutboxTables, Timestamp } from './common.js';

export interface SupplierStatusTable {
  supplier_id: string;
  status: 'active' | 'blocked' | 'archived';
  reason: string | null;
  changed_at: Timestamp;
  source_event_id: string;
  recorded_at: CreatedAt;
}

export type PurchasingDatabase = {
  'purchasing.supplier_status': SupplierStatusTable;
} & OutboxTables<'purchasing'>;
