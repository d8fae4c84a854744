import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- What catalog says of a supplier's e-invoicing address (catalog.supplier.ordering-details) and
    -- of its bank details (catalog.supplier.bank-account-changed): the account verified by a second
    -- person that payments go to (none: not paid), and whether a change waits for verification.
    -- The electronic address is kept compact and upper case, as the seller's keys are compared.
    alter table invoicing.supplier
      add column electronic_address_scheme text check (electronic_address_scheme ~ '^[0-9]{4}$'),
      add column electronic_address text,
      add column bank_account_id uuid,
      add column bank_account_holder text,
      add column bank_iban text,
      add column bank_bic text,
      add column bank_verified_at timestamptz,
      add column bank_change_pending boolean not null default false,
      add column bank_details_changed_at timestamptz,
      add check ((electronic_address is null) = (electronic_address_scheme is null)),
      add check ((bank_iban is null) = (bank_account_id is null)
        and (bank_iban is null) = (bank_account_holder is null)
        and (bank_iban is null) = (bank_verified_at is null));
    create index supplier_electronic_address on invoicing.supplier (electronic_address)
      where electronic_address is not null;

    -- The day an invoice was paid: the execution date of the payment run confirmed as sent.
    alter table invoicing.invoice
      add column paid_on date,
      add check ((status = 'paid') = (paid_on is not null));

    -- The company account each buying entity pays its suppliers from, and how its invoices are
    -- posted in the general ledger (purchase journal, payables, default expense and VAT accounts).
    create table invoicing.paying_account (
      entity_id uuid primary key,
      account_holder text not null check (length(btrim(account_holder)) > 0),
      iban text not null check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
      bic text check (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
      journal_code text not null default 'HA',
      payable_account text not null default '401000',
      expense_account text not null default '606000',
      vat_account text not null default '445660',
      changed_by uuid not null,
      changed_at timestamptz not null default now()
    );

    -- A payment run: what an entity pays on an execution date, the SEPA credit transfer file and
    -- the accounting export written when it was made (served as written, every time), and its
    -- status: open (made, not yet sent), confirmed (sent to the bank: its invoices are paid) or
    -- cancelled (never sent: its invoices are free for another run). Numbered PR-<year>-<n>.
    create sequence invoicing.payment_run_number;
    create table invoicing.payment_run (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      entity_id uuid not null,
      execution_date date not null,
      currency char(3) not null,
      total numeric(19, 2) not null check (total > 0),
      payment_count integer not null check (payment_count > 0),
      invoice_count integer not null check (invoice_count > 0),
      debtor_account_holder text not null,
      debtor_iban text not null,
      debtor_bic text,
      sepa_file text not null,
      accounting_export text not null,
      excluded jsonb not null default '[]',
      status text not null default 'open' check (status in ('open', 'confirmed', 'cancelled')),
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      confirmed_by uuid,
      confirmed_by_name text,
      confirmed_at timestamptz,
      cancelled_by uuid,
      cancelled_by_name text,
      cancelled_at timestamptz,
      cancel_reason text,
      check ((status = 'confirmed') = (confirmed_at is not null and confirmed_by is not null)),
      check ((status = 'cancelled') = (cancelled_at is not null and cancelled_by is not null
        and length(btrim(coalesce(cancel_reason, ''))) > 0))
    );
    create index payment_run_entity on invoicing.payment_run (entity_id, created_at desc);

    -- The invoices and credit notes a run settles, with the signed amount (negative for a credit
    -- note) and the SEPA transaction (end-to-end id) that carries it. An invoice is in one run at a
    -- time: once its run is cancelled it is released, and only then may another run take it; two
    -- runs made at the same moment cannot both take it (the unique index below).
    create table invoicing.payment_run_invoice (
      payment_run_id uuid not null references invoicing.payment_run (id),
      invoice_id uuid not null references invoicing.invoice (id),
      supplier_id uuid not null,
      amount numeric(19, 2) not null check (amount <> 0),
      end_to_end_id text not null,
      released boolean not null default false,
      primary key (payment_run_id, invoice_id)
    );
    create unique index payment_run_invoice_once on invoicing.payment_run_invoice (invoice_id)
      where not released;
  `)
    .execute(db);
}
