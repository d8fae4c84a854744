// Catalog search, done by PostgreSQL so that every replica answers alike: full-text with prefix
// matching while typing (GIN on a tsvector of unaccented names and descriptions), and, when the
// words match nothing, a correction of each unknown word against the catalog's own vocabulary (the
// words one edit away, else the closest by trigram similarity) before searching again. Only items
// the caller's entity and site may order.
import { type CatalogDatabase, preparedStatement } from '@procura/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type CatalogItem, type ItemRow, toCatalogItem } from './item.repository.js';
import { type OrderingCaller, orderableItemCondition } from './orderable.js';

export const priceBands = [
  { key: '0-10', min: '0', max: '10' },
  { key: '10-50', min: '10', max: '50' },
  { key: '50-200', min: '50', max: '200' },
  { key: '200-1000', min: '200', max: '1000' },
  { key: '1000+', min: '1000', max: null },
] as const;

/** Where each band after the first starts: the thresholds `width_bucket` sorts prices by. */
const priceBandBounds = priceBands.slice(1).map((band) => band.min);

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'name';

export interface ItemSearch extends OrderingCaller {
  /** The currency of the price bounds and bands (ISO 4217). */
  currency: string;
  q?: string | undefined;
  category?: string | undefined;
  supplierId?: string | undefined;
  minPrice?: string | undefined;
  maxPrice?: string | undefined;
  sort: SearchSort;
  language: 'fr' | 'en';
  page: number;
  pageSize: number;
}

export interface SearchResult {
  items: (CatalogItem & { preferred: boolean })[];
  total: number;
  /** How the words were matched: all items (no words), by words, or by similarity (typos). */
  matchedBy: 'all' | 'words' | 'similarity';
  facets: {
    categories: { code: string; name: { fr: string; en: string }; count: number }[];
    suppliers: { id: string; name: string; count: number }[];
    priceBands: { key: string; min: string; max: string | null; currency: string; count: number }[];
  };
}

