import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Invoicing's own copy of the purchase order lines and receipts, kept from purchasing's events
    -- (purchasing.purchase-order.*, purchasing.goods.received): what invoices are matched against,
    -- without reading purchasing's schema.
    create table invoicing.order_line (
      purchase_order_line_id uuid primary key,
      purchase_order_id uuid not null,
      purchase_order_number text not null,
      revision integer not null,
      entity_id uuid not null,
      supplier_id uuid not null,
      currency char(3) not null,
      order_status text not null,
      line_no integer not null,
      reference text not null,
      description text not null,
      category_code text not null,
      quantity numeric(19, 4) not null,
      unit_code text not null,
      unit_price numeric(19, 4) not null,
      vat_rate numeric(5, 2) not null,
      amount numeric(19, 2) not null,
      receipt_required boolean not null,
      cancelled boolean not null,
      buyer_user_id uuid not null,
      requester_user_ids uuid[] not null,
      received_quantity numeric(19, 4) not null default 0,
      changed_at timestamptz not null
    );
    create index order_line_order on invoicing.order_line (purchase_order_id);
    create index order_line_number on invoicing.order_line (entity_id, purchase_order_number);

    -- Each receipt line as purchasing recorded it (a return is negative); received_quantity above is
    -- their sum, kept in the same transaction.
    create table invoicing.receipt_line (
      receipt_id uuid not null,
      position integer not null,
      purchase_order_line_id uuid not null,
      quantity numeric(19, 4) not null,
      received_on date not null,
      primary key (receipt_id, position)
    );
    create index receipt_line_order_line on invoicing.receipt_line (purchase_order_line_id);
  `)
    .execute(db);
}
