import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PurchaseOrder, type RevisedOrder, revisePurchaseOrder } from '../api.js';
import { formatDecimal } from '../format.js';
import type { FieldProblem } from '../problems.js';
import {
  type AddedOrderLine,
  blankAddedLine,
  buildRevisionBody,
  hasMovement,
  placeLineErrors,
  type RevisionForm,
  revisionFormOf,
} from '../purchase-orders.js';
import { isStaleVersion } from '../request-change.js';
import { useAction } from '../use-action.js';
import { describedBy, FieldError, ProblemAlert } from './Problem.js';

/** The units and VAT rates a line added by hand is offered in. */
const addedLineUnits = ['C62', 'H87', 'E48', 'HUR', 'DAY', 'MON', 'SET', 'RM', 'MTR'] as const;
const addedLineVatRates = ['20', '10', '5.5', '2.1', '0'] as const;

/**
 * A buyer revises the order: each open line's quantity and unit price, or cancels it, adds lines,
 * with a reason and perhaps a new delivery date. The revision is issued and sent again to the supplier, or held
 * for approval when it raises the order beyond the threshold; the notice says which.
 */
export function OrderRevisionForm({
  order,
  onSaved,
  onClose,
  onReload,
}: {
  order: PurchaseOrder;
  onSaved: (next: RevisedOrder) => void;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [form, setForm] = useState<RevisionForm>(() => revisionFormOf(order));
  const [own, setOwn] = useState<{ errors: FieldProblem[]; sent: string[] }>({ errors: [], sent: [] });
  const action = useAction();
  const stale = action.problem !== null && isStaleVersion(action.problem);
  const { byLine, byField, other } = placeLineErrors(
    [...own.errors, ...(action.problem?.errors ?? [])],
    own.sent,
    ['reason', 'deliveryDate', 'lines'],
  );
  const reasonsOf = (reasons: string[] | undefined) =>
    reasons?.map((r) => t(`orders.checks.${r}`, { defaultValue: r }));

  const setLine =
    (lineId: string, field: 'quantity' | 'unitPrice') => (event: { target: { value: string } }) => {
      const value = event.target.value;
      setForm((f) => ({
        ...f,
        lines: f.lines.map((l) => (l.lineId === lineId ? { ...l, [field]: value } : l)),
      }));
    };

  const setAdded =
    (key: string, field: Exclude<keyof AddedOrderLine, 'key'>) => (event: { target: { value: string } }) => {
      const value = event.target.value;
      setForm((f) => ({ ...f, added: f.added.map((a) => (a.key === key ? { ...a, [field]: value } : a)) }));
    };
  const addLine = () => setForm((f) => ({ ...f, added: [...f.added, blankAddedLine(crypto.randomUUID())] }));
  const removeLine = (key: string) => setForm((f) => ({ ...f, added: f.added.filter((a) => a.key !== key) }));

  function save(event: FormEvent) {
    event.preventDefault();
    const checked = buildRevisionBody(order, form);
    if (!checked.ok) {
      action.setProblem(null);
      setOwn({ errors: checked.errors, sent: [] });
      return;
    }
    setOwn({ errors: [], sent: checked.sentLineIds });
    void action.run('revise', async () => onSaved(await revisePurchaseOrder(order.id, checked.body)));
  }

  const reasonErrors = reasonsOf(byField.reason);
  const dateErrors = reasonsOf(byField.deliveryDate);
  const linesErrors = reasonsOf(byField.lines);
  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={save}
      data-testid="order-revision-form"
    >
      <h2 id={`${id}-title`}>{t('orders.revise.title', { revision: order.revision + 1 })}</h2>
      <p className="muted">{t('orders.revise.intro')}</p>
      <div className="table-wrap">
        <table className="table" aria-describedby={linesErrors ? `${id}-lines-error` : undefined}>
          <thead>
            <tr>
              <th scope="col">{t('orders.description')}</th>
              <th scope="col">{t('orders.received')}</th>
              <th scope="col">{t('orders.quantity')}</th>
              <th scope="col">{t('orders.unitPrice')}</th>
              <th scope="col">{t('orders.revise.cancelLine')}</th>
            </tr>
          </thead>
          <tbody>
            {form.lines.map((typed) => {
              const line = order.lines.find((l) => l.id === typed.lineId);
              if (!line) return null;
              const errorId = `${id}-line-error-${line.id}`;
              const reasons = reasonsOf(byLine[line.id]);
              const locked = hasMovement(line);
              return (
                <tr key={line.id} data-testid="revision-line">
                  <th scope="row">
                    {line.description}
                    <FieldError id={errorId} reasons={reasons} />
                  </th>
                  <td>{formatDecimal(line.receivedQuantity, language)}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-qty-${line.id}`}>
                      {t('orders.revise.lineQuantity', { line: line.description })}
                    </label>
                    <input
                      id={`${id}-qty-${line.id}`}
                      inputMode="decimal"
                      required={!typed.cancel}
                      disabled={typed.cancel}
                      value={typed.quantity}
                      onChange={setLine(line.id, 'quantity')}
                      {...describedBy(errorId, reasons)}
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-price-${line.id}`}>
                      {t('orders.revise.lineUnitPrice', { line: line.description, currency: order.currency })}
                    </label>
                    <input
                      id={`${id}-price-${line.id}`}
                      inputMode="decimal"
                      required={!typed.cancel}
                      disabled={typed.cancel}
                      value={typed.unitPrice}
                      onChange={setLine(line.id, 'unitPrice')}
                      {...describedBy(errorId, reasons)}
                    />
                  </td>
                  <td>
                    <input
                      id={`${id}-cancel-${line.id}`}
                      type="checkbox"
                      checked={typed.cancel}
                      disabled={locked}
                      aria-label={t('orders.revise.cancelLineOf', { line: line.description })}
                      title={locked ? t('orders.revise.cannotCancel') : undefined}
                      onChange={(event) => {
                        const cancel = event.target.checked;
                        setForm((f) => ({
                          ...f,
                          lines: f.lines.map((l) => (l.lineId === line.id ? { ...l, cancel } : l)),
                        }));
                      }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {form.added.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="added-lines">
            <caption>{t('orders.revise.addedLines')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('orders.description')}</th>
                <th scope="col">{t('orders.revise.category')}</th>
                <th scope="col">{t('orders.quantity')}</th>
                <th scope="col">{t('orders.revise.unit')}</th>
                <th scope="col">{t('orders.unitPrice')}</th>
                <th scope="col">{t('orders.revise.vatRate')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('orders.revise.removeLine')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {form.added.map((typed, index) => {
                const errorId = `${id}-added-error-${typed.key}`;
                const reasons = reasonsOf(byLine[typed.key]);
                const n = index + 1;
                const input = (
                  field: 'description' | 'categoryCode' | 'quantity' | 'unitPrice',
                  label: string,
                ) => (
                  <>
                    <label className="visually-hidden" htmlFor={`${id}-${field}-${typed.key}`}>
                      {t(label, { n })}
                    </label>
                    <input
                      id={`${id}-${field}-${typed.key}`}
                      inputMode={field === 'quantity' || field === 'unitPrice' ? 'decimal' : undefined}
                      required
                      value={typed[field]}
                      onChange={setAdded(typed.key, field)}
                      {...describedBy(errorId, reasons)}
                    />
                  </>
                );
                return (
                  <tr key={typed.key} data-testid="added-line">
                    <td>
                      {input('description', 'orders.revise.addedDescription')}
                      <FieldError id={errorId} reasons={reasons} />
                    </td>
                    <td>{input('categoryCode', 'orders.revise.addedCategory')}</td>
                    <td>{input('quantity', 'orders.revise.addedQuantity')}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${id}-unit-${typed.key}`}>
                        {t('orders.revise.addedUnit', { n })}
                      </label>
                      <select
                        id={`${id}-unit-${typed.key}`}
                        value={typed.unitCode}
                        onChange={setAdded(typed.key, 'unitCode')}
                      >
                        {addedLineUnits.map((unit) => (
                          <option key={unit} value={unit}>
                            {t(`units.${unit}`, { defaultValue: unit })}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{input('unitPrice', 'orders.revise.addedUnitPrice')}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${id}-vat-${typed.key}`}>
                        {t('orders.revise.addedVatRate', { n })}
                      </label>
                      <select
                        id={`${id}-vat-${typed.key}`}
                        value={typed.vatRate}
                        onChange={setAdded(typed.key, 'vatRate')}
                      >
                        {addedLineVatRates.map((rate) => (
                          <option key={rate} value={rate}>
                            {formatDecimal(rate, language)} %
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button type="button" className="btn" onClick={() => removeLine(typed.key)}>
                        {t('orders.revise.removeLineOf', { n })}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={addLine} data-testid="add-order-line">
          {t('orders.revise.addLine')}
        </button>
      </div>
      <FieldError id={`${id}-lines-error`} reasons={linesErrors} />
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('orders.deliveryDate')}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={form.deliveryDate}
            onChange={(event) => setForm((f) => ({ ...f, deliveryDate: event.target.value }))}
            {...describedBy(`${id}-date-error`, dateErrors)}
          />
          <FieldError id={`${id}-date-error`} reasons={dateErrors} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('orders.revise.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            required
            minLength={3}
            maxLength={500}
            value={form.reason}
            onChange={(event) => setForm((f) => ({ ...f, reason: event.target.value }))}
            {...describedBy(`${id}-reason-error`, reasonErrors)}
          />
          <FieldError id={`${id}-reason-error`} reasons={reasonErrors} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
          {t('orders.revise.save')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('orders.close')}
        </button>
      </div>
      {own.errors.length > 0 && (
        <p role="alert" className="problem" data-testid="form-check">
          {t('orders.checks.summary')}
        </p>
      )}
      {stale ? (
        <StaleVersion onReload={onReload} />
      ) : (
        action.problem && <ProblemAlert problem={action.problem} otherErrors={other} />
      )}
    </form>
  );
}

/** Someone changed the order since it was read: the page offers to read it again. */
export function StaleVersion({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="problem" data-testid="stale-version">
      <p>{t('orders.stale')}</p>
      <div className="actions">
        <button type="button" className="btn" onClick={onReload}>
          {t('orders.reload')}
        </button>
      </div>
    </div>
  );
}
