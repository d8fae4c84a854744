import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogImport,
  type CatalogImportDetail,
  cancelCatalogImport,
  catalogImportsPath,
  confirmCatalogImport,
  type PriceList,
  priceListsPath,
  type Supplier,
  suppliersPath,
  uploadCatalogFile,
} from '../api.js';
import {
  type CsvEncoding,
  formatPercentChange,
  importErrorRows,
  uploadContentType,
} from '../catalog-imports.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatInstant } from '../dates.js';
import { formatMoney } from '../format.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/**
 * A buyer imports a supplier's catalog file into one of its price lists: the file is checked
 * whole (every error shown by row and column), previewed, then confirmed or cancelled.
 */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [supplierId, setSupplierId] = useState('');
  const [priceListId, setPriceListId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [current, setCurrent] = useState<CatalogImportDetail | null>(null);
  const [historyVersion, setHistoryVersion] = useState(0);
  const action = useAction();
  const suppliers = useApiData<{ suppliers: Supplier[] }>(suppliersPath);
  const priceLists = useApiData<{ priceLists: PriceList[] }>(priceListsPath);
  const history = useApiData<{ imports: CatalogImport[] }>(
    `${catalogImportsPath}?${supplierId ? `supplier=${supplierId}&` : ''}v=${historyVersion}`,
  );
  const lists = (priceLists.data?.priceLists ?? []).filter((l) => l.supplier.id === supplierId);
  const currency = lists.find((l) => l.id === current?.priceList.id)?.currency ?? 'EUR';
  const name = (n: { fr: string; en: string }) => n[language];
  const money = (amount: string) => formatMoney(amount, currency, language);

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || !supplierId || !priceListId) return;
    setCurrent(null);
    void action.run('upload', async () => {
      const detail = await uploadCatalogFile(file, {
        supplierId,
        priceListId,
        fileName: file.name,
        contentType: uploadContentType(file, encoding),
      });
      setCurrent(detail);
      setHistoryVersion((v) => v + 1);
      return t('imports.previewed', { file: detail.fileName });
    });
  }

  function decide(kind: 'confirm' | 'cancel') {
    if (!current) return;
    void action.run(kind, async () => {
      const detail = await (kind === 'confirm' ? confirmCatalogImport : cancelCatalogImport)(current.id);
      setCurrent(null);
      setHistoryVersion((v) => v + 1);
      return kind === 'confirm'
        ? t('imports.confirmed', {
            inserted: detail.applied?.inserted ?? 0,
            updated: detail.applied?.updated ?? 0,
            deactivated: detail.applied?.deactivated ?? 0,
          })
        : t('imports.cancelled');
    });
  }

  const errorRows =
    action.problem?.code === 'catalog_import_invalid' ? importErrorRows(action.problem.errors) : [];

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('imports.title')}</h1>
      <p className="muted">
        {t('imports.intro')}{' '}
        <a href={`${catalogImportsPath}/template`} download="catalogue-modele.csv">
          {t('imports.template')}
        </a>
      </p>

      <form className="form" onSubmit={upload} aria-label={t('imports.formLabel')}>
        <div className="field">
          <label htmlFor={`${id}-supplier`}>{t('imports.supplier')}</label>
          <select
            id={`${id}-supplier`}
            value={supplierId}
            required
            onChange={(event) => {
              setSupplierId(event.target.value);
              setPriceListId('');
              setCurrent(null);
            }}
          >
            <option value="">{t('imports.choose')}</option>
            {suppliers.data?.suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-price-list`}>{t('imports.priceList')}</label>
          <select
            id={`${id}-price-list`}
            value={priceListId}
            required
            disabled={!supplierId}
            onChange={(event) => setPriceListId(event.target.value)}
          >
            <option value="">{t('imports.choose')}</option>
            {lists.map((l) => (
              <option key={l.id} value={l.id}>
                {`${l.reference} — ${l.name} (${t(`imports.states.${l.state}`)}, ${t('imports.itemCount', { count: l.itemCount })})`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-encoding`}>{t('imports.encoding')}</label>
          <select
            id={`${id}-encoding`}
            value={encoding}
            onChange={(event) => setEncoding(event.target.value as CsvEncoding)}
          >
            <option value="utf-8">{t('imports.utf8')}</option>
            <option value="windows-1252">{t('imports.windows1252')}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
            {t('imports.check')}
          </button>
        </div>
      </form>

      {action.notice && (
        <p role="status" className="notice">
          {action.notice}
        </p>
      )}
      {action.problem && (
        // The rows of a refused file are the table below, not the generic list of fields.
        <ProblemAlert
          problem={action.problem}
          otherErrors={errorRows.length > 0 ? [] : undefined}
          testId="import-problem"
        >
          {errorRows.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="import-errors">
                <caption>{t('imports.errorsCaption', { count: errorRows.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.row')}</th>
                    <th scope="col">{t('imports.column')}</th>
                    <th scope="col">{t('imports.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {errorRows.map((error) => (
                    <tr key={`${error.row}-${error.column}-${error.reason}`} data-testid="import-error">
                      <td>{error.row ?? '—'}</td>
                      <td className="mono">{error.column}</td>
                      <td>{error.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ProblemAlert>
      )}

      {current && (
        <section aria-labelledby={`${id}-preview`} data-testid="import-preview">
          <h2 id={`${id}-preview`}>{t('imports.previewTitle', { file: current.fileName })}</h2>
          <ul className="summary" data-testid="import-counts">
            <li>{t('imports.counts.newItems', { count: current.counts.newItems })}</li>
            <li>{t('imports.counts.priceChanges', { count: current.counts.priceChanges })}</li>
            <li>{t('imports.counts.unchanged', { count: current.counts.unchanged })}</li>
            <li>{t('imports.counts.removed', { count: current.counts.removed })}</li>
          </ul>
          {current.preview.priceChanges.length > 0 && (
            <details open>
              <summary>{t('imports.priceChangesTitle')}</summary>
              <table className="table" data-testid="price-changes">
                <thead>
                  <tr>
                    <th scope="col">{t('imports.sku')}</th>
                    <th scope="col">{t('imports.name')}</th>
                    <th scope="col">{t('imports.oldPrice')}</th>
                    <th scope="col">{t('imports.newPrice')}</th>
                    <th scope="col">{t('imports.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {current.preview.priceChanges.map((c) => (
                    <tr key={c.supplierSku}>
                      <td className="mono">{c.supplierSku}</td>
                      <td>{name(c.name)}</td>
                      <td>{money(c.oldPrice)}</td>
                      <td>{money(c.unitPrice)}</td>
                      <td>{formatPercentChange(c.changePercent, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          <ItemList
            title={t('imports.newItemsTitle')}
            items={current.preview.newItems}
            name={name}
            money={money}
          />
          <ItemList
            title={t('imports.removedTitle')}
            items={current.preview.removed}
            name={name}
            money={money}
          />
          <ItemList
            title={t('imports.unchangedTitle')}
            items={current.preview.unchanged}
            name={name}
            money={money}
            closed
          />
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={action.running !== null}
              onClick={() => decide('confirm')}
            >
              {t('imports.confirm')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={action.running !== null}
              onClick={() => decide('cancel')}
            >
              {t('imports.cancel')}
            </button>
          </div>
        </section>
      )}

      <h2>{t('imports.historyTitle')}</h2>
      {history.data ? (
        history.data.imports.length === 0 ? (
          <p className="muted">{t('imports.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="import-history">
              <thead>
                <tr>
                  <th scope="col">{t('imports.date')}</th>
                  <th scope="col">{t('imports.supplier')}</th>
                  <th scope="col">{t('imports.priceList')}</th>
                  <th scope="col">{t('imports.file')}</th>
                  <th scope="col">{t('imports.status')}</th>
                  <th scope="col">{t('imports.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.imports.map((i) => (
                  <tr key={i.id} data-testid="import-row">
                    <td>{formatInstant(i.createdAt, language)}</td>
                    <td>{i.supplier.name}</td>
                    <td>{i.priceList.reference}</td>
                    <td>{i.fileName}</td>
                    <td>
                      <span className={`badge import-${i.status}`}>{t(`imports.statuses.${i.status}`)}</span>
                    </td>
                    <td>
                      {t('imports.changesSummary', {
                        newItems: i.counts.newItems,
                        priceChanges: i.counts.priceChanges,
                        removed: i.counts.removed,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <LoadStatus error={history.error} />
      )}
    </section>
  );
}

function ItemList({
  title,
  items,
  name,
  money,
  closed = false,
}: {
  title: string;
  items: { supplierSku: string; name: { fr: string; en: string }; unitPrice: string }[];
  name: (n: { fr: string; en: string }) => string;
  money: (amount: string) => string;
  closed?: boolean;
}) {
  if (items.length === 0) return null;
  return (
    <details open={!closed}>
      <summary>{title}</summary>
      <ul>
        {items.map((item) => (
          <li key={item.supplierSku}>
            <span className="mono">{item.supplierSku}</span> — {name(item.name)} — {money(item.unitPrice)}
          </li>
        ))}
      </ul>
    </details>
  );
}
