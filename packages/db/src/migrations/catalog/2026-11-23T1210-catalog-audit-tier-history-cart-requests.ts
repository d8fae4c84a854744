import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Who did what to an import, by name as well as by id, as the rest of the catalog records it.
    -- Imports made before this migration show the user id as the name.
    alter table catalog.catalog_import
      add column created_by_name text,
      add column confirmed_by_name text,
      add column cancelled_by_name text;
    update catalog.catalog_import set created_by_name = created_by::text,
      confirmed_by_name = confirmed_by::text, cancelled_by_name = cancelled_by::text;
    alter table catalog.catalog_import
      alter column created_by_name set not null,
      add check ((confirmed_by is null) = (confirmed_by_name is null)),
      add check ((cancelled_by is null) = (cancelled_by_name is null));

    -- Every change of a price list's validity: who, when, from what to what. Append-only.
    create table catalog.price_list_validity_change (
      id bigint generated always as identity primary key,
      price_list_id uuid not null references catalog.price_list (id),
      old_valid_from date not null,
      old_valid_to date,
      new_valid_from date not null,
      new_valid_to date,
      changed_by uuid not null,
      changed_by_name text not null,
      changed_at timestamptz not null default now()
    );
    create index price_list_validity_change_list on catalog.price_list_validity_change (price_list_id, id);
    create trigger price_list_validity_change_append_only before update or delete
      on catalog.price_list_validity_change for each row execute function catalog.refuse_history_change();

    -- Every set of quantity tiers an item has had, as JSON ([{minQuantity, unitPrice}], lowest first),
    -- appended when the transaction that changed them commits: an import replaces tiers by a delete
    -- then an insert, and only the set it leaves is a change worth recording (none when equal).
    create table catalog.item_price_tier_history (
      id bigint generated always as identity primary key,
      item_id uuid not null references catalog.item (id) on delete cascade,
      tiers jsonb not null,
      recorded_at timestamptz not null default now()
    );
    create index item_price_tier_history_item on catalog.item_price_tier_history (item_id, id);

    create function catalog.record_item_price_tiers() returns trigger language plpgsql as $$
    declare
      changed uuid := coalesce(new.item_id, old.item_id);
      current_tiers jsonb;
      last_tiers jsonb;
    begin
      if not exists (select 1 from catalog.item where id = changed) then
        return null; -- the item itself was deleted
      end if;
      select coalesce(jsonb_agg(jsonb_build_object('minQuantity', t.min_quantity::text,
          'unitPrice', t.unit_price::text) order by t.min_quantity), '[]'::jsonb)
        into current_tiers from catalog.item_price_tier t where t.item_id = changed;
      select h.tiers into last_tiers from catalog.item_price_tier_history h
        where h.item_id = changed order by h.id desc limit 1;
      if last_tiers is distinct from current_tiers then
        insert into catalog.item_price_tier_history (item_id, tiers) values (changed, current_tiers);
      end if;
      return null;
    end $$;
    create constraint trigger item_price_tier_history after insert or update or delete
      on catalog.item_price_tier deferrable initially deferred
      for each row execute function catalog.record_item_price_tiers();

    -- The tiers items have today are where their history starts.
    insert into catalog.item_price_tier_history (item_id, tiers)
    select t.item_id, jsonb_agg(jsonb_build_object('minQuantity', t.min_quantity::text,
        'unitPrice', t.unit_price::text) order by t.min_quantity)
    from catalog.item_price_tier t group by t.item_id;

    -- A cart keeps one plain line per item, but a line sourced from a free-text request keeps its
    -- request even when the requester already has a line for the item that carries another one.
    alter table catalog.cart_line drop constraint cart_line_user_id_item_id_key;
    create unique index cart_line_user_item_plain on catalog.cart_line (user_id, item_id)
      where free_text_request_id is null;
  `)
    .execute(db);
}
