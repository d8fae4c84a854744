import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ItemPage, searchItems } from '../api.js';
import { formatDecimal, formatMoney } from '../format.js';

const pageSize = 24;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function CatalogPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const searchId = useId();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ItemPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useDebounced(q, 200);

  useEffect(() => {
    const controller = new AbortController();
    searchItems({ q: query, page, pageSize }, controller.signal)
      .then((r) => {
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [query, page]);

  const pages = result ? Math.max(1, Math.ceil(result.total / pageSize)) : 1;

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
      </div>
      {error && (
        <p role="alert" className="error">
          {t('errors.loadFailed', { detail: error })}
        </p>
      )}
      {result && (
        <>
          <p className="count" data-testid="result-count">
            {t('catalog.results', { count: result.total })}
          </p>
          {result.total === 0 && <p>{t('catalog.noResults', { q: query })}</p>}
          <ul className="items" aria-label={t('catalog.title')}>
            {result.items.map((item) => (
              <li key={item.id} className="item" data-testid="catalog-item">
                <h2>{item.name[language]}</h2>
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
        </>
      )}
    </section>
  );
}
