import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate, formatInstant } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import {
  actOnInvoice,
  compareLine,
  type InvoiceAction,
  type InvoiceDetail,
  type InvoiceHistoryEntry,
  type InvoiceLine,
  invoiceActionsFor,
  invoiceFilePath,
  invoiceHistoryPath,
  invoicePath,
} from '../invoices.js';
import { invoicesPagePath, type Navigate } from '../navigation.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';
import { InvoiceStatusBadge, MatchSummary } from './InvoicesPage.js';

/**
 * One invoice beside its order: each line with the order's price and the quantities ordered,
 * received and invoiced, every variance highlighted with its impact; the totals check, the due date
 * and how it was set, and the file as received.
 */
export function InvoicePage({ me, invoiceId, navigate }: { me: Me; invoiceId: string; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: invoice, error, setData } = useApiData<InvoiceDetail>(invoicePath(invoiceId));
  const [notice, setNotice] = useState<string | null>(null);
  const decides = me.roles.some((r) => r === 'accountant' || r === 'administrator');
  if (!invoice)
    return (
      <section className="page">
        <LoadStatus error={error} />
      </section>
    );
  const money = (a: { amount: string; currency: string } | null) =>
    a ? formatMoney(a.amount, a.currency, language) : '—';
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href={invoicesPagePath}
          onClick={(event) => {
            event.preventDefault();
            navigate(invoicesPagePath);
          }}
        >
          {t('invoices.back')}
        </a>
      </p>
      <h1 id={`${id}-title`}>
        {t(invoice.kind === 'credit_note' ? 'invoices.creditNoteTitle' : 'invoices.invoiceTitle', {
          number: invoice.number,
        })}{' '}
        — {invoice.supplier?.name ?? invoice.sellerName}
      </h1>
      {notice && (
        <p role="status" className="notice" data-testid="invoice-notice">
          {notice}
        </p>
      )}
      <dl className="facts" data-testid="invoice-facts">
        <dt>{t('invoices.status')}</dt>
        <dd>
          <InvoiceStatusBadge status={invoice.status} />{' '}
          <span className="muted" data-testid="reform-status">
            {t('invoices.reformStatus', {
              code: invoice.reformStatus.code,
              label: invoice.reformStatus.label,
            })}
          </span>
        </dd>
        <dt>{t('invoices.match')}</dt>
        <dd>
          <MatchSummary match={invoice.match} />
        </dd>
        <dt>{t('invoices.issueDate')}</dt>
        <dd>{formatCalendarDate(invoice.issueDate, language)}</dd>
        <dt>{t('invoices.dueDate')}</dt>
        <dd data-testid="invoice-due">
          {formatCalendarDate(invoice.due.date, language)}{' '}
          <span className="muted">
            {t(`invoices.dueSources.${invoice.due.source}`, { defaultValue: invoice.due.source })}
            {invoice.due.cappedByLaw && ` — ${t('invoices.dueCapped')}`}
          </span>
        </dd>
        <dt>{t('invoices.payable')}</dt>
        <dd data-testid="invoice-payable">{money(invoice.totals.payable)}</dd>
        <dt>{t('invoices.orderReference')}</dt>
        <dd>{invoice.purchaseOrderReference ?? '—'}</dd>
        <dt>{t('invoices.seller')}</dt>
        <dd>
          {invoice.seller.name}
          {invoice.seller.vatNumber && <span className="muted"> — {invoice.seller.vatNumber}</span>}
        </dd>
        <dt>{t('invoices.receivedAt')}</dt>
        <dd>
          {formatInstant(invoice.receivedAt, language)} — {invoice.receivedBy.name}{' '}
          <a href={invoiceFilePath(invoice.fileId)} target="_blank" rel="noreferrer">
            {t('invoices.file')}
          </a>
        </dd>
      </dl>
      {invoice.intakeReasons.length > 0 && (
        <div role="note" className="problem" data-testid="intake-reasons">
          {invoice.intakeReasons.map((r) => (
            <p key={r}>{t(`invoices.reasons.${r}`, { defaultValue: r })}</p>
          ))}
        </div>
      )}
      <section aria-labelledby={`${id}-lines`} className="panel">
        <h2 id={`${id}-lines`}>{t('invoices.lines')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="invoice-lines">
            <thead>
              <tr>
                <th scope="col">{t('invoices.line')}</th>
                <th scope="col">{t('invoices.orderLine')}</th>
                <th scope="col">{t('invoices.quantity')}</th>
                <th scope="col">{t('invoices.orderedReceivedInvoiced')}</th>
                <th scope="col">{t('invoices.netPrice')}</th>
                <th scope="col">{t('invoices.orderedPrice')}</th>
                <th scope="col">{t('invoices.netAmount')}</th>
                <th scope="col">{t('invoices.lineMatch')}</th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line) => (
                <InvoiceLineRow key={line.position} line={line} currency={invoice.currency} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {decides && invoiceActionsFor(invoice).length > 0 && (
        <InvoiceActions
          key={invoice.version}
          invoice={invoice}
          onDone={(next, action) => {
            setData(next);
            setNotice(t(`invoices.actions.done.${action}`, { number: next.number }));
          }}
        />
      )}
      <section aria-labelledby={`${id}-totals`} className="panel">
        <h2 id={`${id}-totals`}>{t('invoices.totals')}</h2>
        <dl className="facts" data-testid="invoice-totals">
          <dt>{t('invoices.lineNet')}</dt>
          <dd>{money(invoice.totals.lineNet)}</dd>
          <dt>{t('invoices.taxExclusive')}</dt>
          <dd>{money(invoice.totals.taxExclusive)}</dd>
          <dt>{t('invoices.vat')}</dt>
          <dd>{money(invoice.totals.vat)}</dd>
          <dt>{t('invoices.taxInclusive')}</dt>
          <dd>{money(invoice.totals.taxInclusive)}</dd>
        </dl>
        {!invoice.totalsCheck.consistent && (
          <p role="note" className="problem">
            {t('invoices.totalsInconsistent')}
          </p>
        )}
      </section>
      <InvoiceHistory key={invoice.version} invoiceId={invoice.id} />
    </section>
  );
}

