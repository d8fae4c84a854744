import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerSupplierOrder, getJson, type SupplierOrderView, supplierOrderPath } from '../api.js';
import { describedBy, FieldError } from '../components/Problem.js';
import { formatCalendarDate, formatInstant, localToday } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import { type Problem, problemOf, splitFieldErrors } from '../problems.js';
import { linesTotal } from '../purchase-orders.js';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; problem: Problem }
  | { state: 'ready'; view: SupplierOrderView };

/**
 * The supplier's page behind the link of the order e-mail, open without an account (the signed
 * link is the only authority), in the supplier's language: the order, then an acknowledgement with
 * the delivery date it promises, or a refusal with its reason; once answered, the answer.
 */
export function SupplierOrderPage({ token }: { token: string }) {
  const { i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    getJson<SupplierOrderView>(supplierOrderPath(token), controller.signal)
      .then((view) => setLoad({ state: 'ready', view }))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setLoad({ state: 'failed', problem: problemOf(e) });
      });
    return () => controller.abort();
  }, [token]);
  const language =
    load.state === 'ready'
      ? load.view.language === 'en'
        ? 'en'
        : 'fr'
      : i18n.language === 'en'
        ? 'en'
        : 'fr';
  // The supplier's language, not the browser's choice for the app: nothing is remembered.
  const t = i18n.getFixedT(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <main className="main supplier-page" lang={language}>
      <header className="brand">
        <span className="logo" aria-hidden="true">
          P
        </span>
        <span>{t('app.name')}</span>
        <span className="tagline">{t('supplierOrder.tagline')}</span>
      </header>
      {load.state === 'loading' && <p className="muted">{t('loading')}</p>}
      {load.state === 'failed' && (
        <p role="alert" className="problem" data-testid="supplier-order-invalid">
          {load.problem.status === 404 ? t('supplierOrder.invalid') : load.problem.message}
        </p>
      )}
      {load.state === 'ready' && (
        <SupplierOrder
          token={token}
          view={load.view}
          language={language}
          onAnswered={(view) => setLoad({ state: 'ready', view })}
        />
      )}
    </main>
  );
}

