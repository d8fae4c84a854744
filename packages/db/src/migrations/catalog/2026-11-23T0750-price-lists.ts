import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- A contract or price list agreed with a supplier. Its items can be ordered only while it is valid.
    create table catalog.price_list (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      reference text not null,
      name text not null,
      kind text not null check (kind in ('contract', 'price_list')),
      currency char(3) not null,
      valid_from date not null,
      valid_to date,
      created_at timestamptz not null default now(),
      created_by uuid,
      check (valid_to is null or valid_to >= valid_from),
      unique (supplier_id, reference)
    );

    alter table catalog.item
      add column price_list_id uuid references catalog.price_list (id),
      add column image_url text check (image_url ~ '^(https://|/)');
    create index item_price_list on catalog.item (price_list_id);

    -- Lower unit prices from a quantity up. Below the first tier the item's unit price applies.
    create table catalog.item_price_tier (
      item_id uuid not null references catalog.item (id) on delete cascade,
      min_quantity numeric(19, 4) not null check (min_quantity > 0),
      unit_price numeric(19, 4) not null check (unit_price > 0),
      primary key (item_id, min_quantity)
    );

    -- Every price an item has had, appended by a trigger: no code path can change a price unseen.
    create table catalog.item_price_history (
      id bigint generated always as identity primary key,
      item_id uuid not null references catalog.item (id) on delete cascade,
      unit_price numeric(19, 4) not null,
      currency char(3) not null,
      price_list_id uuid,
      recorded_at timestamptz not null default now()
    );
    create index item_price_history_item on catalog.item_price_history (item_id, recorded_at);

    create function catalog.record_item_price() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' or new.unit_price is distinct from old.unit_price
         or new.currency is distinct from old.currency or new.price_list_id is distinct from old.price_list_id then
        insert into catalog.item_price_history (item_id, unit_price, currency, price_list_id)
        values (new.id, new.unit_price, new.currency, new.price_list_id);
      end if;
      return null;
    end $$;
    create trigger item_price_history after insert or update of unit_price, currency, price_list_id
      on catalog.item for each row execute function catalog.record_item_price();
  `)
    .execute(db);
}
