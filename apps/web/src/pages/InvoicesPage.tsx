import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate } from '../dates.js';
import { formatMoney } from '../format.js';
import {
  type InvoiceStatus,
  type InvoiceSummary,
  invoiceStatuses,
  invoicesQuery,
  type UploadOutcome,
  uploadInvoice,
} from '../invoices.js';
import { invoicePagePath, type Navigate } from '../navigation.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/**
 * The accountant's workbench: upload a supplier's e-invoice (UBL, CII, Factur-X or keyed JSON), and
 * the invoices by status, those in exception first with their reasons.
 */
export function InvoicesPage({ me, navigate }: { me: Me; navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const { data, error, setData } = useApiData<{ invoices: InvoiceSummary[] }>(invoicesQuery({ status }));
  const receives = me.roles.some((r) => r === 'accountant' || r === 'administrator');
  const sorted = data
    ? [...data.invoices].sort(
        (a, b) =>
          Number(b.match.status === 'exception') - Number(a.match.status === 'exception') ||
          a.receivedAt.localeCompare(b.receivedAt),
      )
    : [];
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('invoices.title')}</h1>
      <p className="intro">{t('invoices.intro')}</p>
      {receives && (
        <UploadPanel
          navigate={navigate}
          onAccepted={(invoice) =>
            setData((d) =>
              d && (!status || invoice.status === status)
                ? { invoices: [invoice, ...d.invoices.filter((i) => i.id !== invoice.id)] }
                : d,
            )
          }
        />
      )}
      <search className="inline-form" aria-label={t('invoices.filter')}>
        <label htmlFor={`${id}-status`}>{t('invoices.status')}</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => setStatus(event.target.value as InvoiceStatus | '')}
        >
          <option value="">{t('invoices.allStatuses')}</option>
          {invoiceStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`invoices.statuses.${s}`)}
            </option>
          ))}
        </select>
      </search>
      {!data ? (
        <LoadStatus error={error} />
      ) : sorted.length === 0 ? (
        <p className="muted" data-testid="no-invoices">
          {t('invoices.none')}
        </p>
      ) : (
        <InvoiceTable invoices={sorted} navigate={navigate} />
      )}
    </section>
  );
}

function InvoiceTable({ invoices, navigate }: { invoices: InvoiceSummary[]; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <div className="table-wrap">
      <table className="table" data-testid="invoices">
        <thead>
          <tr>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col">{t('invoices.supplier')}</th>
            <th scope="col">{t('invoices.issueDate')}</th>
            <th scope="col">{t('invoices.payable')}</th>
            <th scope="col">{t('invoices.dueDate')}</th>
            <th scope="col">{t('invoices.status')}</th>
            <th scope="col">{t('invoices.match')}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id} data-testid="invoice">
              <th scope="row">
                <a
                  href={invoicePagePath(invoice.id)}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(invoicePagePath(invoice.id));
                  }}
                >
                  {invoice.number}
                </a>
                {invoice.kind === 'credit_note' && <span className="muted"> {t('invoices.creditNote')}</span>}
              </th>
              <td>{invoice.supplier?.name ?? invoice.sellerName}</td>
              <td>{formatCalendarDate(invoice.issueDate, language)}</td>
              <td>{formatMoney(invoice.payable.amount, invoice.payable.currency, language)}</td>
              <td>{formatCalendarDate(invoice.dueDate, language)}</td>
              <td>
                <InvoiceStatusBadge status={invoice.status} />
              </td>
              <td>
                <MatchSummary match={invoice.match} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge invoice-${status}`} data-testid="invoice-status">
      {t(`invoices.statuses.${status}`, { defaultValue: status })}
    </span>
  );
}

/** Matched, or the exception's reasons and whose it is. */
export function MatchSummary({ match }: { match: InvoiceSummary['match'] }) {
  const { t } = useTranslation();
  if (match.status === 'matched')
    return (
      <span className="badge invoice-matched" data-testid="invoice-match">
        {t('invoices.matched')}
      </span>
    );
  return (
    <span data-testid="invoice-match">
      <span className="badge invoice-exception">{t('invoices.exception')}</span>{' '}
      {match.reasons.map((r) => t(`invoices.reasons.${r}`, { defaultValue: r })).join(', ')}
      {match.owner && (
        <span className="muted"> — {t(`invoices.owners.${match.owner}`, { defaultValue: match.owner })}</span>
      )}
    </span>
  );
}

/** Upload of one file: what became of it is said at once (a refused file is kept for audit). */
function UploadPanel({
  navigate,
  onAccepted,
}: {
  navigate: Navigate;
  onAccepted: (invoice: InvoiceSummary) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  // One key per chosen file: a double click, or a retry after a lost answer, receives it once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const action = useAction();

  function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    void action.run('upload', async () => {
      const result = await uploadInvoice(file, key);
      setOutcome(result);
      if (result.kind === 'accepted') onAccepted(result.invoice);
    });
  }

  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={upload}
      data-testid="invoice-upload"
    >
      <h2 id={`${id}-title`}>{t('invoices.upload.title')}</h2>
      <p className="muted">{t('invoices.upload.intro')}</p>
      <div className="inline-form">
        <label htmlFor={`${id}-file`}>{t('invoices.upload.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".xml,.pdf,.json,application/xml,text/xml,application/pdf,application/json"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setOutcome(null);
            setKey(crypto.randomUUID());
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={!file || action.running !== null}>
          {t('invoices.upload.send')}
        </button>
      </div>
      {action.problem && <ProblemAlert problem={action.problem} />}
      {outcome?.kind === 'accepted' && (
        <p role="status" className="notice" data-testid="upload-outcome">
          {t(
            outcome.invoice.match.status === 'matched'
              ? 'invoices.upload.matched'
              : 'invoices.upload.exception',
            { number: outcome.invoice.number },
          )}{' '}
          <a
            href={invoicePagePath(outcome.invoice.id)}
            onClick={(event) => {
              event.preventDefault();
              navigate(invoicePagePath(outcome.invoice.id));
            }}
          >
            {t('invoices.upload.open')}
          </a>
        </p>
      )}
      {outcome?.kind === 'awaiting_keying' && (
        <p role="status" className="notice" data-testid="upload-outcome">
          {t('invoices.upload.awaitingKeying')}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <div role="alert" className="problem" data-testid="upload-outcome">
          <p>{t(`invoices.upload.refused.${outcome.code}`, { defaultValue: outcome.detail })}</p>
          {outcome.violations.length > 0 && (
            <ul data-testid="upload-violations">
              {outcome.violations.map((v) => (
                <li key={`${v.ruleId}-${v.field ?? ''}`}>
                  <strong>{v.ruleId}</strong> {v.message}
                </li>
              ))}
            </ul>
          )}
          {outcome.invoiceId && (
            <a
              href={invoicePagePath(outcome.invoiceId)}
              onClick={(event) => {
                event.preventDefault();
                navigate(invoicePagePath(outcome.invoiceId ?? ''));
              }}
            >
              {t('invoices.upload.openDuplicate')}
            </a>
          )}
        </div>
      )}
    </form>
  );
}
