import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Both extensions are "trusted": the database owner may create them without superuser rights.
    create extension if not exists unaccent with schema public;
    create extension if not exists pg_trgm with schema public;

    -- unaccent() is only STABLE (its dictionary could change); pinned to one dictionary it is
    -- immutable, which generated columns and indexes require.
    create function catalog.immutable_unaccent(text) returns text
      language sql immutable parallel safe strict
      as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

    alter table catalog.item
      -- Contract or preferred items come first in search results.
      add column preferred boolean not null default false,
      -- Names and SKU without accents or capitals, for typo-tolerant trigram matching.
      add column search_names text generated always as (
        lower(catalog.immutable_unaccent(name_fr || ' ' || name_en || ' ' || supplier_sku))
      ) stored,
      -- Words for full-text search (no stemming: prefix matching while typing does that job).
      add column search_vector tsvector generated always as (
        setweight(to_tsvector('simple', catalog.immutable_unaccent(name_fr || ' ' || name_en || ' ' || supplier_sku)), 'A') ||
        setweight(to_tsvector('simple', catalog.immutable_unaccent(description_fr || ' ' || description_en)), 'C')
      ) stored;

    create index item_search_vector on catalog.item using gin (search_vector);
    create index item_search_names_trgm on catalog.item using gin (search_names gin_trgm_ops);
    create index item_price on catalog.item (unit_price);
  `)
    .execute(db);
}