/** A line beside its order line: the figures matching found wrong highlighted, each with what was expected. */
function InvoiceLineRow({ line, currency }: { line: InvoiceLine; currency: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const compared = compareLine(line);
  const quantities = line.match.quantities;
  const matched = line.match.status === 'matched';
  return (
    <tr data-testid="invoice-line" className={matched ? undefined : 'line-exception'}>
      <th scope="row">
        {line.itemName}
        {line.sellerItemId && <span className="muted"> — {line.sellerItemId}</span>}
      </th>
      <td>
        {line.order.reference ?? '—'}
        {line.order.lineReference && ` / ${line.order.lineReference}`}
        {line.order.lookup !== 'found' && (
          <span className="muted">
            {' '}
            ({t(`invoices.lookups.${line.order.lookup}`, { defaultValue: line.order.lookup })})
          </span>
        )}
      </td>
      <td className={compared.quantity ? 'variance' : undefined} data-testid="line-quantity">
        {formatDecimal(line.quantity, language)}{' '}
        {t(`units.${line.unitCode}`, { defaultValue: line.unitCode })}
      </td>
      <td>
        {quantities
          ? `${formatDecimal(quantities.ordered, language)} / ${
              quantities.received === null ? '—' : formatDecimal(quantities.received, language)
            } / ${formatDecimal(quantities.invoiced, language)}`
          : '—'}
      </td>
      <td className={compared.price ? 'variance' : undefined} data-testid="line-price">
        {formatMoney(line.netPrice, currency, language)}
      </td>
      <td data-testid="line-ordered-price">
        {compared.price ? formatMoney(compared.price.ordered, currency, language) : '—'}
      </td>
      <td>{formatMoney(line.netAmount.amount, line.netAmount.currency, language)}</td>
      <td data-testid="line-match">
        {matched ? (
          <span className="badge invoice-matched">{t('invoices.matched')}</span>
        ) : (
          <ul className="findings">
            {compared.price && (
              <li className="variance">
                {t('invoices.priceVariance', {
                  invoiced: formatMoney(compared.price.invoiced, currency, language),
                  ordered: formatMoney(compared.price.ordered, currency, language),
                  impact: compared.price.impact
                    ? formatMoney(compared.price.impact.amount, compared.price.impact.currency, language)
                    : '—',
                })}
              </li>
            )}
            {compared.quantity && (
              <li className="variance">
                {t(`invoices.reasons.${compared.quantity.reason}`, {
                  defaultValue: compared.quantity.reason,
                })}
                {' : '}
                {t('invoices.quantityVariance', {
                  actual: formatDecimal(compared.quantity.actual, language),
                  expected: formatDecimal(compared.quantity.expected, language),
                })}
              </li>
            )}
            {compared.others.map((f) => (
              <li key={f.reason}>
                {t(`invoices.reasons.${f.reason}`, { defaultValue: f.reason })}
                {f.expected !== null &&
                  ` (${t('invoices.expectedActual', { expected: f.expected, actual: f.actual ?? '—' })})`}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** What an accountant may do with the invoice: accept its variances, ask a credit note, hold, release, refuse. */
function InvoiceActions({
  invoice,
  onDone,
}: {
  invoice: InvoiceDetail;
  onDone: (next: InvoiceDetail, action: InvoiceAction) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState<InvoiceAction | null>(null);
  const [text, setText] = useState('');
  // One key per decision typed: a double click, or a retry after a lost answer, acts once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const action = useAction();
  function confirm(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    void action.run(chosen, async () =>
      onDone(await actOnInvoice(invoice, chosen, text.trim(), key), chosen),
    );
  }
  return (
    <section aria-labelledby={`${id}-title`} className="panel" data-testid="invoice-actions">
      <h2 id={`${id}-title`}>{t('invoices.actions.title')}</h2>
      <div className="actions">
        {invoiceActionsFor(invoice).map((a) => (
          <button
            key={a}
            type="button"
            className={chosen === a ? 'btn btn-primary' : 'btn'}
            aria-pressed={chosen === a}
            onClick={() => {
              setChosen(a);
              setKey(crypto.randomUUID());
              action.setProblem(null);
            }}
          >
            {t(`invoices.actions.${a}`)}
          </button>
        ))}
      </div>
      {chosen && (
        <form className="form" onSubmit={confirm}>
          <p className="muted">{t(`invoices.actions.hints.${chosen}`)}</p>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t(`invoices.actions.textLabels.${chosen}`)}</label>
            <textarea
              id={`${id}-text`}
              rows={2}
              required
              maxLength={1000}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
              {t('invoices.actions.confirm', { action: t(`invoices.actions.${chosen}`) })}
            </button>
          </div>
        </form>
      )}
      {action.problem && <ProblemAlert problem={action.problem} />}
    </section>
  );
}

/** Every step of the invoice, who took it and why: nothing moves without a trace. */
function InvoiceHistory({ invoiceId }: { invoiceId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data } = useApiData<{ history: InvoiceHistoryEntry[] }>(invoiceHistoryPath(invoiceId));
  if (!data || data.history.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('invoices.history.title')}</h2>
      <ol className="rows" data-testid="invoice-history">
        {data.history.map((entry) => (
          <li key={`${entry.at}-${entry.action}`} data-testid="invoice-history-entry">
            <strong>{t(`invoices.history.actions.${entry.action}`, { defaultValue: entry.action })}</strong> —{' '}
            {formatInstant(entry.at, language)} — {entry.actor?.name ?? t('invoices.history.procura')}
            {entry.reason && <span> — {entry.reason}</span>}
            {entry.comment && <span> — « {entry.comment} »</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