/** Lower case, no accents, letters and digits only: the same normalisation as the indexed columns. */
export function searchWords(q: string): string[] {
  return q
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

/** Trigram similarity above which a known word is taken as the correction of a typo. */
const correctionThreshold = 0.3;
/** How many corrections of one word are searched for at once. */
const correctionsPerWord = 20;

type Row = ItemRow & { preferred: boolean };

function orderBy(sort: SearchSort, language: 'fr' | 'en'): RawBuilder<unknown> {
  const name = language === 'en' ? sql`m.name_en` : sql`m.name_fr`;
  switch (sort) {
    case 'price_asc':
      return sql`m.unit_price asc, m.id`;
    case 'price_desc':
      return sql`m.unit_price desc, m.id`;
    case 'name':
      return sql`${name}, m.id`;
    default:
      return sql`m.preferred desc, m.score desc, ${name}, m.id`;
  }
}

/**
 * The query as typed → a query where every word that is not a whole catalog word may also be one
 * of its closest catalog words (a typo, or a digit left out that makes it the prefix of another
 * word). Whole words stay as they are. Undefined when there is nothing to correct, or nothing left
 * to search.
 */
async function correctedQuery(db: Kysely<CatalogDatabase>, words: string[]): Promise<string | undefined> {
  // Whole: the word itself is in the vocabulary. Known: some word starts with it (a range on the
  // btree pattern index). The others look for the words one edit away (deletion index), and only
  // when there are none for their closest words by trigram similarity (GIN index; `%` uses
  // pg_trgm.similarity_threshold, 0.3 by default, then the exact similarity orders them).
  const { rows } = await sql<{
    w: string;
    whole: boolean;
    known: boolean;
    alternatives: string[];
  }>`${preparedStatement}
    select q.w, k.whole, k.known,
      case when k.whole then array[]::text[] else coalesce(
        -- Words one edit away, by exact lookups in the deletion index (cheap, and exact)…
        nullif(array(
          select c.word from (
            select d.word from catalog.search_word_deletion d where d.deletion = q.w
            union
            select d.word from catalog.search_word_deletion d
            where d.deletion in (select catalog.word_deletions(q.w))
            union
            select s.word from catalog.search_word s where s.word in (select catalog.word_deletions(q.w))
          ) c
          order by similarity(c.word, q.w) desc, c.word limit ${correctionsPerWord}
        ), array[]::text[]),
        -- …else the closest words by trigram similarity (further away, and costlier).
        array(
          select s.word from catalog.search_word s
          where s.word % q.w and similarity(s.word, q.w) >= ${correctionThreshold}
          order by similarity(s.word, q.w) desc, s.word limit ${correctionsPerWord}
        )
      ) end as alternatives
    from unnest(${words}::text[]) with ordinality as q(w, n)
    cross join lateral (
      select exists (select 1 from catalog.search_word s where s.word = q.w) as whole,
        exists (
          select 1 from catalog.search_word s where s.word ~>=~ q.w and s.word ~<~ (q.w || chr(1114111))
        ) as known
    ) k
    order by q.n`.execute(db);
  if (rows.every((row) => row.whole || (row.known && row.alternatives.length === 0))) return undefined;
  const parts = rows
    .map((row) => {
      if (row.whole) return row.w;
      const choices = [...(row.known ? [`${row.w}:*`] : []), ...row.alternatives];
      return choices.length > 0 ? `(${choices.join(' | ')})` : '';
    })
    .filter(Boolean);
  return parts.length > 0 ? parts.join(' & ') : undefined;
}

async function runSearch(
  db: Kysely<CatalogDatabase>,
  search: ItemSearch,
  mode: SearchResult['matchedBy'],
  words: string[],
  tsquery = typedQuery(words),
): Promise<SearchResult> {
  const phrase = words.join(' ');
  // A scalar subquery: the query text is parsed once per statement, not once per matching row.
  const query = sql`(select to_tsquery('simple', ${tsquery}))`;
  const match = mode === 'all' ? sql`true` : sql`i.search_vector @@ ${query}`;
  // By words, ts_rank over the whole match (names weigh more than descriptions); by similarity,
  // how close each item's names are to what was typed, so the intended item beats its neighbours.
  const score =
    mode === 'all'
      ? sql`0::real`
      : mode === 'words'
        ? sql`ts_rank(i.search_vector, ${query})`
        : sql`word_similarity(${phrase}, i.search_names)`;
  const closeness = mode === 'all' ? sql`0::real` : sql`word_similarity(${phrase}, i.search_names)`;
  const filters = [
    search.category ? sql`i.category_code = ${search.category}` : sql`true`,
    search.supplierId ? sql`i.supplier_id = ${search.supplierId}` : sql`true`,
    // A price bound is in the search's currency: items priced in another currency do not qualify.
    search.minPrice || search.maxPrice ? sql`i.currency = ${search.currency}` : sql`true`,
    search.minPrice ? sql`i.unit_price >= ${search.minPrice}::numeric` : sql`true`,
    search.maxPrice ? sql`i.unit_price <= ${search.maxPrice}::numeric` : sql`true`,
  ];

  // Prepared: the statement is large and runs at every keystroke of every user.
  const { rows } = await sql<{
    items: Row[];
    facets: SearchResult['facets'] & { total: number };
  }>`${preparedStatement}
    with
    -- The items the words match come first, through the full-text index, and only then the
    -- orderability conditions on their suppliers: left to itself, the planner (which guesses a
    -- thousand rows for any prefix) may walk every supplier the caller may order from and probe
    -- the index once per supplier, 10–20 times slower.
    hits as ${mode === 'all' ? sql`not materialized` : sql`materialized`} (
      select i.id, i.supplier_id, i.category_code, i.unit_price, i.currency, i.preferred, i.active,
        i.price_list_id, i.name_fr, i.name_en, ${score} as score
      from catalog.item i
      where ${match} and ${sql.join(filters, sql` and `)}
    ),
    matched as materialized (
      select i.id, i.supplier_id, s.name as supplier_name, i.category_code, i.unit_price, i.currency,
        -- Preferred items and items of a negotiated contract come first.
        (i.preferred or coalesce(pl.kind = 'contract', false)) as preferred,
        i.name_fr, i.name_en, i.score
      from hits i
      join catalog.supplier s on s.id = i.supplier_id
      left join catalog.price_list pl on pl.id = i.price_list_id
      where ${orderableItemCondition(search)}
    ),
    candidates as (
      select m.* from matched m order by ${orderBy(search.sort, search.language)}
      limit ${search.pageSize} offset ${(search.page - 1) * search.pageSize}
    ),
    page as (
      select i.*, m.supplier_name, m.preferred as first_choice, ${closeness} as closeness,
        row_number() over (order by ${search.sort === 'relevance' ? sql`m.preferred desc, m.score + ${closeness} desc, m.id` : orderBy(search.sort, search.language)}) as ord
      from candidates m join catalog.item i on i.id = m.id
    ),
    facets as (
      select json_build_object(
        'categories', (select coalesce(json_agg(json_build_object('code', c.code, 'name', json_build_object('fr', c.name_fr, 'en', c.name_en), 'count', f.n) order by f.n desc, c.code), '[]')
                       from (select category_code, count(*)::int as n from matched group by category_code) f
                       join catalog.category c on c.code = f.category_code),
        'suppliers', (select coalesce(json_agg(json_build_object('id', f.supplier_id, 'name', f.supplier_name, 'count', f.n) order by f.n desc, f.supplier_name), '[]')
                      from (select supplier_id, supplier_name, count(*)::int as n from matched group by supplier_id, supplier_name) f),
        -- The bands follow each other, so one pass puts every item in its band (width_bucket).
        'priceBands', (select json_agg(json_build_object('key', b.key, 'min', b.min, 'max', b.max, 'currency', ${search.currency}::text, 'count', coalesce(f.n, 0))
                         order by b.ord)
                       from (values ${sql.join(
                         priceBands.map((b, ord) => sql`(${ord}::int, ${b.key}, ${b.min}, ${b.max}::text)`),
                       )}) as b(ord, key, min, max)
                       left join (select width_bucket(m.unit_price, ${priceBandBounds}::numeric[]) as ord, count(*)::int as n
                                  from matched m where m.currency = ${search.currency} group by 1) f on f.ord = b.ord),
        'total', (select count(*)::int from matched)
      ) as facets
    )
    select
      (select coalesce(json_agg(json_build_object(
        'id', p.id, 'supplier_sku', p.supplier_sku, 'name_fr', p.name_fr, 'name_en', p.name_en,
        'description_fr', p.description_fr, 'description_en', p.description_en, 'category_code', p.category_code,
        'unit_code', p.unit_code, 'unit_price', p.unit_price::text, 'currency', p.currency, 'vat_rate', p.vat_rate::text,
        'min_order_quantity', p.min_order_quantity::text, 'lead_time_days', p.lead_time_days,
        'supplier_id', p.supplier_id, 'supplier_name', p.supplier_name, 'preferred', p.first_choice
      ) order by p.ord), '[]') from page p) as items,
      (select facets from facets) as facets
  `.execute(db);
  const result = rows[0];
  if (!result) throw new Error('the search returned no row');
  const items = result.items.map((row) => ({ ...toCatalogItem(row), preferred: row.preferred }));
  const { total, ...facetLists } = result.facets;
  return { items, total, matchedBy: mode, facets: facetLists };
}

/**
 * The words as typed: every word whole except the last, which may be unfinished (prefix matching
 * while typing). A whole word is one posting list in the GIN index, which AND can skip through;
 * a prefix merges the lists of every word it starts (measured at 200,000 items: "bureau:*" alone
 * costs 15–20 ms, "bureau" under 1 ms). When whole words find nothing, the correction step
 * retries each known word as a prefix.
 */
function typedQuery(words: string[]): string {
  return words.map((w, n) => (n === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/**
 * Searches by words first. Only when they find nothing is a word not in the catalog corrected to
 * its closest words (when the words find something, every word matched some item: there is no
 * unknown word to correct).
 *
 * `db` should be connections made with {@link searchDatabaseUrl}: on others, the statements of a
 * search by words give the same answers but are planned again at every execution.
 */
export async function searchItems(db: Kysely<CatalogDatabase>, search: ItemSearch): Promise<SearchResult> {
  const words = searchWords(search.q ?? '');
  if (words.length === 0) return withCustomPlans(db, (conn) => runSearch(conn, search, 'all', words));
  const byWords = await runSearch(db, search, 'words', words);
  if (byWords.total > 0) return byWords;
  const corrected = await correctedQuery(db, words);
  return corrected ? runSearch(db, search, 'similarity', words, corrected) : byWords;
}

/**
 * The connection string of the connections search runs on: the service's own, whose sessions keep
 * one generic plan per prepared statement (`plan_cache_mode = force_generic_plan`). The search
 * statements are prepared, but PostgreSQL would plan each execution again for the words typed (it
 * keeps a generic plan only when that looks cheaper, and it never does here), and planning costs
 * more than running them: at 200,000 items 1.0–1.5 ms a statement against 0.5–1 ms. One plan serves
 * every search by words: the full-text index finds the matches first whatever they are (the `hits`
 * CTE), only the size of the match varies. A session of its own, rather than a setting changed
 * around each search, saves two round trips a search.
 */
export function searchDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = [url.searchParams.get('options'), '-c plan_cache_mode=force_generic_plan'];
  url.searchParams.set('options', options.filter(Boolean).join(' '));
  return url.toString();
}

/**
 * Browsing without words keeps plans made for its filters' values, which decide there how the
 * items are found (a price bound: by the price index or by a scan; a generic plan scans, 13 → 95 ms
 * for `maxPrice=1` at 200,000 items).
 */
async function withCustomPlans<T>(
  db: Kysely<CatalogDatabase>,
  work: (conn: Kysely<CatalogDatabase>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`set plan_cache_mode = auto`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`reset plan_cache_mode`.execute(conn);
    }
  });
}
