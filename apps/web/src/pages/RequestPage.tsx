import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApprovalStep,
  decideOnRequisition,
  getJson,
  type Me,
  type Requisition,
  requisitionPath,
  submitRequisition,
  type TimelineEntry,
} from '../api.js';
import { ApprovalPreviewPanel } from '../components/ApprovalPreviewPanel.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { RefusalAlert } from '../components/Refusal.js';
import { RequestChangeForm } from '../components/RequestChangeForm.js';
import { RequestOrders } from '../components/RequestOrders.js';
import { StatusBadge } from '../components/RequisitionTable.js';
import { formatCalendarDate, formatInstant } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import { type Navigate, noticeLeftInHistory } from '../navigation.js';
import { mayChange } from '../request-change.js';
import { currentChain, decisionFor, timelineMessage } from '../requisitions.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/**
 * One purchase request: its header, lines, approval chain and history. Its requester changes it, and
 * submits a draft once its approval chain and budget check are previewed; the approver of the pending
 * step (or their delegate) decides on it. `afterDecision` takes the approver back to their inbox.
 * Once approved, a buyer orders it, and the orders made from it are listed.
 */
export function RequestPage({
  me,
  requisitionId,
  navigate,
  afterDecision,
}: {
  me: Me;
  requisitionId: string;
  navigate: Navigate;
  afterDecision?: (notice: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: requisition, error, setData } = useApiData<Requisition>(requisitionPath(requisitionId));
  const submission = useAction();
  const { setNotice } = submission;
  const [changing, setChanging] = useState(false);
  // The form that created the request leaves its notice (saved, submitted, refused) in the history entry.
  useEffect(() => {
    const left = noticeLeftInHistory();
    if (!left) return;
    setNotice(left);
    window.history.replaceState(null, '');
  }, [setNotice]);

  if (!requisition) return <LoadStatus error={error ? t('requests.notFound') : null} />;
  const money = (a: { amount: string; currency: string }) => formatMoney(a.amount, a.currency, language);
  const day = (iso: string | null) => (iso ? formatInstant(iso, language) : '—');
  const mine = requisition.requester.userId === me.userId;
  const decision = decisionFor(requisition, me);

  function submit() {
    void submission.run('submit', async () => {
      const submitted = await submitRequisition(requisitionId);
      setData(submitted);
      return t(
        submitted.budgetCheck.outcome === 'warn' ? 'requests.submittedOverBudget' : 'requests.submitted',
        { number: submitted.number },
      );
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>
        {requisition.number} — {requisition.title}
      </h1>
      <dl className="facts" data-testid="request-facts">
        <dt>{t('requests.status')}</dt>
        <dd>
          <StatusBadge status={requisition.status} />{' '}
          {requisition.overBudget && (
            <span className="badge requisition-over-budget" data-testid="over-budget">
              {t('requests.overBudget')}
            </span>
          )}{' '}
          {requisition.directOrder && (
            <span className="badge" data-testid="direct-order">
              {t('requests.directOrder')}
            </span>
          )}
        </dd>
        <dt>{t('requests.total')}</dt>
        <dd data-testid="request-total">{money(requisition.total)}</dd>
        {requisition.counting?.rateEffectiveOn && (
          <>
            <dt>{t('requests.countedAs', { currency: requisition.counting.entityCurrency })}</dt>
            <dd data-testid="request-counted">
              {t('requests.countedAt', {
                amount: money(requisition.counting.total),
                rate: formatDecimal(requisition.counting.rate, language),
                day: formatCalendarDate(requisition.counting.rateEffectiveOn, language),
              })}
            </dd>
          </>
        )}
        <dt>{t('requests.requester')}</dt>
        <dd>{requisition.requester.name}</dd>
        <dt>{t('requests.createdAt')}</dt>
        <dd>{day(requisition.createdAt)}</dd>
        <dt>{t('requests.submittedAt')}</dt>
        <dd>{day(requisition.submittedAt)}</dd>
        {requisition.decidedAt && (
          <>
            <dt>{t('requests.decidedAt')}</dt>
            <dd>{day(requisition.decidedAt)}</dd>
          </>
        )}
        {requisition.justification && (
          <>
            <dt>{t('requests.justification')}</dt>
            <dd>{requisition.justification}</dd>
          </>
        )}
      </dl>
      {submission.notice && (
        <p role="status" className="notice">
          {submission.notice}
        </p>
      )}
      {mayChange(requisition, me) &&
        (changing ? (
          <RequestChangeForm
            key={requisition.version}
            requisition={requisition}
            onSaved={(next, notice) => {
              setData(next);
              setChanging(false);
              setNotice(notice);
            }}
            onCancel={() => setChanging(false)}
            onReload={() => {
              void getJson<Requisition>(requisitionPath(requisitionId)).then(setData);
            }}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                setNotice(null);
                setChanging(true);
              }}
            >
              {t('requestChange.change')}
            </button>
          </div>
        ))}
      {requisition.status === 'draft' && mine && !changing && (
        <ApprovalPreviewPanel
          key={requisition.version}
          requisitionId={requisitionId}
          submitting={submission.running !== null}
          onSubmit={submit}
        />
      )}
      {submission.problem &&
        (submission.problem.status === 422 ? (
          <RefusalAlert problem={submission.problem} />
        ) : (
          <ProblemAlert problem={submission.problem} />
        ))}
      {decision && (
        <DecisionForm
          requisition={requisition}
          stepIndex={decision.stepIndex}
          onBehalfOf={decision.onBehalfOf}
          onDecided={(next, notice) => {
            if (afterDecision) afterDecision(notice);
            else {
              setData(next);
              setNotice(notice);
            }
          }}
        />
      )}

      <section aria-labelledby={`${id}-lines`} className="panel">
        <h2 id={`${id}-lines`}>{t('requests.lines')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="request-lines">
            <thead>
              <tr>
                <th scope="col">{t('requests.line')}</th>
                <th scope="col">{t('requests.supplier')}</th>
                <th scope="col">{t('requests.quantity')}</th>
                <th scope="col">{t('requests.unitPrice')}</th>
                <th scope="col">{t('requests.amount')}</th>
                <th scope="col">{t('requests.budgetCategory')}</th>
                <th scope="col">{t('requests.wishedDate')}</th>
              </tr>
            </thead>
            <tbody>
              {requisition.lines.map((line) => (
                <tr key={line.id} data-testid="request-line">
                  <th scope="row">{line.description}</th>
                  <td>{line.supplier?.name ?? '—'}</td>
                  <td>
                    {formatDecimal(line.quantity, language)}{' '}
                    {t(`units.${line.unitCode}`, { defaultValue: line.unitCode })}
                  </td>
                  <td>{money(line.unitPrice)}</td>
                  <td>{money(line.amount)}</td>
                  <td className="mono">{line.budgetCategory}</td>
                  <td>{line.wishedDate ? formatCalendarDate(line.wishedDate, language) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {orderedStatuses.includes(requisition.status) && (
        <RequestOrders
          requisition={requisition}
          me={me}
          navigate={navigate}
          onIssued={() => {
            void getJson<Requisition>(requisitionPath(requisitionId)).then(setData);
          }}
        />
      )}

      <ApprovalChain requisition={requisition} />
      <Timeline entries={requisition.timeline} />
    </section>
  );
}

/** The statuses of a request that may be ordered, or has been. */
const orderedStatuses: readonly string[] = ['approved', 'partly_ordered', 'ordered'];

function ApprovalChain({ requisition }: { requisition: Requisition }) {
  const { t } = useTranslation();
  const id = useId();
  const chain = currentChain(requisition);
  return (
    <section aria-labelledby={`${id}-chain`} className="panel">
      <h2 id={`${id}-chain`}>{t('requests.chain')}</h2>
      {chain.length === 0 ? (
        <p className="muted">{t('requests.noChain')}</p>
      ) : (
        <ol className="rows" data-testid="approval-steps">
          {chain.map((step) => (
            <ApprovalStepItem key={step.id} step={step} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ApprovalStepItem({ step }: { step: ApprovalStep }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const nameOf = (userId: string) => step.approvers.find((a) => a.userId === userId)?.displayName ?? userId;
  return (
    <li data-testid="approval-step">
      <div>
        <strong>{step.label}</strong>{' '}
        <span className={`badge step-${step.status}`} data-testid="step-status">
          {t(`requests.stepStatuses.${step.status}`)}
        </span>
        <div className="meta">
          <span data-testid="step-approvers">
            {t('requests.approvers', { names: step.approvers.map((a) => a.displayName).join(', ') })}
          </span>
          {step.explanation && <span>{step.explanation}</span>}
        </div>
        {step.decisions.map((d) => (
          <p key={`${d.approverUserId}-${d.decidedAt}`} className="muted" data-testid="step-decision">
            {t('requests.decision', {
              outcome: t(`requests.outcomes.${d.outcome}`),
              name: nameOf(d.approverUserId),
              date: formatInstant(d.decidedAt, language, { time: true }),
            })}
            {d.comment && <> — « {d.comment} »</>}
          </p>
        ))}
      </div>
    </li>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  return (
    <section aria-labelledby={`${id}-timeline`} className="panel">
      <h2 id={`${id}-timeline`}>{t('requests.timelineTitle')}</h2>
      <ol className="rows" data-testid="timeline">
        {entries.map((entry, index) => {
          const { key, values } = timelineMessage(entry);
          return (
            <li key={`${entry.occurredAt}-${index}`} data-testid="timeline-entry">
              <div>
                {t(`requests.timeline.${key}`, {
                  ...values,
                  date: formatInstant(entry.occurredAt, language, { time: true }),
                })}
                {entry.comment && <p className="muted">« {entry.comment} »</p>}
                {entry.details.notes?.map((note) => (
                  <p key={note} className="flag">
                    {note}
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Approve or reject the pending step; a rejection says why. */
function DecisionForm({
  requisition,
  stepIndex,
  onBehalfOf,
  onDecided,
}: {
  requisition: Requisition;
  stepIndex: number;
  onBehalfOf: { userId: string; displayName: string } | null;
  onDecided: (next: Requisition, notice: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [comment, setComment] = useState('');
  const [commentMissing, setCommentMissing] = useState(false);
  const action = useAction();
  const reasons = commentMissing ? [t('approvals.commentRequired')] : undefined;

  function decide(outcome: 'approved' | 'rejected') {
    if (outcome === 'rejected' && !comment.trim()) {
      setCommentMissing(true);
      return;
    }
    setCommentMissing(false);
    void action.run(outcome, async () => {
      const next = await decideOnRequisition(requisition.id, {
        stepIndex,
        outcome,
        comment: comment.trim() || null,
        onBehalfOfUserId: onBehalfOf?.userId ?? null,
      });
      onDecided(next, t(`approvals.${outcome}`, { number: requisition.number }));
    });
  }

  return (
    <form
      className="panel form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event: FormEvent) => event.preventDefault()}
    >
      <h2 id={`${id}-title`}>{t('approvals.decide')}</h2>
      {onBehalfOf && (
        <p className="notice" data-testid="on-behalf-of">
          {t('approvals.onBehalfOf', { name: onBehalfOf.displayName })}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('approvals.comment')}</label>
        <textarea
          id={`${id}-comment`}
          value={comment}
          rows={3}
          maxLength={2000}
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
          {t('approvals.approve')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={action.running !== null}
          onClick={() => decide('rejected')}
        >
          {t('approvals.reject')}
        </button>
      </div>
      {action.problem && <ProblemAlert problem={action.problem} />}
    </form>
  );
}
