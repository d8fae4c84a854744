import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AwaitingRequisition, approveInBulk, awaitingMyApprovalPath, getJson, type Me } from '../api.js';
import {
  amountBound,
  type BulkResultRow,
  bulkItemOf,
  bulkResultRows,
  emptyInboxFilter,
  filterAwaiting,
  type InboxFilter,
} from '../approval-inbox.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { StatusBadge } from '../components/RequisitionTable.js';
import { formatInstant } from '../dates.js';
import { formatMoney } from '../format.js';
import { approvalPagePath, type Navigate, noticeLeftInHistory } from '../navigation.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

type Awaiting = { requisitions: AwaitingRequisition[] };

/**
 * The requests awaiting the person's decision (or that of someone who delegated to them): filtered by
 * words and amount, and approved several at once, each on its own and within the approver's limit.
 */
export function ApprovalsPage({ me, navigate }: { me: Me; navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error, setData } = useApiData<Awaiting>(awaitingMyApprovalPath);
  const [filter, setFilter] = useState<InboxFilter>(emptyInboxFilter);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<BulkResultRow[] | null>(null);
  const bulk = useAction();
  // A decision just made leaves its confirmation in the history entry.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const left = noticeLeftInHistory();
    if (!left) return;
    setNotice(left);
    window.history.replaceState(null, '');
  }, []);

  const all = data?.requisitions ?? [];
  const shown = filterAwaiting(all, filter);
  // Only what the filter shows is approved: a ticked request hidden since is left alone.
  const chosen = shown.filter((r) => selected.has(r.id));
  const setBound = (field: 'text' | 'minAmount' | 'maxAmount') => (event: { target: { value: string } }) =>
    setFilter((f) => ({ ...f, [field]: event.target.value }));
  const invalid = (typed: string) =>
    amountBound(typed) === 'invalid' ? [t('bulkApproval.invalidAmount')] : undefined;
  const toggle = (requisitionId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(requisitionId);
      else next.delete(requisitionId);
      return next;
    });

  function approveChosen(event: FormEvent) {
    event.preventDefault();
    if (chosen.length === 0) return;
    setNotice(null);
    void bulk.run('bulk', async () => {
      const answer = await approveInBulk(
        chosen.map((r) => bulkItemOf(r, me.userId)),
        comment.trim() || null,
      );
      setResults(bulkResultRows(answer.results, all));
      setSelected(new Set());
      setComment('');
      setData(await getJson<Awaiting>(awaitingMyApprovalPath));
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('approvals.title')}</h1>
      <p className="intro">{t('approvals.intro')}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {results && <BulkResults rows={results} />}
      {!data ? (
        <LoadStatus error={error} />
      ) : all.length === 0 ? (
        <p className="muted">{t('approvals.none')}</p>
      ) : (
        <>
          <search className="panel" aria-labelledby={`${id}-filter`}>
            <h2 id={`${id}-filter`}>{t('bulkApproval.filter')}</h2>
            <div className="fields">
              <div className="field">
                <label htmlFor={`${id}-text`}>{t('bulkApproval.text')}</label>
                <input id={`${id}-text`} type="search" value={filter.text} onChange={setBound('text')} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-min`}>{t('bulkApproval.minAmount')}</label>
                <input
                  id={`${id}-min`}
                  inputMode="decimal"
                  value={filter.minAmount}
                  onChange={setBound('minAmount')}
                  {...describedBy(`${id}-min-error`, invalid(filter.minAmount))}
                />
                <FieldError id={`${id}-min-error`} reasons={invalid(filter.minAmount)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-max`}>{t('bulkApproval.maxAmount')}</label>
                <input
                  id={`${id}-max`}
                  inputMode="decimal"
                  value={filter.maxAmount}
                  onChange={setBound('maxAmount')}
                  {...describedBy(`${id}-max-error`, invalid(filter.maxAmount))}
                />
                <FieldError id={`${id}-max-error`} reasons={invalid(filter.maxAmount)} />
              </div>
            </div>
            <p className="muted" data-testid="inbox-count">
              {t('bulkApproval.shown', { shown: shown.length, total: all.length })}
            </p>
          </search>
          {shown.length === 0 ? (
            <p className="muted">{t('bulkApproval.noMatch')}</p>
          ) : (
            <form className="form" onSubmit={approveChosen} aria-labelledby={`${id}-title`}>
              <AwaitingTable
                requisitions={shown}
                me={me}
                selected={selected}
                onToggle={toggle}
                onToggleAll={(on) => setSelected(on ? new Set(shown.map((r) => r.id)) : new Set())}
                navigate={navigate}
              />
              <div className="field">
                <label htmlFor={`${id}-comment`}>{t('bulkApproval.comment')}</label>
                <textarea
                  id={`${id}-comment`}
                  value={comment}
                  rows={2}
                  maxLength={2000}
                  onChange={(event) => setComment(event.target.value)}
                />
              </div>
              <div className="actions">
                <button
                  type="submit"
                  className="btn btn-primary"
                  disabled={chosen.length === 0 || bulk.running !== null}
                >
                  {t('bulkApproval.approveSelected', { count: chosen.length })}
                </button>
                {chosen.length === 0 && <span className="muted">{t('bulkApproval.noneSelected')}</span>}
              </div>
              {bulk.problem && <ProblemAlert problem={bulk.problem} />}
            </form>
          )}
        </>
      )}
    </section>
  );
}

