import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApprovalLinkView,
  approvalLinkPath,
  decideThroughApprovalLink,
  getJson,
  type Requisition,
} from '../api.js';
import { type UnusableLink, unusableProblemOf, unusableStateOf } from '../approval-link.js';
import { describedBy, FieldError, ProblemAlert } from '../components/Problem.js';
import { StatusBadge } from '../components/RequisitionTable.js';
import { formatInstant } from '../dates.js';
import { formatMoney } from '../format.js';
import { approvalPagePath, type Navigate } from '../navigation.js';
import { type Problem, problemOf } from '../problems.js';

type LinkState =
  | { kind: 'loading' }
  | { kind: 'ready'; view: ApprovalLinkView }
  | { kind: 'unusable'; reason: UnusableLink }
  | { kind: 'failed'; problem: Problem }
  | { kind: 'decided'; view: ApprovalLinkView; requisition: Requisition };

/**
 * Where an approval e-mail's link lands, once logged in: the request, its step and what the link does
 * (approve or reject, on whose behalf), confirmed with a comment; then the result. A link used,
 * expired, no longer awaited, sent to someone else or altered says so and leads to the inbox.
 */
export function ApprovalLinkPage({ token, navigate }: { token: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<LinkState>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getJson<ApprovalLinkView>(approvalLinkPath(token), controller.signal)
      .then((view) => {
        const reason = unusableStateOf(view);
        setState(reason ? { kind: 'unusable', reason } : { kind: 'ready', view });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = problemOf(error);
        const reason = unusableProblemOf(problem);
        setState(reason ? { kind: 'unusable', reason } : { kind: 'failed', problem });
      });
    return () => controller.abort();
  }, [token]);

  const toInbox = (
    <a
      href="/approvals"
      onClick={(event) => {
        event.preventDefault();
        navigate('/approvals');
      }}
    >
      {t('approvalLink.toInbox')}
    </a>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('approvalLink.title')}</h1>
      {state.kind === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.kind === 'failed' && (
        <>
          <ProblemAlert problem={state.problem} />
          <p>{toInbox}</p>
        </>
      )}
      {state.kind === 'unusable' && (
        <div className="panel" data-testid="approval-link-unusable">
          <p role="alert">{t(`approvalLink.unusable.${state.reason}`)}</p>
          <p className="muted">{t('approvalLink.decideInInbox')}</p>
          <p>{toInbox}</p>
        </div>
      )}
      {state.kind === 'ready' && (
        <>
          <p className="intro">{t('approvalLink.intro')}</p>
          <LinkFacts view={state.view} />
          <ConfirmForm
            token={token}
            view={state.view}
            onDecided={(requisition) => setState({ kind: 'decided', view: state.view, requisition })}
            onUnusable={(reason) => setState({ kind: 'unusable', reason })}
          />
        </>
      )}
      {state.kind === 'decided' && (
        <>
          <p role="status" className="notice" data-testid="approval-link-result">
            {t(`approvalLink.${state.view.outcome}`, { number: state.requisition.number })}
          </p>
          <dl className="facts">
            <dt>{t('requests.status')}</dt>
            <dd>
              <StatusBadge status={state.requisition.status} />
            </dd>
          </dl>
          <p>
            <a
              href={approvalPagePath(state.requisition.id)}
              onClick={(event) => {
                event.preventDefault();
                navigate(approvalPagePath(state.requisition.id));
              }}
            >
              {t('approvalLink.openRequest', { number: state.requisition.number })}
            </a>{' '}
            · {toInbox}
          </p>
        </>
      )}
    </section>
  );
}

/** The request the link is about, its step, and what confirming will do. */
function LinkFacts({ view }: { view: ApprovalLinkView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const { requisition } = view;
  return (
    <div className="panel">
      <dl className="facts" data-testid="approval-link-facts">
        <dt>{t('requests.number')}</dt>
        <dd>{requisition.number}</dd>
        <dt>{t('requests.requestTitle')}</dt>
        <dd>{requisition.title}</dd>
        <dt>{t('requests.requester')}</dt>
        <dd>{requisition.requester.name}</dd>
        <dt>{t('requests.total')}</dt>
        <dd>{formatMoney(requisition.total.amount, requisition.total.currency, language)}</dd>
        <dt>{t('bulkApproval.step')}</dt>
        <dd>{view.step.label}</dd>
      </dl>
      <p data-testid="approval-link-outcome">
        <strong>
          {t(view.outcome === 'approved' ? 'approvalLink.willApprove' : 'approvalLink.willReject', {
            label: view.step.label,
          })}
        </strong>
      </p>
      <p data-testid="approval-link-for">
        {view.onBehalf
          ? t('approvalLink.onBehalf', { name: view.approver.displayName ?? view.approver.userId })
          : t('approvalLink.asApprover')}
      </p>
      <p className="muted">
        {t('approvalLink.validUntil', { date: formatInstant(view.expiresAt, language, { time: true }) })}
      </p>
    </div>
  );
}

/** The confirmation: a comment (required to reject, as on the request's page), then the decision, once. */
function ConfirmForm({
  token,
  view,
  onDecided,
  onUnusable,
}: {
  token: string;
  view: ApprovalLinkView;
  onDecided: (requisition: Requisition) => void;
  onUnusable: (reason: UnusableLink) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [comment, setComment] = useState('');
  const [commentMissing, setCommentMissing] = useState(false);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const rejecting = view.outcome === 'rejected';
  const reasons = commentMissing ? [t('approvals.commentRequired')] : undefined;

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (rejecting && !comment.trim()) {
      setCommentMissing(true);
      return;
    }
    setCommentMissing(false);
    setRunning(true);
    setProblem(null);
    try {
      onDecided(await decideThroughApprovalLink(token, comment.trim() || null));
    } catch (error) {
      const refused = problemOf(error);
      const reason = unusableProblemOf(refused);
      if (reason) onUnusable(reason);
      else setProblem(refused);
    } finally {
      setRunning(false);
    }
  }

  return (
    <form className="panel form" aria-labelledby={`${id}-title`} onSubmit={confirm} noValidate>
      <h2 id={`${id}-title`}>{t('approvals.decide')}</h2>
      <div className="field">
        <label htmlFor={`${id}-comment`}>
          {rejecting ? t('approvalLink.comment') : t('approvalLink.commentOptional')}
        </label>
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
        <button type="submit" className={rejecting ? 'btn btn-danger' : 'btn btn-primary'} disabled={running}>
          {t(rejecting ? 'approvalLink.confirmReject' : 'approvalLink.confirmApprove')}
        </button>
      </div>
      {problem && <ProblemAlert problem={problem} />}
    </form>
  );
}
