import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  getJson,
  type Me,
  type PurchaseOrder,
  type PurchaseOrderRevision,
  purchaseOrderPath,
  purchaseOrderPdfPath,
  retryDispatch,
} from '../api.js';
import { OrderDecisionForm } from '../components/OrderDecisionForm.js';
import { OrderEndForm } from '../components/OrderEndForm.js';
import { OrderRevisionForm } from '../components/OrderRevisionForm.js';
import { CompletionBadge, OrderStatusBadge } from '../components/OrderTable.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate, formatInstant } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import {
  type Navigate,
  noticeLeftInHistory,
  orderReceivePath,
  ordersPagePath,
  requestPagePath,
} from '../navigation.js';
import {
  currentRevisionOf,
  issuedRevisions,
  orderActionsFor,
  pendingRevisionOf,
} from '../purchase-orders.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

type Panel = 'revise' | 'cancel' | 'close' | null;

/**
 * Whether one of the order's requests is the person's own (they may then receive its goods): read
 * from the requests themselves; buyers receive any order of their entity and need not ask.
 */
/**
 * One purchase order: its facts, lines (ordered, received, invoiced), the PDF of each issued
 * revision, the revisions with their terms and the supplier's acknowledgement, the e-mails sent to
 * the supplier and the receipts. Buyers revise, cancel or close it and send a failed e-mail again;
 * managers and finance decide on a revision held for approval; the requester receives the goods.
 */