function SupplierOrder({
  token,
  view,
  language,
  onAnswered,
}: {
  token: string;
  view: SupplierOrderView;
  language: 'fr' | 'en';
  onAnswered: (view: SupplierOrderView) => void;
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(language);
  const id = useId();
  const money = (amount: string) => formatMoney(amount, view.currency, language);
  const ack = view.acknowledgement;
  const ended = view.status === 'cancelled' || view.status === 'closed';
  const superseded = ack.status === 'superseded' || view.revision !== view.currentRevision;
  return (
    <section aria-labelledby={`${id}-title`} className="page" data-testid="supplier-order">
      <h1 id={`${id}-title`}>
        {t('supplierOrder.title', { number: view.number ?? '', revision: view.revision })}
      </h1>
      <dl className="facts">
        <dt>{t('supplierOrder.buyer')}</dt>
        <dd>{view.buyer}</dd>
        <dt>{t('supplierOrder.supplier')}</dt>
        <dd>{view.supplier}</dd>
        <dt>{t('supplierOrder.deliveryDate')}</dt>
        <dd>{formatCalendarDate(view.deliveryDate, language)}</dd>
        <dt>{t('supplierOrder.total')}</dt>
        <dd data-testid="supplier-order-total">{money(linesTotal(view.lines))}</dd>
      </dl>
      <div className="table-wrap">
        <table className="table" data-testid="supplier-order-lines">
          <thead>
            <tr>
              <th scope="col">{t('supplierOrder.line')}</th>
              <th scope="col">{t('supplierOrder.description')}</th>
              <th scope="col">{t('supplierOrder.quantity')}</th>
              <th scope="col">{t('supplierOrder.unitPrice')}</th>
              <th scope="col">{t('supplierOrder.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((line) => (
              <tr key={line.lineNo}>
                <td>{line.lineNo}</td>
                <th scope="row">{line.description}</th>
                <td>
                  {formatDecimal(line.quantity, language)}{' '}
                  {t(`units.${line.unitCode}`, { defaultValue: line.unitCode })}
                </td>
                <td>{money(line.unitPrice)}</td>
                <td>{money(line.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('supplierOrder.pdfInMail')}</p>
      {ack.status === 'acknowledged' || ack.status === 'declined' ? (
        <p role="status" className="notice" data-testid="supplier-order-answer">
          {t(`supplierOrder.answered.${ack.status}`, {
            date: ack.at ? formatInstant(ack.at, language) : '',
            promised: ack.promisedDate ? formatCalendarDate(ack.promisedDate, language) : '',
            reason: ack.declineReason ?? '',
          })}
        </p>
      ) : superseded ? (
        <p className="notice" data-testid="supplier-order-answer">
          {t('supplierOrder.superseded')}
        </p>
      ) : ended ? (
        <p className="notice" data-testid="supplier-order-answer">
          {t(`supplierOrder.ended.${view.status}`)}
        </p>
      ) : (
        <AnswerForms token={token} language={language} onAnswered={onAnswered} />
      )}
    </section>
  );
}

function AnswerForms({
  token,
  language,
  onAnswered,
}: {
  token: string;
  language: 'fr' | 'en';
  onAnswered: (view: SupplierOrderView) => void;
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(language);
  const id = useId();
  const [today] = useState(() => localToday(new Date()));
  const [promisedDate, setPromisedDate] = useState('');
  const [reason, setReason] = useState('');
  const [running, setRunning] = useState<'acknowledge' | 'decline' | null>(null);
  const [problem, setProblem] = useState<{ on: 'acknowledge' | 'decline'; problem: Problem } | null>(null);
  const [own, setOwn] = useState<{ promisedDate?: string; reason?: string }>({});

  async function send(on: 'acknowledge' | 'decline') {
    if (running) return;
    setRunning(on);
    setProblem(null);
    try {
      onAnswered(
        await answerSupplierOrder(
          token,
          on === 'acknowledge' ? { decision: on, promisedDate } : { decision: on, reason: reason.trim() },
        ),
      );
    } catch (error) {
      setProblem({ on, problem: problemOf(error) });
      // Answered meanwhile (or revised since): the page shows the order as it now stands.
      if (problemOf(error).status === 409)
        await getJson<SupplierOrderView>(supplierOrderPath(token))
          .then(onAnswered)
          .catch(() => undefined);
    } finally {
      setRunning(null);
    }
  }

  function acknowledge(event: FormEvent) {
    event.preventDefault();
    if (!promisedDate || promisedDate < today) {
      setOwn({ promisedDate: t('supplierOrder.checks.promisedDate') });
      return;
    }
    setOwn({});
    void send('acknowledge');
  }

  function decline(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setOwn({ reason: t('supplierOrder.checks.reason') });
      return;
    }
    setOwn({});
    void send('decline');
  }

  const fieldErrors = (on: 'acknowledge' | 'decline', field: 'promisedDate' | 'reason') => {
    const fromApi = problem?.on === on ? splitFieldErrors(problem.problem.errors, [field] as const) : null;
    const reasons = [...(own[field] ? [own[field]] : []), ...(fromApi?.byField[field] ?? [])];
    return reasons.length > 0 ? reasons : undefined;
  };
  const alertFor = (on: 'acknowledge' | 'decline') =>
    problem?.on === on && (
      <p role="alert" className="problem">
        {problem.problem.message}
      </p>
    );
  const dateErrors = fieldErrors('acknowledge', 'promisedDate');
  const reasonErrors = fieldErrors('decline', 'reason');

  return (
    <div className="supplier-answers">
      <form
        className="panel form"
        aria-labelledby={`${id}-ack`}
        onSubmit={acknowledge}
        data-testid="acknowledge-form"
      >
        <h2 id={`${id}-ack`}>{t('supplierOrder.acknowledgeTitle')}</h2>
        <p className="muted">{t('supplierOrder.acknowledgeIntro')}</p>
        <div className="field">
          <label htmlFor={`${id}-promised`}>{t('supplierOrder.promisedDate')}</label>
          <input
            id={`${id}-promised`}
            type="date"
            required
            min={today}
            value={promisedDate}
            onChange={(event) => setPromisedDate(event.target.value)}
            {...describedBy(`${id}-promised-error`, dateErrors)}
          />
          <FieldError id={`${id}-promised-error`} reasons={dateErrors} />
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={running !== null}>
            {t('supplierOrder.acknowledge')}
          </button>
        </div>
        {alertFor('acknowledge')}
      </form>
      <form
        className="panel form"
        aria-labelledby={`${id}-decline`}
        onSubmit={decline}
        data-testid="decline-form"
      >
        <h2 id={`${id}-decline`}>{t('supplierOrder.declineTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('supplierOrder.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            required
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            {...describedBy(`${id}-reason-error`, reasonErrors)}
          />
          <FieldError id={`${id}-reason-error`} reasons={reasonErrors} />
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-danger" disabled={running !== null}>
            {t('supplierOrder.decline')}
          </button>
        </div>
        {alertFor('decline')}
      </form>
    </div>
  );
}
