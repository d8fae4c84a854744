import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- A supplier's approved ordering details as catalog last announced them
    -- (catalog.supplier.ordering-details): what an order prints and where it is sent.
    create table purchasing.supplier_party (
      supplier_id uuid primary key,
      name text not null,
      legal_form text,
      siren text,
      siret text,
      vat_number text,
      address jsonb not null,
      language text not null check (language in ('fr', 'en')),
      payment_terms_days integer not null check (payment_terms_days between 0 and 365),
      order_email text,
      contact jsonb,
      changed_at timestamptz not null,
      source_event_id uuid not null
    );

    -- Published versions of the general purchasing terms (code CGA) and of the annexes. A version
    -- is never changed or removed once published: orders carry exact versions and render them again.
    create table purchasing.terms_version (
      code text not null check (code ~ '^[A-Z][A-Z0-9_-]{1,39}$'),
      version integer not null check (version >= 1),
      effective_on date not null,
      title jsonb not null,
      text jsonb not null,
      published_by uuid not null,
      published_by_name text not null,
      published_at timestamptz not null default now(),
      primary key (code, version)
    );
    create function purchasing.terms_version_is_published() returns trigger language plpgsql as $$
    begin
      raise exception 'a published terms version is never changed or removed (% version %)', old.code, old.version;
    end $$;
    create trigger terms_version_append_only before update or delete on purchasing.terms_version
      for each row execute function purchasing.terms_version_is_published();

    -- Which annex goes with which orders (the domain's AnnexRule): administrators keep them.
    create table purchasing.annex_rule (
      id text primary key check (length(id) between 1 and 80),
      annex_code text not null check (annex_code <> 'CGA'),
      conditions jsonb not null,
      active boolean not null default true,
      version integer not null default 1 check (version >= 1),
      updated_by uuid not null,
      updated_at timestamptz not null default now()
    );

    -- Purchase orders: one per supplier, buying entity and currency. The number is handed out
    -- when the order is first issued (gapless per entity and year through document_counter).
    create table purchasing.purchase_order (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null,
      number text,
      supplier_id uuid not null,
      supplier_name text not null,
      currency char(3) not null,
      status text not null check (status in
        ('draft', 'pending_approval', 'issued', 'acknowledged', 'closed', 'cancelled')),
      origin text not null check (origin in ('requisition', 'direct')),
      -- The current revision (1 as first issued) and the optimistic version of the row.
      revision integer not null default 1 check (revision >= 1),
      version integer not null default 1 check (version >= 1),
      buyer_user_id uuid not null,
      buyer_name text not null,
      buyer_email text,
      delivery_site_id uuid,
      delivery_date date not null,
      -- What the ledger counts the order in: the entity's currency and the rate used.
      entity_currency char(3) not null,
      exchange_rate numeric(28, 10) not null check (exchange_rate > 0),
      created_at timestamptz not null default now(),
      issued_at timestamptz,
      closed_at timestamptz,
      close_reason text,
      cancelled_at timestamptz,
      cancel_reason text,
      unique (entity_id, number),
      check ((number is null) = (issued_at is null)),
      check (status not in ('issued', 'acknowledged', 'closed') or number is not null),
      check (status <> 'cancelled' or cancel_reason is not null)
    );
    create index purchase_order_entity on purchasing.purchase_order (entity_id, created_at desc);
    create index purchase_order_supplier on purchasing.purchase_order (supplier_id);

    create table purchasing.purchase_order_line (
      id uuid primary key default gen_random_uuid(),
      purchase_order_id uuid not null references purchasing.purchase_order (id),
      line_no integer not null check (line_no >= 1),
      requisition_id uuid references purchasing.requisition (id),
      requisition_line_id uuid references purchasing.requisition_line (id),
      reference text not null,
      description text not null,
      category_code text not null check (category_code ~ '^[0-9]{8}$'),
      quantity numeric(19, 4) not null check (quantity >= 0),
      unit_code text not null,
      unit_price numeric(19, 4) not null check (unit_price >= 0),
      vat_category text not null default 'S',
      vat_rate numeric(5, 2) not null check (vat_rate between 0 and 100),
      amount numeric(19, 2) not null check (amount >= 0),
      flags text[] not null default '{}',
      -- Goods are received before they are invoiced (three-way); services may not be (two-way).
      receipt_required boolean not null default true,
      cost_centre_id uuid not null,
      budget_category text not null,
      received_quantity numeric(19, 4) not null default 0 check (received_quantity >= 0),
      invoiced_quantity numeric(19, 4) not null default 0 check (invoiced_quantity >= 0),
      cancelled boolean not null default false,
      unique (purchase_order_id, line_no),
      check (cancelled or quantity > 0)
    );
    -- A request line is ordered once: two buyers issuing the same request at once cannot both.
    create unique index purchase_order_line_requisition_line on purchasing.purchase_order_line
      (requisition_line_id) where requisition_line_id is not null;

    -- Each issued revision as it was sent: the document's input and the exact terms versions it
    -- carries (re-rendering gives the same PDF, whose hash is kept), its dispatch and the supplier's
    -- acknowledgement.
    create table purchasing.purchase_order_revision (
      purchase_order_id uuid not null references purchasing.purchase_order (id),
      revision integer not null check (revision >= 1),
      status text not null check (status in ('pending_approval', 'issued', 'rejected')),
      document jsonb not null,
      terms jsonb not null,
      pdf_sha256 text check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      changes jsonb not null default '[]',
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      issued_at timestamptz,
      approval_requisition_id uuid references purchasing.requisition (id),
      acknowledgement text not null default 'awaiting'
        check (acknowledgement in ('awaiting', 'acknowledged', 'declined', 'superseded')),
      acknowledged_at timestamptz,
      promised_date date,
      decline_reason text,
      primary key (purchase_order_id, revision),
      check (status <> 'issued' or (issued_at is not null and pdf_sha256 is not null)),
      check (acknowledgement <> 'declined' or decline_reason is not null)
    );

    -- Every attempt to send a revision (or a cancellation notice) to the supplier: visible to the
    -- buyer, retried with backoff by the job queue, never dropped silently.
    create table purchasing.purchase_order_dispatch (
      id uuid primary key default gen_random_uuid(),
      purchase_order_id uuid not null references purchasing.purchase_order (id),
      revision integer not null,
      kind text not null check (kind in ('order', 'cancellation')),
      channel text not null default 'email' check (channel in ('email')),
      recipient text,
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      queued_at timestamptz not null default now(),
      next_attempt_at timestamptz not null default now(),
      sent_at timestamptz,
      failed_at timestamptz
    );
    create index purchase_order_dispatch_order on purchasing.purchase_order_dispatch (purchase_order_id);
    create index purchase_order_dispatch_due on purchasing.purchase_order_dispatch (next_attempt_at)
      where status = 'queued';

    -- Goods received or services performed, per order line; a return is a negative quantity.
    create table purchasing.receipt (
      id uuid primary key default gen_random_uuid(),
      purchase_order_id uuid not null references purchasing.purchase_order (id),
      received_on date not null,
      recorded_by uuid not null,
      recorded_by_name text not null,
      comment text,
      recorded_at timestamptz not null default now()
    );
    create table purchasing.receipt_line (
      id uuid primary key default gen_random_uuid(),
      receipt_id uuid not null references purchasing.receipt (id),
      purchase_order_line_id uuid not null references purchasing.purchase_order_line (id),
      quantity numeric(19, 4) not null check (quantity <> 0),
      comment text
    );
    create index receipt_order on purchasing.receipt (purchase_order_id);
  `)
    .execute(db);
}
