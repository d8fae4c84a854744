import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BudgetCostCentre,
  type BudgetDocuments,
  type BudgetOverview,
  budgetDocumentsPath,
  budgetsPath,
} from '../api.js';
import {
  type BudgetPeriodFigures,
  type BudgetPeriodKind,
  budgetPeriodKinds,
  chartGeometry,
  costCentreFigures,
  figureNames,
  periodChoices,
  periodKeyOf,
  periodKindOf,
} from '../budgets.js';
import { LoadStatus } from '../components/Problem.js';
import { formatCalendarDate, localToday } from '../dates.js';
import { formatMoney } from '../format.js';
import { type Navigate, requestPagePath } from '../navigation.js';
import { useApiData } from '../use-api-data.js';

type Language = 'fr' | 'en';

/**
 * The manager's budget dashboard: for each cost centre they manage (every one for finance and
 * auditors) the figures over the period picked, a chart, the budget categories, and the documents
 * behind the amounts.
 */
export function BudgetsPage({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const today = localToday(new Date());
  const [period, setPeriod] = useState(periodKeyOf('fiscal_year', today));
  const kind = periodKindOf(period);
  const overview = useApiData<BudgetOverview>(`${budgetsPath}?${new URLSearchParams({ period })}`);

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('budgets.title')}</h1>
      <p className="muted">{t('budgets.intro')}</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('budgets.periodKind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setPeriod(periodKeyOf(event.target.value as BudgetPeriodKind, today))}
          >
            {budgetPeriodKinds.map((k) => (
              <option key={k} value={k}>
                {t(`budgets.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('budgets.period')}</label>
          <select id={`${id}-period`} value={period} onChange={(event) => setPeriod(event.target.value)}>
            {periodChoices(kind, today).map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </div>
      </div>
      {overview.data ? (
        overview.data.costCentres.length === 0 ? (
          <p className="muted">{t('budgets.none')}</p>
        ) : (
          overview.data.costCentres.map((centre) => (
            <CostCentreBudget
              key={`${centre.costCentreId}-${period}`}
              centre={centre}
              period={period}
              language={language}
              navigate={navigate}
            />
          ))
        )
      ) : (
        <LoadStatus error={overview.error} />
      )}
    </section>
  );
}

function CostCentreBudget({
  centre,
  period,
  language,
  navigate,
}: {
  centre: BudgetCostCentre;
  period: string;
  language: Language;
  navigate: Navigate;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [drillDown, setDrillDown] = useState<{ budgetCategory?: string } | null>(null);
  const totals = costCentreFigures(centre.periods);
  const main = centre.periods.find((p) => p.period.key === period) ?? centre.periods[0];
  const money = (amount: string, currency: string) => formatMoney(amount, currency, language);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="panel budget-centre"
      data-testid={`budget-cost-centre-${centre.code}`}
    >
      <h2 id={`${id}-title`}>
        <span className="mono">{centre.code}</span> — {centre.name[language]}
      </h2>
      {totals ? (
        <>
          <dl className="budget-figures">
            {figureNames.map((name) => (
              <div key={name} className={`figure figure-${name}`}>
                <dt>{t(`budgets.figures.${name}`)}</dt>
                <dd data-testid={`figure-${name}`}>{money(totals.figures[name], totals.currency)}</dd>
              </div>
            ))}
          </dl>
          {main && <BudgetChart figures={main} language={language} />}
          {centre.periods.map((p) => (
            <CategoryTable
              key={p.period.key}
              figures={p}
              language={language}
              onDocuments={(budgetCategory) => setDrillDown({ budgetCategory })}
            />
          ))}
          <div className="actions">
            <button type="button" className="btn" onClick={() => setDrillDown({})}>
              {t('budgets.allDocuments')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('budgets.noFigures')}</p>
      )}
      {drillDown && (
        <DocumentList
          centre={centre}
          period={period}
          budgetCategory={drillDown.budgetCategory}
          language={language}
          navigate={navigate}
          onClose={() => setDrillDown(null)}
        />
      )}
    </section>
  );
}

const chartSize = { width: 600, height: 160 };

/** The series over the period as an SVG chart people can read, and screen readers as a sentence. */
function BudgetChart({ figures, language }: { figures: BudgetPeriodFigures; language: Language }) {
  const { t } = useTranslation();
  const id = useId();
  const { series, period } = figures;
  const last = series.points.at(-1);
  if (!last) return null;
  const chart = chartGeometry(period, series, chartSize);
  const money = (amount: string) => formatMoney(amount, series.budget.currency, language);
  const lines = [
    { key: 'consumed', points: chart.consumed },
    { key: 'committed', points: chart.committed },
    { key: 'invoiced', points: chart.invoiced },
  ] as const;
  return (
    <figure className="budget-chart" data-testid="budget-chart">
      <svg
        viewBox={`-4 -8 ${chart.width + 8} ${chart.height + 16}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{t('budgets.chartTitle', { period: period.key })}</title>
        <desc id={`${id}-desc`}>
          {t('budgets.chartDescription', {
            date: formatCalendarDate(last.date, language),
            consumed: money(figures.consumed.amount),
            invoiced: money(figures.invoiced.amount),
            budget: money(series.budget.amount),
          })}
        </desc>
        <line x1={0} x2={chart.width} y1={chart.height} y2={chart.height} className="axis" />
        <line x1={0} x2={chart.width} y1={chart.budgetY} y2={chart.budgetY} className="series-budget" />
        {lines.map((line) => (
          <polyline key={line.key} points={line.points} className={`series-${line.key}`} />
        ))}
      </svg>
      <figcaption className="legend">
        {(['budget', 'consumed', 'committed', 'invoiced'] as const).map((key) => (
          <span key={key} className={`legend-${key}`}>
            {t(`budgets.legend.${key}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function CategoryTable({
  figures,
  language,
  onDocuments,
}: {
  figures: BudgetPeriodFigures;
  language: Language;
  onDocuments: (budgetCategory: string) => void;
}) {
  const { t } = useTranslation();
  const money = (amount: { amount: string; currency: string } | null) =>
    amount ? formatMoney(amount.amount, amount.currency, language) : '—';
  return (
    <div className="table-wrap">
      <table className="table" data-testid="budget-categories">
        <caption>{`${t('budgets.linesCaption')} — ${figures.period.key}`}</caption>
        <thead>
          <tr>
            <th scope="col">{t('budgets.category')}</th>
            <th scope="col">{t('budgets.policy')}</th>
            <th scope="col">{t('budgets.figures.budget')}</th>
            <th scope="col">{t('budgets.figures.requested')}</th>
            <th scope="col">{t('budgets.figures.committed')}</th>
            <th scope="col">{t('budgets.figures.invoiced')}</th>
            <th scope="col">{t('budgets.figures.available')}</th>
            <th scope="col">{t('budgets.documents')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.lines.map((line) => (
            <tr key={line.budgetCategory} data-testid="budget-category">
              <th scope="row" className="mono">
                {line.budgetCategory}
              </th>
              <td>{line.policy ? t(`budgets.policies.${line.policy}`) : t('budgets.unbudgeted')}</td>
              <td>{money(line.budget)}</td>
              <td>{money(line.requested)}</td>
              <td>{money(line.committed)}</td>
              <td>{money(line.invoiced)}</td>
              <td>{money(line.available)}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onDocuments(line.budgetCategory)}
                >
                  {t('budgets.documents')}
                  <span className="visually-hidden"> {line.budgetCategory}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DocumentList({
  centre,
  period,
  budgetCategory,
  language,
  navigate,
  onClose,
}: {
  centre: BudgetCostCentre;
  period: string;
  budgetCategory: string | undefined;
  language: Language;
  navigate: Navigate;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error } = useApiData<BudgetDocuments>(
    budgetDocumentsPath({
      costCentre: centre.costCentreId,
      period,
      ...(budgetCategory ? { budgetCategory } : {}),
    }),
  );
  const money = (amount: { amount: string; currency: string }) =>
    formatMoney(amount.amount, amount.currency, language);
  return (
    <section aria-labelledby={`${id}-title`} data-testid="budget-documents">
      <h3 id={`${id}-title`}>
        {t('budgets.documentsTitle', {
          code: centre.code,
          scope: budgetCategory ?? t('budgets.allCategories'),
        })}
      </h3>
      {!data ? (
        <LoadStatus error={error} />
      ) : data.documents.length === 0 ? (
        <p className="muted">{t('budgets.noDocuments')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('budgets.document')}</th>
                <th scope="col">{t('budgets.documentTitle')}</th>
                <th scope="col">{t('budgets.requester')}</th>
                <th scope="col">{t('budgets.status')}</th>
                <th scope="col">{t('budgets.figures.requested')}</th>
                <th scope="col">{t('budgets.figures.committed')}</th>
                <th scope="col">{t('budgets.received')}</th>
                <th scope="col">{t('budgets.figures.invoiced')}</th>
              </tr>
            </thead>
            <tbody>
              {data.documents.map((d) => (
                <tr key={`${d.kind}-${d.id}`} data-testid="budget-document">
                  <th scope="row">
                    {d.kind === 'requisition' && d.number ? (
                      <a
                        href={requestPagePath(d.id)}
                        onClick={(event) => {
                          event.preventDefault();
                          navigate(requestPagePath(d.id));
                        }}
                      >
                        {d.number}
                      </a>
                    ) : (
                      `${t(`budgets.kinds_document.${d.kind}`)} ${d.number ?? d.id.slice(0, 8)}`
                    )}
                  </th>
                  <td>{d.title ?? '—'}</td>
                  <td>{d.requester?.name ?? '—'}</td>
                  <td>{d.status ? t(`requests.statuses.${d.status}`) : '—'}</td>
                  <td>{money(d.requested)}</td>
                  <td>{money(d.committed)}</td>
                  <td>{money(d.received)}</td>
                  <td>{money(d.invoiced)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  {t('budgets.total')}
                </th>
                <td>{money(data.totals.requested)}</td>
                <td>{money(data.totals.committed)}</td>
                <td>{money(data.totals.received)}</td>
                <td>{money(data.totals.invoiced)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('budgets.close')}
        </button>
      </div>
    </section>
  );
}