export function OrderPage({ me, orderId, navigate }: { me: Me; orderId: string; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: order, error, setData } = useApiData<PurchaseOrder>(purchaseOrderPath(orderId));
  const action = useAction();
  const { setNotice } = action;
  const [panel, setPanel] = useState<Panel>(null);
  const [preview, setPreview] = useState<number | null>(null);
  // The receive-goods screen leaves its notice in the history entry.
  useEffect(() => {
    const left = noticeLeftInHistory();
    if (!left) return;
    setNotice(left);
    window.history.replaceState(null, '');
  }, [setNotice]);

  if (!order) return <LoadStatus error={error ? t('orders.notFound') : null} />;
  const number = order.number ?? t('orders.noNumber');
  const money = (a: { amount: string; currency: string }) => formatMoney(a.amount, a.currency, language);
  const quantity = (value: string) => formatDecimal(value, language);
  const actions = orderActionsFor(
    order,
    me,
    order.requesters.some((r) => r.userId === me.userId),
  );
  const pending = pendingRevisionOf(order);
  const current = currentRevisionOf(order);
  const shown = issuedRevisions(order).find((r) => r.revision === preview) ?? current;
  const reload = () => {
    void getJson<PurchaseOrder>(purchaseOrderPath(orderId)).then(setData);
  };
  const done = (next: PurchaseOrder, notice: string) => {
    setData(next);
    setPanel(null);
    setPreview(null);
    setNotice(notice);
  };
  const requisitionIds = [
    ...new Set(order.lines.map((l) => l.requisitionId).filter((r): r is string => r !== null)),
  ];

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href={ordersPagePath}
          onClick={(event) => {
            event.preventDefault();
            navigate(ordersPagePath);
          }}
        >
          {t('orders.back')}
        </a>
      </p>
      <h1 id={`${id}-title`} data-testid="order-number">
        {t('orders.heading', { number })}
      </h1>
      <dl className="facts" data-testid="order-facts">
        <dt>{t('orders.status')}</dt>
        <dd>
          <OrderStatusBadge status={order.status} />{' '}
          <CompletionBadge kind="receipt" value={order.receiptStatus} />{' '}
          <CompletionBadge kind="billing" value={order.billingStatus} />
        </dd>
        <dt>{t('orders.supplier')}</dt>
        <dd data-testid="order-supplier">{order.supplier.name}</dd>
        <dt>{t('orders.total')}</dt>
        <dd data-testid="order-total">{money(order.total)}</dd>
        <dt>{t('orders.deliveryDate')}</dt>
        <dd>{formatCalendarDate(order.deliveryDate, language)}</dd>
        <dt>{t('orders.buyer')}</dt>
        <dd>{order.buyer.name}</dd>
        <dt>{t('orders.issuedAt')}</dt>
        <dd>{order.issuedAt ? formatInstant(order.issuedAt, language) : '—'}</dd>
        <dt>{t('orders.revision')}</dt>
        <dd>{order.revision}</dd>
        {current && (
          <>
            <dt>{t('orders.acknowledgement')}</dt>
            <dd data-testid="order-acknowledgement">
              <Acknowledgement revision={current} />
            </dd>
          </>
        )}
        {requisitionIds.length > 0 && (
          <>
            <dt>{t('orders.requests')}</dt>
            <dd>
              {requisitionIds.map((requisitionId, index) => (
                <span key={requisitionId}>
                  {index > 0 && ', '}
                  <a
                    href={requestPagePath(requisitionId)}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(requestPagePath(requisitionId));
                    }}
                  >
                    {t('orders.request', { index: index + 1 })}
                  </a>
                </span>
              ))}
            </dd>
          </>
        )}
        {order.cancelled && (
          <>
            <dt>{t('orders.cancelledOn', { date: formatInstant(order.cancelled.at, language) })}</dt>
            <dd data-testid="order-cancelled">{order.cancelled.reason}</dd>
          </>
        )}
        {order.closed && (
          <>
            <dt>{t('orders.closedOn', { date: formatInstant(order.closed.at, language) })}</dt>
            <dd data-testid="order-closed">{order.closed.reason}</dd>
          </>
        )}
      </dl>

      {action.notice && (
        <p role="status" className="notice" data-testid="order-notice">
          {action.notice}
        </p>
      )}
      {action.problem && <ProblemAlert problem={action.problem} />}

      {(actions.revise || actions.cancel || actions.close || actions.receive) && (
        <div className="actions">
          {actions.receive && (
            <a
              className="btn btn-primary"
              href={orderReceivePath(order.id)}
              onClick={(event) => {
                event.preventDefault();
                navigate(orderReceivePath(order.id));
              }}
            >
              {t('orders.receiveGoods')}
            </a>
          )}
          {(['revise', 'cancel', 'close'] as const)
            .filter((p) => actions[p])
            .map((p) => (
              <button
                key={p}
                type="button"
                className={p === 'cancel' ? 'btn btn-danger' : 'btn'}
                aria-expanded={panel === p}
                onClick={() => {
                  setNotice(null);
                  setPanel(panel === p ? null : p);
                }}
              >
                {t(`orders.actions.${p}`)}
              </button>
            ))}
        </div>
      )}
      {panel === 'revise' && actions.revise && (
        <OrderRevisionForm
          key={order.version}
          order={order}
          onSaved={(next) => {
            const outcome = next.revisionOutcome;
            done(
              next,
              t(outcome.status === 'issued' ? 'orders.revise.issued' : 'orders.revise.pending', {
                revision: outcome.revision,
                percent: formatDecimal(outcome.increasePercent, language),
              }),
            );
          }}
          onClose={() => setPanel(null)}
          onReload={reload}
        />
      )}
      {(panel === 'cancel' || panel === 'close') && actions[panel] && (
        <OrderEndForm
          key={`${panel}-${order.version}`}
          order={order}
          how={panel}
          onDone={(next) => done(next, t(`orders.end.${panel}Done`, { number }))}
          onClose={() => setPanel(null)}
          onReload={reload}
        />
      )}
      {pending && actions.decide && (
        <OrderDecisionForm
          key={`${pending.revision}-${order.version}`}
          order={order}
          revision={pending}
          onDecided={(next, outcome) =>
            done(next, t(`orders.decision.${outcome}`, { number, revision: pending.revision }))
          }
        />
      )}

      <section aria-labelledby={`${id}-lines`} className="panel">
        <h2 id={`${id}-lines`}>{t('orders.lines')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="order-lines">
            <thead>
              <tr>
                <th scope="col">{t('orders.reference')}</th>
                <th scope="col">{t('orders.description')}</th>
                <th scope="col">{t('orders.ordered')}</th>
                <th scope="col">{t('orders.received')}</th>
                <th scope="col">{t('orders.invoiced')}</th>
                <th scope="col">{t('orders.unitPrice')}</th>
                <th scope="col">{t('orders.vatRate')}</th>
                <th scope="col">{t('orders.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr
                  key={line.id}
                  data-testid="order-line"
                  className={line.cancelled ? 'cancelled' : undefined}
                >
                  <td className="mono">{line.reference}</td>
                  <th scope="row">
                    {line.description}
                    {line.cancelled && (
                      <span className="badge order-cancelled"> {t('orders.lineCancelled')}</span>
                    )}
                    {!line.receiptRequired && <p className="muted">{t('orders.noReceiptNeeded')}</p>}
                  </th>
                  <td data-testid="line-ordered">
                    {quantity(line.quantity)} {t(`units.${line.unitCode}`, { defaultValue: line.unitCode })}
                  </td>
                  <td data-testid="line-received">{quantity(line.receivedQuantity)}</td>
                  <td data-testid="line-invoiced">{quantity(line.invoicedQuantity)}</td>
                  <td>{money(line.unitPrice)}</td>
                  <td>{formatDecimal(line.vatRate, language)} %</td>
                  <td>{money(line.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={7}>{t('orders.total')}</td>
                <td>{money(order.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section aria-labelledby={`${id}-pdf`} className="panel" data-testid="order-pdf">
        <h2 id={`${id}-pdf`}>{t('orders.pdf.title')}</h2>
        {shown ? (
          <>
            <p>
              {t('orders.pdf.showing', { revision: shown.revision })}{' '}
              <a
                href={purchaseOrderPdfPath(order.id, shown.revision)}
                download={`${number}${shown.revision > 1 ? `-R${shown.revision}` : ''}.pdf`}
                data-testid="pdf-download"
              >
                {t('orders.pdf.download')}
              </a>
            </p>
            {/* Remounted for another revision: a browser does not reload an object whose data changes. */}
            <object
              key={shown.revision}
              className="pdf-preview"
              type="application/pdf"
              title={t('orders.pdf.frameTitle', { number, revision: shown.revision })}
              data={purchaseOrderPdfPath(order.id, shown.revision)}
              data-testid="pdf-preview"
            >
              <p className="muted">{t('orders.pdf.noViewer')}</p>
            </object>
          </>
        ) : (
          <p className="muted">{t('orders.pdf.none')}</p>
        )}
      </section>

      <section aria-labelledby={`${id}-revisions`} className="panel">
        <h2 id={`${id}-revisions`}>{t('orders.revisions.title')}</h2>
        <ol className="rows" data-testid="order-revisions">
          {[...order.revisions].reverse().map((revision) => (
            <RevisionItem
              key={revision.revision}
              orderId={order.id}
              number={number}
              revision={revision}
              onPreview={() => setPreview(revision.revision)}
            />
          ))}
        </ol>
      </section>

      <section aria-labelledby={`${id}-dispatches`} className="panel">
        <h2 id={`${id}-dispatches`}>{t('orders.dispatches.title')}</h2>
        {order.dispatches.length === 0 ? (
          <p className="muted">{t('orders.dispatches.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="order-dispatches">
              <thead>
                <tr>
                  <th scope="col">{t('orders.dispatches.what')}</th>
                  <th scope="col">{t('orders.dispatches.recipient')}</th>
                  <th scope="col">{t('orders.status')}</th>
                  <th scope="col">{t('orders.dispatches.attempts')}</th>
                  <th scope="col">{t('orders.dispatches.when')}</th>
                  <th scope="col">{t('orders.dispatches.lastError')}</th>
                  {actions.retryDispatch && <th scope="col">{t('orders.dispatches.action')}</th>}
                </tr>
              </thead>
              <tbody>
                {order.dispatches.map((d) => (
                  <tr key={d.id} data-testid="order-dispatch">
                    <th scope="row">{t(`orders.dispatches.kinds.${d.kind}`, { revision: d.revision })}</th>
                    <td>{d.recipient ?? '—'}</td>
                    <td>
                      <span className={`badge dispatch-${d.status}`} data-testid="dispatch-status">
                        {t(`orders.dispatches.statuses.${d.status}`)}
                      </span>
                    </td>
                    <td>{d.attempts}</td>
                    <td>
                      {d.sentAt
                        ? t('orders.dispatches.sentAt', {
                            date: formatInstant(d.sentAt, language, { time: true }),
                          })
                        : d.failedAt
                          ? t('orders.dispatches.failedAt', {
                              date: formatInstant(d.failedAt, language, { time: true }),
                            })
                          : d.nextAttemptAt
                            ? t('orders.dispatches.nextAttempt', {
                                date: formatInstant(d.nextAttemptAt, language, { time: true }),
                              })
                            : '—'}
                    </td>
                    <td className="mono">{d.lastError ?? '—'}</td>
                    {actions.retryDispatch && (
                      <td>
                        {d.status === 'failed' && (
                          <button
                            type="button"
                            className="btn"
                            disabled={action.running !== null}
                            aria-label={t('orders.dispatches.retryLabel', {
                              what: t(`orders.dispatches.kinds.${d.kind}`, { revision: d.revision }),
                            })}
                            onClick={() =>
                              void action.run(d.id, async () => {
                                setData(await retryDispatch(order.id, d.id));
                                return t('orders.dispatches.retried', { recipient: d.recipient ?? '' });
                              })
                            }
                          >
                            {t('orders.dispatches.retry')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby={`${id}-receipts`} className="panel">
        <h2 id={`${id}-receipts`}>{t('orders.receipts.title')}</h2>
        {order.receipts.length === 0 ? (
          <p className="muted">{t('orders.receipts.none')}</p>
        ) : (
          <ol className="rows" data-testid="order-receipts">
            {[...order.receipts].reverse().map((receipt) => (
              <li key={receipt.id} data-testid="order-receipt">
                <div>
                  <strong>
                    {t('orders.receipts.on', {
                      day: formatCalendarDate(receipt.receivedOn, language),
                      name: receipt.recordedBy,
                    })}
                  </strong>
                  {receipt.comment && <p className="muted">« {receipt.comment} »</p>}
                  <ul>
                    {receipt.lines.map((l) => {
                      const line = order.lines.find((o) => o.id === l.purchaseOrderLineId);
                      const returned = l.quantity.startsWith('-');
                      return (
                        <li key={l.purchaseOrderLineId}>
                          {t(returned ? 'orders.receipts.lineReturned' : 'orders.receipts.lineReceived', {
                            quantity: quantity(returned ? l.quantity.slice(1) : l.quantity),
                            unit: line ? t(`units.${line.unitCode}`, { defaultValue: line.unitCode }) : '',
                            line: line?.description ?? l.purchaseOrderLineId,
                          })}
                          {l.comment && <> — « {l.comment} »</>}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

/** What the supplier answered to a revision: awaited, acknowledged with a promised date, declined, or superseded. */
function Acknowledgement({ revision }: { revision: PurchaseOrderRevision }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const ack = revision.acknowledgement;
  return (
    <span className={`ack ack-${ack.status}`} data-testid="acknowledgement-status">
      {t(`orders.ack.${ack.status}`, {
        date: ack.at ? formatInstant(ack.at, language) : '',
        promised: ack.promisedDate ? formatCalendarDate(ack.promisedDate, language) : '',
        reason: ack.declineReason ?? '',
      })}
    </span>
  );
}

/** One revision: its status, who made it and why, the terms it carries, the supplier's answer and its PDF. */
function RevisionItem({
  orderId,
  number,
  revision,
  onPreview,
}: {
  orderId: string;
  number: string;
  revision: PurchaseOrderRevision;
  onPreview: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const asked = revision.changes.find((c) => c.reason !== undefined);
  const decisions = revision.changes.filter((c) => c.approvedBy || c.rejectedBy);
  const issued = revision.status === 'issued';
  return (
    <li data-testid="order-revision">
      <div>
        <strong>{t('orders.revisions.revision', { revision: revision.revision })}</strong>{' '}
        <span className={`badge revision-${revision.status}`} data-testid="revision-status">
          {t(`orders.revisions.statuses.${revision.status}`)}
        </span>
        <div className="meta">
          <span>
            {t(revision.revision === 1 ? 'orders.revisions.issuedBy' : 'orders.revisions.revisedBy', {
              name: revision.createdBy,
              date: formatInstant(revision.issuedAt ?? revision.createdAt, language, { time: true }),
            })}
          </span>
          {issued && revision.terms.length > 0 && (
            <span data-testid="revision-terms">
              {t('orders.revisions.terms', {
                list: revision.terms
                  .map((term) => t('orders.revisions.term', { code: term.code, version: term.version }))
                  .join(', '),
              })}
            </span>
          )}
        </div>
        {asked?.reason && (
          <p className="muted">
            {t('orders.revisions.reason', { reason: asked.reason })}
            {asked.increasePercent !== undefined &&
              ` — ${t('orders.revisions.increase', { percent: formatDecimal(asked.increasePercent, language) })}`}
          </p>
        )}
        {decisions.map((d) => (
          <p
            key={`${d.approvedBy ?? ''}-${d.rejectedBy ?? ''}`}
            className="muted"
            data-testid="revision-decision"
          >
            {d.approvedBy
              ? t('orders.revisions.approvedBy', { name: d.approvedBy })
              : t('orders.revisions.rejectedBy', { name: d.rejectedBy })}
            {d.comment && <> — « {d.comment} »</>}
          </p>
        ))}
        {issued && (
          <p>
            <Acknowledgement revision={revision} />
          </p>
        )}
        {issued && (
          <div className="actions">
            <button type="button" className="link-button" onClick={onPreview}>
              {t('orders.revisions.preview', { revision: revision.revision })}
            </button>
            <a
              href={purchaseOrderPdfPath(orderId, revision.revision)}
              download={`${number}${revision.revision > 1 ? `-R${revision.revision}` : ''}.pdf`}
            >
              {t('orders.revisions.download', { revision: revision.revision })}
            </a>
            {revision.pdfSha256 && (
              <span className="mono muted" title={t('orders.revisions.sha256')}>
                SHA-256 {revision.pdfSha256.slice(0, 12)}…
              </span>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
