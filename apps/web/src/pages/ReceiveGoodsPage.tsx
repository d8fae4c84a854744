import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PurchaseOrder, purchaseOrderPath, recordReceipt } from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { localToday } from '../dates.js';
import { formatDecimal } from '../format.js';
import { type Navigate, orderPagePath } from '../navigation.js';
import type { FieldProblem } from '../problems.js';
import {
  buildReceiptBody,
  placeLineErrors,
  type ReceiptForm,
  receiptFormOf,
  remainingToReceive,
  withReturnToggled,
} from '../purchase-orders.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/** The requester (or a buyer) records what arrived on an order, or sends goods back. */
export function ReceiveGoodsPage({ orderId, navigate }: { orderId: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { data: order, error } = useApiData<PurchaseOrder>(purchaseOrderPath(orderId));
  if (!order) return <LoadStatus error={error ? t('orders.notFound') : null} />;
  return <ReceiptFormSection key={order.version} order={order} navigate={navigate} />;
}

function ReceiptFormSection({ order, navigate }: { order: PurchaseOrder; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [today] = useState(() => localToday(new Date()));
  const [form, setForm] = useState<ReceiptForm>(() => receiptFormOf(order, today));
  const [own, setOwn] = useState<{ errors: FieldProblem[]; sent: string[] }>({ errors: [], sent: [] });
  const action = useAction();
  const number = order.number ?? t('orders.noNumber');
  const open = order.status === 'issued' || order.status === 'acknowledged';
  const { byLine, byField, other } = placeLineErrors(
    [...own.errors, ...(action.problem?.errors ?? [])],
    own.sent,
    ['receivedOn', 'comment', 'lines'],
  );
  const reasonsOf = (reasons: string[] | undefined) =>
    reasons?.map((r) => t(`orders.checks.${r}`, { defaultValue: r }));
  const back = (notice?: string) => navigate(orderPagePath(order.id), notice ? { notice } : undefined);

  function setLine(lineId: string, field: 'quantity' | 'comment', value: string) {
    setForm((f) => ({
      ...f,
      lines: f.lines.map((l) => (l.lineId === lineId ? { ...l, [field]: value } : l)),
    }));
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const checked = buildReceiptBody(form, today);
    if (!checked.ok) {
      action.setProblem(null);
      setOwn({ errors: checked.errors, sent: [] });
      return;
    }
    setOwn({ errors: [], sent: checked.sentLineIds });
    void action.run('receive', async () => {
      const next = await recordReceipt(order.id, checked.body);
      back(
        t(form.isReturn ? 'orders.receive.returned' : 'orders.receive.recorded', {
          number,
          status: t(`orders.receiptStatuses.${next.receiptStatus}`),
        }),
      );
    });
  }

  const dateErrors = reasonsOf(byField.receivedOn);
  const commentErrors = reasonsOf(byField.comment);
  const linesErrors = reasonsOf(byField.lines);
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href={orderPagePath(order.id)}
          onClick={(event) => {
            event.preventDefault();
            back();
          }}
        >
          {t('orders.receive.back', { number })}
        </a>
      </p>
      <h1 id={`${id}-title`}>{t('orders.receive.title', { number })}</h1>
      <p className="intro">{t('orders.receive.intro', { supplier: order.supplier.name })}</p>
      {!open ? (
        <p className="muted" data-testid="nothing-to-receive">
          {t('orders.receive.notOpen', { status: t(`orders.statuses.${order.status}`) })}
        </p>
      ) : (
        <form
          className="panel form"
          onSubmit={save}
          aria-labelledby={`${id}-title`}
          data-testid="receipt-form"
        >
          <div className="fields">
            <div className="field">
              <label htmlFor={`${id}-date`}>{t('orders.receive.receivedOn')}</label>
              <input
                id={`${id}-date`}
                type="date"
                required
                max={today}
                value={form.receivedOn}
                onChange={(event) => setForm((f) => ({ ...f, receivedOn: event.target.value }))}
                {...describedBy(`${id}-date-error`, dateErrors)}
              />
              <FieldError id={`${id}-date-error`} reasons={dateErrors} />
            </div>
          </div>
          <div className="checks">
            <label>
              <input
                type="checkbox"
                checked={form.isReturn}
                aria-describedby={`${id}-return-hint`}
                onChange={(event) => setForm((f) => withReturnToggled(f, order, event.target.checked))}
              />{' '}
              {t('orders.receive.isReturn')}
            </label>
            <p id={`${id}-return-hint`} className="muted">
              {t(form.isReturn ? 'orders.receive.returnHint' : 'orders.receive.receiptHint')}
            </p>
          </div>
          <div className="table-wrap">
            <table className="table" data-testid="receipt-lines">
              <thead>
                <tr>
                  <th scope="col">{t('orders.description')}</th>
                  <th scope="col">{t('orders.ordered')}</th>
                  <th scope="col">{t('orders.received')}</th>
                  <th scope="col">{t('orders.receive.remaining')}</th>
                  <th scope="col">
                    {t(form.isReturn ? 'orders.receive.quantityReturned' : 'orders.receive.quantityNow')}
                  </th>
                  <th scope="col">{t('orders.receive.lineComment')}</th>
                </tr>
              </thead>
              <tbody>
                {form.lines.map((typed) => {
                  const line = order.lines.find((l) => l.id === typed.lineId);
                  if (!line) return null;
                  const unit = t(`units.${line.unitCode}`, { defaultValue: line.unitCode });
                  const errorId = `${id}-line-error-${line.id}`;
                  const reasons = reasonsOf(byLine[line.id]);
                  return (
                    <tr key={line.id} data-testid="receipt-line">
                      <th scope="row">
                        {line.description}
                        <FieldError id={errorId} reasons={reasons} />
                      </th>
                      <td>
                        {formatDecimal(line.quantity, language)} {unit}
                      </td>
                      <td>{formatDecimal(line.receivedQuantity, language)}</td>
                      <td data-testid="line-remaining">
                        {formatDecimal(remainingToReceive(line), language)}
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={`${id}-qty-${line.id}`}>
                          {t(form.isReturn ? 'orders.receive.lineReturned' : 'orders.receive.lineQuantity', {
                            line: line.description,
                          })}
                        </label>
                        <input
                          id={`${id}-qty-${line.id}`}
                          inputMode="decimal"
                          value={typed.quantity}
                          onChange={(event) => setLine(line.id, 'quantity', event.target.value)}
                          {...describedBy(errorId, reasons)}
                        />
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={`${id}-comment-${line.id}`}>
                          {t('orders.receive.lineCommentOf', { line: line.description })}
                        </label>
                        <input
                          id={`${id}-comment-${line.id}`}
                          maxLength={500}
                          value={typed.comment}
                          onChange={(event) => setLine(line.id, 'comment', event.target.value)}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <FieldError id={`${id}-lines-error`} reasons={linesErrors} />
          <div className="field">
            <label htmlFor={`${id}-comment`}>{t('orders.receive.comment')}</label>
            <textarea
              id={`${id}-comment`}
              rows={2}
              maxLength={1000}
              value={form.comment}
              onChange={(event) => setForm((f) => ({ ...f, comment: event.target.value }))}
              {...describedBy(`${id}-comment-error`, commentErrors)}
            />
            <FieldError id={`${id}-comment-error`} reasons={commentErrors} />
          </div>
          <div className="actions">
            <button
              type="submit"
              className={form.isReturn ? 'btn btn-danger' : 'btn btn-primary'}
              disabled={action.running !== null}
            >
              {t(form.isReturn ? 'orders.receive.saveReturn' : 'orders.receive.save')}
            </button>
            <button type="button" className="btn" onClick={() => back()}>
              {t('orders.close')}
            </button>
          </div>
          {own.errors.length > 0 && (
            <p role="alert" className="problem" data-testid="form-check">
              {t('orders.checks.summary')}
            </p>
          )}
          {action.problem && <ProblemAlert problem={action.problem} otherErrors={other} />}
        </form>
      )}
    </section>
  );
}
