import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BudgetImport,
  type BudgetLineRow,
  type BudgetOverview,
  type BudgetPolicy,
  budgetImportsPath,
  budgetLinesPath,
  budgetsPath,
  changeBudgetLine,
  enterBudgetLine,
  uploadBudgetFile,
} from '../api.js';
import { type CsvEncoding, importErrorRows } from '../catalog-imports.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatInstant } from '../dates.js';
import { formatMoney } from '../format.js';
import { splitFieldErrors } from '../problems.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

const policies: readonly BudgetPolicy[] = ['stop', 'warn', 'ignore'];
const entryFields = ['costCentreId', 'budgetCategory', 'period', 'amount.amount', 'policy'] as const;

/**
 * Finance keeps the budget lines: the list, a line entered by hand, a line's amount or policy
 * changed, and a CSV file imported whole (every error shown by row and column) or not at all.
 */
export function BudgetLinesPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [version, setVersion] = useState(0);
  const lines = useApiData<{ lines: BudgetLineRow[] }>(`${budgetLinesPath}?v=${version}`);
  const imports = useApiData<{ imports: BudgetImport[] }>(`${budgetImportsPath}?v=${version}`);
  const costCentres = useApiData<BudgetOverview>(budgetsPath);
  const action = useAction();
  const [entry, setEntry] = useState({
    costCentreId: '',
    budgetCategory: '',
    period: '',
    amount: '',
    currency: 'EUR',
    policy: 'stop' as BudgetPolicy,
  });
  const [editing, setEditing] = useState<{ id: string; amount: string; policy: BudgetPolicy } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const refresh = () => setVersion((v) => v + 1);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void action.run('add', async () => {
      const line = await enterBudgetLine({
        costCentreId: entry.costCentreId,
        budgetCategory: entry.budgetCategory,
        period: entry.period,
        amount: { amount: entry.amount.replace(',', '.'), currency: entry.currency },
        policy: entry.policy,
      });
      refresh();
      return t('budgetLines.added', { category: line.budgetCategory, period: line.period.key });
    });
  }

  function save(line: BudgetLineRow) {
    if (!editing) return;
    void action.run(line.id, async () => {
      await changeBudgetLine(line.id, {
        amount: { amount: editing.amount.replace(',', '.'), currency: line.amount.currency },
        policy: editing.policy,
      });
      setEditing(null);
      refresh();
      return t('budgetLines.saved', { category: line.budgetCategory, period: line.period.key });
    });
  }

  function importFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    void action.run('import', async () => {
      const done = await uploadBudgetFile(file, file.name, `text/csv; charset=${encoding}`);
      refresh();
      return t('budgetLines.imported', {
        file: done.fileName,
        new: done.counts.new,
        changed: done.counts.changed,
        unchanged: done.counts.unchanged,
      });
    });
  }

  const errorRows =
    action.problem?.code === 'budget_import_invalid' ? importErrorRows(action.problem.errors) : [];
  const { byField, other } =
    action.running === null && action.problem && errorRows.length === 0
      ? splitFieldErrors(action.problem.errors, entryFields)
      : { byField: {}, other: action.problem?.errors ?? [] };
  const money = (amount: { amount: string; currency: string }) =>
    formatMoney(amount.amount, amount.currency, language);

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('budgetLines.title')}</h1>
      <p className="muted">{t('budgetLines.intro')}</p>

      {action.notice && (
        <p role="status" className="notice">
          {action.notice}
        </p>
      )}
      {action.problem && (
        <ProblemAlert
          problem={action.problem}
          otherErrors={errorRows.length > 0 ? [] : other}
          testId="budget-problem"
        >
          {errorRows.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="import-errors">
                <caption>{t('budgetLines.errorsCaption', { count: errorRows.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('budgetLines.row')}</th>
                    <th scope="col">{t('budgetLines.column')}</th>
                    <th scope="col">{t('budgetLines.reason')}</th>
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

      <h2>{t('budgetLines.importTitle')}</h2>
      <p className="muted">
        {t('budgetLines.importIntro')}{' '}
        <a href={`${budgetLinesPath}/template`} download="budgets-modele.csv">
          {t('budgetLines.template')}
        </a>
      </p>
      <form className="form" onSubmit={importFile} aria-label={t('budgetLines.importTitle')}>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('budgetLines.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            required
            accept=".csv,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-encoding`}>{t('budgetLines.encoding')}</label>
          <select
            id={`${id}-encoding`}
            value={encoding}
            onChange={(event) => setEncoding(event.target.value as CsvEncoding)}
          >
            <option value="utf-8">{t('budgetLines.utf8')}</option>
            <option value="windows-1252">{t('budgetLines.windows1252')}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
            {t('budgetLines.import')}
          </button>
        </div>
      </form>

      <h2>{t('budgetLines.addTitle')}</h2>
      <form className="form" onSubmit={add} aria-label={t('budgetLines.addTitle')}>
        <div className="fields">
          <div className="field">
            <label htmlFor={`${id}-cc`}>{t('budgetLines.costCentre')}</label>
            <select
              id={`${id}-cc`}
              required
              value={entry.costCentreId}
              onChange={(event) => setEntry({ ...entry, costCentreId: event.target.value })}
              {...describedBy(`${id}-cc-error`, byField.costCentreId)}
            >
              <option value="">{t('budgetLines.choose')}</option>
              {costCentres.data?.costCentres.map((c) => (
                <option key={c.costCentreId} value={c.costCentreId}>
                  {`${c.code} — ${c.name[language]}`}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-cc-error`} reasons={byField.costCentreId} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-category`}>{t('budgetLines.category')}</label>
            <input
              id={`${id}-category`}
              required
              maxLength={40}
              value={entry.budgetCategory}
              onChange={(event) => setEntry({ ...entry, budgetCategory: event.target.value })}
              {...describedBy(`${id}-category-error`, byField.budgetCategory)}
            />
            <FieldError id={`${id}-category-error`} reasons={byField.budgetCategory} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-period`}>{t('budgetLines.period')}</label>
            <input
              id={`${id}-period`}
              required
              placeholder={t('budgetLines.periodHint')}
              value={entry.period}
              onChange={(event) => setEntry({ ...entry, period: event.target.value })}
              {...describedBy(`${id}-period-error`, byField.period)}
            />
            <FieldError id={`${id}-period-error`} reasons={byField.period} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-amount`}>{t('budgetLines.amount')}</label>
            <input
              id={`${id}-amount`}
              required
              inputMode="decimal"
              value={entry.amount}
              onChange={(event) => setEntry({ ...entry, amount: event.target.value })}
              {...describedBy(`${id}-amount-error`, byField['amount.amount'])}
            />
            <FieldError id={`${id}-amount-error`} reasons={byField['amount.amount']} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-currency`}>{t('budgetLines.currency')}</label>
            <input
              id={`${id}-currency`}
              required
              maxLength={3}
              value={entry.currency}
              onChange={(event) => setEntry({ ...entry, currency: event.target.value.toUpperCase() })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-policy`}>{t('budgetLines.policy')}</label>
            <select
              id={`${id}-policy`}
              value={entry.policy}
              onChange={(event) => setEntry({ ...entry, policy: event.target.value as BudgetPolicy })}
            >
              {policies.map((p) => (
                <option key={p} value={p}>
                  {t(`budgets.policies.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
            {t('budgetLines.add')}
          </button>
        </div>
      </form>

      <h2>{t('budgetLines.listTitle')}</h2>
      {lines.data ? (
        lines.data.lines.length === 0 ? (
          <p className="muted">{t('budgetLines.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="budget-lines">
              <thead>
                <tr>
                  <th scope="col">{t('budgetLines.costCentre')}</th>
                  <th scope="col">{t('budgetLines.category')}</th>
                  <th scope="col">{t('budgetLines.period')}</th>
                  <th scope="col">{t('budgetLines.amount')}</th>
                  <th scope="col">{t('budgetLines.policy')}</th>
                  <th scope="col">{t('budgetLines.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.data.lines.map((line) => {
                  const open = editing?.id === line.id ? editing : null;
                  return (
                    <tr key={line.id} data-testid="budget-line">
                      <td className="mono">{line.costCentre.code}</td>
                      <td className="mono">{line.budgetCategory}</td>
                      <td>{line.period.key}</td>
                      <td>
                        {open ? (
                          <input
                            aria-label={t('budgetLines.amount')}
                            inputMode="decimal"
                            value={open.amount}
                            onChange={(event) => setEditing({ ...open, amount: event.target.value })}
                          />
                        ) : (
                          money(line.amount)
                        )}
                      </td>
                      <td>
                        {open ? (
                          <select
                            aria-label={t('budgetLines.policy')}
                            value={open.policy}
                            onChange={(event) =>
                              setEditing({ ...open, policy: event.target.value as BudgetPolicy })
                            }
                          >
                            {policies.map((p) => (
                              <option key={p} value={p}>
                                {t(`budgets.policies.${p}`)}
                              </option>
                            ))}
                          </select>
                        ) : (
                          t(`budgets.policies.${line.policy}`)
                        )}
                      </td>
                      <td>
                        {open ? (
                          <>
                            <button
                              type="button"
                              className="btn btn-primary"
                              disabled={action.running !== null}
                              onClick={() => save(line)}
                            >
                              {t('budgetLines.save')}
                            </button>{' '}
                            <button type="button" className="btn" onClick={() => setEditing(null)}>
                              {t('budgetLines.cancel')}
                            </button>
                          </>
                        ) : (
                          <button
                            type="button"
                            className="btn"
                            onClick={() =>
                              setEditing({ id: line.id, amount: line.amount.amount, policy: line.policy })
                            }
                          >
                            {t('budgetLines.edit')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <LoadStatus error={lines.error} />
      )}

      <h2>{t('budgetLines.historyTitle')}</h2>
      {imports.data ? (
        imports.data.imports.length === 0 ? (
          <p className="muted">{t('budgetLines.noImports')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="budget-imports">
              <thead>
                <tr>
                  <th scope="col">{t('budgetLines.date')}</th>
                  <th scope="col">{t('budgetLines.file')}</th>
                  <th scope="col">{t('budgetLines.by')}</th>
                  <th scope="col">{t('budgetLines.listTitle')}</th>
                </tr>
              </thead>
              <tbody>
                {imports.data.imports.map((i) => (
                  <tr key={i.id} data-testid="budget-import">
                    <td>{formatInstant(i.importedAt, language)}</td>
                    <td title={`SHA-256 ${i.fileSha256}`}>{i.fileName}</td>
                    <td>{i.importedBy.name}</td>
                    <td>{t('budgetLines.counts', i.counts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <LoadStatus error={imports.error} />
      )}
    </section>
  );
}
