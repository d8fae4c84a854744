import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endPurchaseOrder, type PurchaseOrder } from '../api.js';
import { splitFieldErrors } from '../problems.js';
import { isStaleVersion } from '../request-change.js';
import { useAction } from '../use-action.js';
import { StaleVersion } from './OrderRevisionForm.js';
import { describedBy, FieldError, ProblemAlert } from './Problem.js';

/**
 * A buyer cancels the whole order (the supplier is told, the commitment released) or closes what
 * remains of it (nothing more is expected), saying why.
 */
export function OrderEndForm({
  order,
  how,
  onDone,
  onClose,
  onReload,
}: {
  order: PurchaseOrder;
  how: 'cancel' | 'close';
  onDone: (next: PurchaseOrder) => void;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const action = useAction();
  const stale = action.problem !== null && isStaleVersion(action.problem);
  const { byField, other } = splitFieldErrors(action.problem?.errors ?? [], ['reason'] as const);
  const reasons = tooShort ? [t('orders.checks.reasonRequired')] : byField.reason;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    void action.run(how, async () =>
      onDone(await endPurchaseOrder(order.id, how, { version: order.version, reason: reason.trim() })),
    );
  }

  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      data-testid={`order-${how}-form`}
    >
      <h2 id={`${id}-title`}>{t(`orders.end.${how}Title`)}</h2>
      <p className="muted">{t(`orders.end.${how}Intro`)}</p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('orders.end.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          required
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          {...describedBy(`${id}-reason-error`, reasons)}
        />
        <FieldError id={`${id}-reason-error`} reasons={reasons} />
      </div>
      <div className="actions">
        <button
          type="submit"
          className={how === 'cancel' ? 'btn btn-danger' : 'btn btn-primary'}
          disabled={action.running !== null}
        >
          {t(`orders.end.${how}Confirm`)}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('orders.close')}
        </button>
      </div>
      {stale ? (
        <StaleVersion onReload={onReload} />
      ) : (
        action.problem && <ProblemAlert problem={action.problem} otherErrors={other} />
      )}
    </form>
  );
}