/** The inbox's requests, each with a box to tick, its pending step and for whom it is decided. */
function AwaitingTable({
  requisitions,
  me,
  selected,
  onToggle,
  onToggleAll,
  navigate,
}: {
  requisitions: AwaitingRequisition[];
  me: Me;
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  onToggleAll: (on: boolean) => void;
  navigate: Navigate;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const everyone = requisitions.every((r) => selected.has(r.id));
  const delegatorName = (userId: string) =>
    me.actingFor.find((d) => d.userId === userId)?.displayName ?? userId;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="awaiting-requests">
        <thead>
          <tr>
            <th scope="col" className="check">
              <input
                type="checkbox"
                aria-label={t('bulkApproval.selectAll')}
                checked={everyone}
                onChange={(event) => onToggleAll(event.target.checked)}
              />
            </th>
            <th scope="col">{t('requests.number')}</th>
            <th scope="col">{t('requests.requestTitle')}</th>
            <th scope="col">{t('requests.status')}</th>
            <th scope="col">{t('requests.total')}</th>
            <th scope="col">{t('requests.requester')}</th>
            <th scope="col">{t('bulkApproval.step')}</th>
            <th scope="col">{t('requests.submittedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {requisitions.map((r) => {
            const others = r.pendingStep.awaitedUserIds.includes(me.userId)
              ? []
              : r.pendingStep.awaitedUserIds;
            return (
              <tr key={r.id} data-testid="awaiting-request">
                <td className="check">
                  <input
                    type="checkbox"
                    aria-label={t('bulkApproval.select', { number: r.number })}
                    checked={selected.has(r.id)}
                    onChange={(event) => onToggle(r.id, event.target.checked)}
                  />
                </td>
                <th scope="row">
                  <a
                    href={approvalPagePath(r.id)}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(approvalPagePath(r.id));
                    }}
                  >
                    {r.number}
                  </a>
                </th>
                <td>{r.title}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{formatMoney(r.total.amount, r.total.currency, language)}</td>
                <td>{r.requester.name}</td>
                <td>
                  {r.pendingStep.label}
                  {others.length > 0 && (
                    <div className="meta" data-testid="on-behalf-of">
                      {t('bulkApproval.onBehalfOf', { names: others.map(delegatorName).join(', ') })}
                    </div>
                  )}
                </td>
                <td>{r.submittedAt ? formatInstant(r.submittedAt, language) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the bulk approval did, request by request: approved (and its status now), or why not. */
function BulkResults({ rows }: { rows: BulkResultRow[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="panel" role="status">
      <h2 id={`${id}-title`}>{t('bulkApproval.resultsTitle')}</h2>
      <ul className="rows" data-testid="bulk-results">
        {rows.map((row, index) => (
          <li
            key={`${row.requisitionId}-${index}`}
            data-testid="bulk-result"
            className={row.decided ? '' : 'problem'}
          >
            <div>
              <strong>{row.number}</strong> — {row.title}
              <p>
                {row.decided
                  ? t('bulkApproval.approved', {
                      status: t(`requests.statuses.${row.status}`, { defaultValue: row.status }),
                    })
                  : t('bulkApproval.refused', { detail: row.detail })}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
