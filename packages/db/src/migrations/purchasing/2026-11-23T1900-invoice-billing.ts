import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- What invoicing approved on each order line, per invoice (from invoicing.invoice.approved): the
    -- quantity and net amount invoiced (a credit note's are negative), in the invoice's currency and
    -- as the ledger counted it (the entity's currency, at the order's rate), and when it was paid
    -- (invoicing.invoice.paid), or refused after its approval (invoicing.invoice.refused: it no longer
    -- counts). One row per invoice and order line: an approval counts once.
    create table purchasing.invoice_billing (
      invoice_id uuid not null,
      purchase_order_line_id uuid not null references purchasing.purchase_order_line (id),
      purchase_order_id uuid not null references purchasing.purchase_order (id),
      kind text not null check (kind in ('invoice', 'credit_note')),
      invoice_number text not null,
      quantity numeric(19, 4) not null,
      net_amount numeric(19, 2) not null,
      currency char(3) not null,
      ledger_amount numeric(19, 2) not null,
      ledger_currency char(3) not null,
      approved_by uuid,
      approved_on date not null,
      paid_on date,
      payment_run_id uuid,
      refused_on date,
      primary key (invoice_id, purchase_order_line_id)
    );
    create index invoice_billing_order on purchasing.invoice_billing (purchase_order_id);

    -- The net amount invoiced on each order line: the sum of its invoice_billing rows not refused.
    alter table purchasing.purchase_order_line
      add column invoiced_amount numeric(19, 2) not null default 0;
  `)
    .execute(db);
}
