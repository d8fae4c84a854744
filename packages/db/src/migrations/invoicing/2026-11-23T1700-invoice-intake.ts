import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- The suppliers as catalog last announced them (catalog.supplier.ordering-details and the
    -- status events): what an invoice's seller is recognised by, and the agreed payment days.
    -- Identifiers are kept compact (VAT number upper case without separators, SIREN and SIRET as
    -- digits). A status event may arrive before the details: the row then only has its name.
    create table invoicing.supplier (
      supplier_id uuid primary key,
      name text not null,
      vat_number text,
      siren text check (siren ~ '^[0-9]{9}$'),
      siret text check (siret ~ '^[0-9]{14}$'),
      country char(2),
      payment_terms_days integer check (payment_terms_days >= 0),
      details_changed_at timestamptz,
      status text not null default 'active' check (status in ('active', 'blocked', 'archived')),
      status_changed_at timestamptz,
      source_event_id uuid not null
    );
    create index supplier_vat_number on invoicing.supplier (vat_number) where vat_number is not null;
    create index supplier_siren on invoicing.supplier (siren) where siren is not null;
    create index supplier_siret on invoicing.supplier (siret) where siret is not null;

    -- Every file posted to the intake, as received (also a malformed or refused one, for audit),
    -- and what became of it: accepted (an invoice was made of it), awaiting_keying (a PDF without
    -- invoice XML, for a person to key in), keyed (such a PDF once keyed in), rejected (EN 16931
    -- rules broken: the violations below), unreadable (the einvoice_ error in problem_code) or
    -- duplicate (the supplier already sent that number this fiscal year: duplicate_of).
    create table invoicing.invoice_file (
      id uuid primary key default gen_random_uuid(),
      content bytea not null,
      content_type text,
      file_name text,
      byte_size integer not null check (byte_size = octet_length(content)),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      received_by uuid not null,
      received_by_name text not null,
      received_by_kind text not null check (received_by_kind in ('user', 'integration')),
      received_at timestamptz not null default now(),
      status text not null
        check (status in ('accepted', 'awaiting_keying', 'keyed', 'rejected', 'unreadable', 'duplicate')),
      syntax text check (syntax in ('ubl', 'cii', 'json')),
      container text check (container in ('xml', 'pdf', 'json')),
      attachment_name text,
      -- The invoice number (BT-1) when the file could be read: to tell the supplier which was refused.
      document_number text,
      problem_code text,
      problem_message text,
      duplicate_of uuid,
      check ((status in ('rejected', 'unreadable', 'duplicate')) = (problem_code is not null)),
      check ((status = 'duplicate') = (duplicate_of is not null))
    );
    create index invoice_file_status on invoicing.invoice_file (status, received_at desc);
    create index invoice_file_sha256 on invoicing.invoice_file (sha256);

    -- What was received is never rewritten: only its status may move on (awaiting_keying → keyed).
    create function invoicing.invoice_file_is_kept() returns trigger language plpgsql as $$
    begin
      if new.content is distinct from old.content or new.sha256 is distinct from old.sha256
         or new.content_type is distinct from old.content_type or new.received_by is distinct from old.received_by
         or new.received_at is distinct from old.received_at then
        raise exception 'invoice files are kept as received' using errcode = 'restrict_violation';
      end if;
      return new;
    end $$;
    create trigger invoice_file_kept before update on invoicing.invoice_file
      for each row execute function invoicing.invoice_file_is_kept();

    -- The EN 16931 rules a file breaks, by official rule id: the fatal ones of a rejected file, the
    -- warnings of an accepted one (Peppol arithmetic outside Peppol).
    create table invoicing.invoice_file_violation (
      file_id uuid not null references invoicing.invoice_file (id),
      position integer not null,
      rule_id text not null,
      severity text not null check (severity in ('fatal', 'warning')),
      message text not null,
      field text,
      primary key (file_id, position)
    );

    -- A supplier invoice or credit note as received, in the canonical model's terms (the whole
    -- canonical invoice is in canonical), with what intake found: the supplier (null: unknown),
    -- invoice-level reasons (unknown_supplier, possible_duplicate), the header totals check and the
    -- match summary over its lines (summarizeInvoiceMatch), which re-matching keeps up to date.
    create table invoicing.invoice (
      id uuid primary key default gen_random_uuid(),
      file_id uuid not null unique references invoicing.invoice_file (id),
      -- For an invoice keyed in from a PDF without XML: that PDF.
      keyed_from_file_id uuid unique references invoicing.invoice_file (id),
      kind text not null check (kind in ('invoice', 'credit_note')),
      type_code text not null,
      number text not null check (number <> ''),
      issue_date date not null,
      fiscal_year integer generated always as (extract(year from issue_date)::integer) stored,
      currency char(3) not null,
      specification_id text not null,
      supplier_id uuid,
      -- Whom the number belongs to for duplicates: 'supplier:<id>', or for a seller not (yet) known
      -- its first identifier ('siret:…', 'vat:…', 'siren:…', 'address:…', 'name:…').
      seller_key text not null,
      seller_name text not null,
      seller_vat_number text,
      seller_siren text,
      seller_siret text,
      seller_electronic_address text,
      buyer_name text not null,
      buyer_vat_number text,
      buyer_siren text,
      buyer_siret text,
      buyer_electronic_address text,
      buyer_reference text,
      purchase_order_reference text,
      -- The buying entity of the orders the lines were identified with, when they agree.
      entity_id uuid,
      line_net_total numeric(19, 2) not null,
      allowance_total numeric(19, 2),
      charge_total numeric(19, 2),
      tax_exclusive_total numeric(19, 2) not null,
      vat_total numeric(19, 2),
      tax_inclusive_total numeric(19, 2) not null,
      prepaid_amount numeric(19, 2),
      payable_amount numeric(19, 2) not null,
      payment_terms text,
      stated_due_date date,
      due_date date not null,
      due_date_source text not null
        check (due_date_source in ('payment_terms', 'stated_on_invoice', 'statutory_default')),
      due_date_capped boolean not null,
      payment_means_code text,
      iban text,
      bic text,
      status text not null default 'received'
        check (status in ('received', 'on_hold', 'approved', 'paid', 'rejected', 'refused')),
      intake_reasons text[] not null default '{}',
      possible_duplicate_of uuid[] not null default '{}',
      totals_consistent boolean not null,
      totals_differences jsonb not null default '[]',
      match_status text not null check (match_status in ('matched', 'exception')),
      match_reasons text[] not null default '{}',
      exception_owner text check (exception_owner in ('buyer', 'requester', 'accounts_payable')),
      matched_at timestamptz not null,
      canonical jsonb not null,
      received_at timestamptz not null,
      received_by uuid not null,
      received_by_name text not null,
      check ((match_status = 'matched') = (exception_owner is null))
    );
    -- One number per supplier, document kind and fiscal year: the second of two uploads of one
    -- invoice, even at the same moment, finds the first. A rejected invoice does not count.
    create unique index invoice_number_once on invoicing.invoice (seller_key, kind, number, fiscal_year)
      where status <> 'rejected';
    create index invoice_status on invoicing.invoice (status, received_at desc);
    create index invoice_same_amount_and_day on invoicing.invoice (seller_key, issue_date, payable_amount);
    create index invoice_supplier on invoicing.invoice (supplier_id, received_at desc);
    alter table invoicing.invoice_file
      add foreign key (duplicate_of) references invoicing.invoice (id);

    -- The invoice's lines, the order line each was identified with (order_lookup says how, or why
    -- not) and its match result (matchInvoiceLine): status, mode, findings and quantities.
    create table invoicing.invoice_line (
      invoice_id uuid not null references invoicing.invoice (id),
      position integer not null,
      line_id text not null,
      -- The order the line refers to: its own reference (French CIUS), else the invoice's.
      order_reference text,
      -- BT-132 as written: the order line's number or id.
      order_line_reference text,
      purchase_order_line_id uuid,
      order_lookup text not null check (order_lookup in
        ('found', 'no_reference', 'unknown_order', 'unknown_line', 'ambiguous', 'supplier_unknown')),
      quantity numeric not null,
      unit_code text not null,
      net_price numeric not null,
      price_base_quantity numeric,
      net_amount numeric(19, 2) not null,
      vat_category text not null,
      vat_rate numeric,
      item_name text not null,
      seller_item_id text,
      match_status text not null,
      match_mode text check (match_mode in ('two_way', 'three_way')),
      match_findings jsonb not null default '[]',
      match_quantities jsonb,
      primary key (invoice_id, position),
      check ((order_lookup = 'found') = (purchase_order_line_id is not null))
    );
    create index invoice_line_order_line on invoicing.invoice_line (purchase_order_line_id)
      where purchase_order_line_id is not null;

    -- Retried uploads: the first answer to a (caller, Idempotency-Key) is kept and given again.
    create table invoicing.idempotency_key (
      user_id uuid not null,
      key text not null,
      fingerprint text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );
  `)
    .execute(db);
}
