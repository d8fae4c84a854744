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
    create index item_price on catalog.item (unit_price);

    -- Every word the catalog knows, kept up to date by a trigger. A misspelt word is corrected
    -- against this small table (trigram similarity, GiST index) before full-text search runs:
    -- far cheaper than comparing the query with 200,000 item names.
    create table catalog.search_word (word text primary key);
    create index search_word_trgm on catalog.search_word using gist (word gist_trgm_ops);
    create index search_word_prefix on catalog.search_word (word text_pattern_ops);

    create function catalog.record_search_words() returns trigger language plpgsql as $$
    begin
      insert into catalog.search_word (word)
      select w from unnest(tsvector_to_array(new.search_vector)) as w
      where w ~ '^[[:alnum:]]+$'
      on conflict do nothing;
      return null;
    end $$;
    create trigger item_search_words after insert or update of name_fr, name_en, supplier_sku, description_fr, description_en
      on catalog.item for each row execute function catalog.record_search_words();
  `)
    .execute(db);
}
