import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SearchQuery, type SearchResult, type SearchSort, searchCatalog } from '../api.js';
import { formatDecimal, formatMoney } from '../format.js';
import { itemPagePath } from '../navigation.js';

const pageSize = 24;
const sorts: SearchSort[] = ['relevance', 'price_asc', 'price_desc', 'name'];

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

type Filters = Pick<SearchQuery, 'category' | 'supplier' | 'priceBand'>;
const noFilters: Filters = { category: null, supplier: null, priceBand: null };

/** Search as you type, narrowed by facets (category, supplier, price band) whose counts follow the search. */
export function CatalogPage({ navigate }: { navigate: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const searchId = useId();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sort, setSort] = useState<SearchSort>('relevance');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useDebounced(q, 200);

  useEffect(() => {
    const controller = new AbortController();
    searchCatalog({ q: query, ...filters, sort, page, pageSize, lang: language }, controller.signal)
      .then((r) => {
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [query, filters, sort, page, language]);

  const pages = result ? Math.max(1, Math.ceil(result.total / pageSize)) : 1;
  const filtered = filters.category !== null || filters.supplier !== null || filters.priceBand !== null;
  const filter = (change: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };
  const bandLabel = (band: { min: string; max: string | null; currency: string }) =>
    band.max === null
      ? t('search.priceFrom', { min: formatMoney(band.min, band.currency, language) })
      : t('search.priceBetween', {
          min: formatMoney(band.min, band.currency, language),
          max: formatMoney(band.max, band.currency, language),
        });

  return (
    <section aria-labelledby={`${searchId}-title`}>
      <h1 id={`${searchId}-title`}>{t('catalog.title')}</h1>
      <div className="search">
        <label htmlFor={searchId}>{t('catalog.searchLabel')}</label>
        <input
          id={searchId}
          type="search"
          value={q}
          placeholder={t('catalog.searchPlaceholder')}
          onChange={(event) => {
            setQ(event.target.value);
            setPage(1);
          }}
        />
        <label htmlFor={`${searchId}-sort`}>{t('search.sort')}</label>
        <select
          id={`${searchId}-sort`}
          value={sort}
          onChange={(event) => {
            setSort(event.target.value as SearchSort);
            setPage(1);
          }}
        >
          {sorts.map((s) => (
            <option key={s} value={s}>
              {t(`search.sorts.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="error">
          {t('errors.loadFailed', { detail: error })}
        </p>
      )}
      {result && (
        <div className="catalog-layout">
          <aside className="facets" aria-label={t('search.filters')}>
            {filtered && (
              <button type="button" className="btn" onClick={() => filter(noFilters)}>
                {t('search.clearFilters')}
              </button>
            )}
            <Facet
              title={t('search.categories')}
              testId="facet-categories"
              entries={result.facets.categories.map((c) => ({
                key: c.code,
                label: c.name[language],
                count: c.count,
                selected: filters.category === c.code,
                toggle: () => filter({ category: filters.category === c.code ? null : c.code }),
              }))}
            />
            <Facet
              title={t('search.suppliers')}
              testId="facet-suppliers"
              entries={result.facets.suppliers.map((s) => ({
                key: s.id,
                label: s.name,
                count: s.count,
                selected: filters.supplier === s.id,
                toggle: () => filter({ supplier: filters.supplier === s.id ? null : s.id }),
              }))}
            />
            <Facet
              title={t('search.priceBands')}
              testId="facet-prices"
              entries={result.facets.priceBands.map((b) => {
                const selected = filters.priceBand?.min === b.min && filters.priceBand.max === b.max;
                return {
                  key: b.key,
                  label: bandLabel(b),
                  count: b.count,
                  selected,
                  toggle: () => filter({ priceBand: selected ? null : { min: b.min, max: b.max } }),
                };
              })}
            />
          </aside>
          <div className="results">
            <p className="count" data-testid="result-count">
              {t('catalog.results', { count: result.total })}
              {result.matchedBy === 'similarity' && (
                <span className="muted" data-testid="matched-by-similarity">
                  {' '}
                  {t('search.similar')}
                </span>
              )}
            </p>
            {result.total === 0 && <p>{t('catalog.noResults', { q: query })}</p>}
            <ul className="items" aria-label={t('catalog.title')}>
              {result.items.map((item) => (
                <li key={item.id} className="item" data-testid="catalog-item">
                  <h2>
                    <a
                      href={itemPagePath(item.id)}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(itemPagePath(item.id));
                      }}
                    >
                      {item.name[language]}
                    </a>
                  </h2>
                  {item.preferred && (
                    <span className="badge preferred" data-testid="preferred-badge">
                      {t('search.preferred')}
                    </span>
                  )}
                  <p className="description">{item.description[language]}</p>
                  <p className="meta">
                    <span>{t('catalog.supplier', { name: item.supplier.name })}</span>
                    <span>
                      {t('catalog.sku')} {item.supplierSku}
                    </span>
                  </p>
                  <p className="price">
                    <strong>{formatMoney(item.unitPrice.amount, item.unitPrice.currency, language)}</strong>{' '}
                    <span>
                      {t('catalog.perUnit', {
                        unit: t(`units.${item.unitCode}`, { defaultValue: item.unitCode }),
                      })}
                    </span>
                  </p>
                  <p className="meta">
                    <span>{t('catalog.vat', { rate: formatDecimal(item.vatRate, language) })}</span>
                    <span>{t('catalog.leadTime', { count: item.leadTimeDays })}</span>
                    {item.minOrderQuantity !== '1' && (
                      <span>{t('catalog.minimum', { count: Number(item.minOrderQuantity) })}</span>
                    )}
                  </p>
                </li>
              ))}
            </ul>
            <nav className="pager" aria-label="pagination">
              <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                {t('catalog.previous')}
              </button>
              <span>{t('catalog.page', { page, pages })}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                {t('catalog.next')}
              </button>
            </nav>
          </div>
        </div>
      )}
    </section>
  );
}

interface FacetEntry {
  key: string;
  label: string;
  count: number;
  selected: boolean;
  toggle: () => void;
}

function Facet({ title, testId, entries }: { title: string; testId: string; entries: FacetEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <fieldset className="facet" data-testid={testId}>
      <legend>{title}</legend>
      <ul>
        {entries.map((entry) => (
          <li key={entry.key}>
            <button
              type="button"
              className="facet-entry"
              aria-pressed={entry.selected}
              disabled={entry.count === 0 && !entry.selected}
              onClick={entry.toggle}
            >
              <span>{entry.label}</span> <span className="facet-count">{entry.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
