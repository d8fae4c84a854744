import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Something an employee needs that the catalog does not hold, for a buyer to source or refuse.
    create table catalog.free_text_request (
      id uuid primary key default gen_random_uuid(),
      requester_id uuid not null,
      requester_name text not null,
      entity_id uuid not null,
      site_id uuid,
      description text not null check (length(description) between 3 and 500),
      estimated_unit_price numeric(19, 4) not null check (estimated_unit_price >= 0),
      currency char(3) not null,
      vat_rate numeric(5, 2) not null default 20 check (vat_rate between 0 and 100),
      unit_code text not null,
      category_code text check (category_code ~ '^[0-9]{8}$'),
      suggested_supplier_id uuid references catalog.supplier (id),
      suggested_supplier_name text,
      url text check (url ~ '^https?://'),
      notes text,
      status text not null default 'pending' check (status in ('pending', 'sourced', 'rejected', 'withdrawn')),
      sourced_item_id uuid references catalog.item (id),
      rejection_reason text,
      handled_by uuid,
      handled_at timestamptz,
      created_at timestamptz not null default now(),
      check ((status = 'sourced') = (sourced_item_id is not null)),
      check ((status = 'rejected') = (rejection_reason is not null))
    );
    create index free_text_request_entity_status on catalog.free_text_request (entity_id, status, created_at);

    -- One cart per person, kept on the server under the user id (not the session): a line is a
    -- catalog item or a free-text request. The price seen when the line was added or its quantity
    -- last changed is kept, so that a later price change can be shown old -> new.
    create table catalog.cart_line (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null,
      item_id uuid references catalog.item (id),
      free_text_request_id uuid unique references catalog.free_text_request (id),
      quantity numeric(19, 4) not null check (quantity > 0),
      seen_unit_price numeric(19, 4),
      seen_currency char(3),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (item_id is not null or free_text_request_id is not null),
      check (item_id is null or (seen_unit_price is not null and seen_currency is not null)),
      -- The same item twice is one line: adds race into an upsert on this constraint.
      unique (user_id, item_id)
    );
    create index cart_line_user on catalog.cart_line (user_id, created_at);

    -- Retried writes: the first answer to a (user, Idempotency-Key) is kept and given again.
    create table catalog.idempotency_key (
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
