import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decideOnRevision, type PurchaseOrder, type PurchaseOrderRevision } from '../api.js';
import { formatDecimal, formatMoney } from '../format.js';
import { useAction } from '../use-action.js';
import { describedBy, FieldError, ProblemAlert } from './Problem.js';

/**
 * Approve or reject a revision held for approval because it raised the order beyond the threshold.
 * The API decides who may: someone other than the buyer who revised it, whose approval limit covers
 * the revised total. A rejection says why; the order then stays at its last issued revision.
 */
export function OrderDecisionForm({
  order,
  revision,
  onDecided,
}: {
  order: PurchaseOrder;
  revision: PurchaseOrderRevision;
  onDecided: (next: PurchaseOrder, outcome: 'approved' | 'rejected') => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [comment, setComment] = useState('');
  const [commentMissing, setCommentMissing] = useState(false);
  const action = useAction();
  const asked = revision.changes.find((c) => c.reason !== undefined);
  const reasons = commentMissing ? [t('orders.decision.commentRequired')] : undefined;

  function decide(outcome: 'approved' | 'rejected') {
    if (outcome === 'rejected' && !comment.trim()) {
      setCommentMissing(true);
      return;
    }
    setCommentMissing(false);
    void action.run(outcome, async () => {
      const next = await decideOnRevision(order.id, revision.revision, {
        outcome,
        comment: comment.trim() || null,
      });
      onDecided(next, outcome);
    });
  }

  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event: FormEvent) => event.preventDefault()}
      data-testid="revision-decision-form"
    >
      <h2 id={`${id}-title`}>{t('orders.decision.title', { revision: revision.revision })}</h2>
      <p>
        {t('orders.decision.asked', {
          name: revision.createdBy,
          percent: formatDecimal(asked?.increasePercent ?? '0', language),
          reason: asked?.reason ?? '',
        })}
      </p>
      {asked?.lines && asked.lines.length > 0 && (
        <ul data-testid="revision-changes">
          {asked.lines.map((change, index) => {
            const line = order.lines.find((l) => l.id === change.lineId);
            const key = change.lineId ?? `new-${index}`;
            if (!line)
              return (
                <li key={key}>
                  {t('orders.decision.newLine', {
                    line: change.description ?? '',
                    quantity: formatDecimal(change.quantity, language),
                    price: formatMoney(change.unitPrice, order.currency, language),
                  })}
                </li>
              );
            return (
              <li key={key}>
                {change.cancelled
                  ? t('orders.decision.cancelledLine', { line: line.description })
                  : t('orders.decision.changedLine', {
                      line: line.description,
                      from: formatDecimal(line.quantity, language),
                      to: formatDecimal(change.quantity, language),
                      fromPrice: formatMoney(line.unitPrice.amount, order.currency, language),
                      toPrice: formatMoney(change.unitPrice, order.currency, language),
                    })}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted">{t('orders.decision.who')}</p>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('orders.decision.comment')}</label>
        <textarea
          id={`${id}-comment`}
          value={comment}
          rows={2}
          maxLength={1000}
          onChange={(event) => setComment(event.target.value)}
          {...describedBy(`${id}-comment-error`, reasons)}
        />
        <FieldError id={`${id}-comment-error`} reasons={reasons} />
      </div>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={action.running !== null}
          onClick={() => decide('approved')}
        >
          {t('orders.decision.approve')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={action.running !== null}
          onClick={() => decide('rejected')}
        >
          {t('orders.decision.reject')}
        </button>
      </div>
      {action.problem && <ProblemAlert problem={action.problem} />}
    </form>
  );
}
