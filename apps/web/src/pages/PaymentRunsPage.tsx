import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate, localToday } from '../dates.js';
import { formatMoney } from '../format.js';
import {
  cancelPaymentRun,
  confirmPaymentRun,
  makePaymentRun,
  type PaymentRunDetail,
  type PaymentRunSummary,
  paymentRunExportPath,
  paymentRunPath,
  paymentRunSepaPath,
  paymentRunsPath,
  transfersOf,
} from '../invoices.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/**
 * Payment runs: an accountant pays what is approved and due by a day, downloads the SEPA file and
 * the purchase journal, then confirms the run as sent to the bank (or cancels it).
 */
export function PaymentRunsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = useId();
  const pays = me.roles.includes('accountant');
  const runs = useApiData<{ paymentRuns: PaymentRunSummary[] }>(paymentRunsPath);
  const [shown, setShown] = useState<string | null>(null);
  const replace = (run: PaymentRunDetail) =>
    runs.setData((d) => d && { paymentRuns: [run, ...d.paymentRuns.filter((r) => r.id !== run.id)] });
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('paymentRuns.title')}</h1>
      <p className="intro">{t('paymentRuns.intro')}</p>
      {pays && (
        <NewRunForm
          onMade={(run) => {
            replace(run);
            setShown(run.id);
          }}
        />
      )}
      {!runs.data ? (
        <LoadStatus error={runs.error} />
      ) : runs.data.paymentRuns.length === 0 ? (
        <p className="muted">{t('paymentRuns.none')}</p>
      ) : (
        <RunTable runs={runs.data.paymentRuns} onShow={setShown} />
      )}
      {shown && <RunPanel key={shown} runId={shown} pays={pays} onChanged={replace} />}
    </section>
  );
}

function NewRunForm({ onMade }: { onMade: (run: PaymentRunDetail) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [executionDate, setExecutionDate] = useState(() => localToday(new Date()));
  const [key, setKey] = useState(() => crypto.randomUUID());
  const action = useAction();
  function make(event: FormEvent) {
    event.preventDefault();
    void action.run('make', async () => {
      onMade(await makePaymentRun(executionDate, key));
      setKey(crypto.randomUUID());
    });
  }
  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={make}
      data-testid="payment-run-form"
    >
      <h2 id={`${id}-title`}>{t('paymentRuns.make')}</h2>
      <div className="inline-form">
        <label htmlFor={`${id}-date`}>{t('paymentRuns.executionDate')}</label>
        <input
          id={`${id}-date`}
          type="date"
          required
          value={executionDate}
          onChange={(event) => {
            setExecutionDate(event.target.value);
            setKey(crypto.randomUUID());
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
          {t('paymentRuns.makeButton')}
        </button>
      </div>
      {action.problem && <ProblemAlert problem={action.problem} />}
    </form>
  );
}

function RunTable({ runs, onShow }: { runs: PaymentRunSummary[]; onShow: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <div className="table-wrap">
      <table className="table" data-testid="payment-runs">
        <thead>
          <tr>
            <th scope="col">{t('paymentRuns.number')}</th>
            <th scope="col">{t('paymentRuns.executionDate')}</th>
            <th scope="col">{t('paymentRuns.status')}</th>
            <th scope="col">{t('paymentRuns.payments')}</th>
            <th scope="col">{t('paymentRuns.total')}</th>
            <th scope="col">{t('paymentRuns.madeBy')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="payment-run">
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onShow(run.id)}>
                  {run.number}
                </button>
              </th>
              <td>{formatCalendarDate(run.executionDate, language)}</td>
              <td>
                <span className={`badge run-${run.status}`} data-testid="payment-run-status">
                  {t(`paymentRuns.statuses.${run.status}`)}
                </span>
              </td>
              <td>
                {t('paymentRuns.paymentCount', { payments: run.paymentCount, invoices: run.invoiceCount })}
              </td>
              <td>{formatMoney(run.total, run.currency, language)}</td>
              <td>{run.createdBy.displayName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One run: its transfers with the documents they settle, what it left out and why, its files and actions. */
function RunPanel({
  runId,
  pays,
  onChanged,
}: {
  runId: string;
  pays: boolean;
  onChanged: (run: PaymentRunDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: run, error, setData } = useApiData<PaymentRunDetail>(paymentRunPath(runId));
  const [reason, setReason] = useState('');
  const action = useAction();
  if (!run) return <LoadStatus error={error} />;
  const money = (amount: string) => formatMoney(amount, run.currency, language);
  const done = (next: PaymentRunDetail) => {
    setData(next);
    onChanged(next);
  };
  return (
    <section aria-labelledby={`${id}-title`} className="panel" data-testid="payment-run-detail">
      <h2 id={`${id}-title`}>
        {t('paymentRuns.runTitle', {
          number: run.number,
          date: formatCalendarDate(run.executionDate, language),
        })}
      </h2>
      <p>
        {t('paymentRuns.from', { holder: run.debtorAccount.accountHolder, iban: run.debtorAccount.iban })}{' '}
        <a href={paymentRunSepaPath(run.id)} download>
          {t('paymentRuns.sepaFile')}
        </a>{' '}
        ·{' '}
        <a href={paymentRunExportPath(run.id)} download>
          {t('paymentRuns.accountingExport')}
        </a>
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="payment-run-transfers">
          <thead>
            <tr>
              <th scope="col">{t('paymentRuns.supplier')}</th>
              <th scope="col">{t('paymentRuns.documents')}</th>
              <th scope="col">{t('paymentRuns.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {transfersOf(run).map((transfer) => (
              <tr key={transfer.endToEndId} data-testid="payment-run-transfer">
                <th scope="row">{transfer.supplierName}</th>
                <td>
                  {transfer.documents
                    .map(
                      (d) =>
                        `${d.kind === 'credit_note' ? t('paymentRuns.creditNote') : ''}${d.number} (${money(d.amount)})`,
                    )
                    .join(', ')}
                </td>
                <td>{money(transfer.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {run.excluded.length > 0 && (
        <details data-testid="payment-run-excluded">
          <summary>{t('paymentRuns.excluded', { count: run.excluded.length })}</summary>
          <ul>
            {run.excluded.map((e) => (
              <li key={e.invoiceId}>
                {e.documentNumber} — {t(`paymentRuns.reasons.${e.reason}`, { defaultValue: e.reason })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {run.status === 'confirmed' && run.confirmedBy && (
        <p className="muted">{t('paymentRuns.confirmedBy', { name: run.confirmedBy.displayName })}</p>
      )}
      {run.status === 'cancelled' && (
        <p className="muted">{t('paymentRuns.cancelledBecause', { reason: run.cancelReason ?? '' })}</p>
      )}
      {pays && run.status === 'open' && (
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={action.running !== null}
            onClick={() => void action.run('confirm', async () => done(await confirmPaymentRun(run.id)))}
          >
            {t('paymentRuns.confirm')}
          </button>
          <label htmlFor={`${id}-reason`} className="visually-hidden">
            {t('paymentRuns.cancelReason')}
          </label>
          <input
            id={`${id}-reason`}
            placeholder={t('paymentRuns.cancelReason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <button
            type="button"
            className="btn"
            disabled={action.running !== null || reason.trim() === ''}
            onClick={() =>
              void action.run('cancel', async () => done(await cancelPaymentRun(run.id, reason)))
            }
          >
            {t('paymentRuns.cancel')}
          </button>
        </div>
      )}
      {action.problem && <ProblemAlert problem={action.problem} />}
    </section>
  );
}
