import type { ColumnType } from 'kysely';
import type { OutboxTables, Timestamp } from './common.js';

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

export type InvoicingDatabase = {
  'invoicing.order_line': InvoicingOrderLineTable;
  'invoicing.receipt_line': InvoicingReceiptLineTable;
} & OutboxTables<'invoicing'>;
