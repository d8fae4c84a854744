import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FreeTextRequest,
  type FreeTextStatus,
  freeTextRequestsPath,
  rejectFreeTextRequest,
  sourceFreeTextRequest,
} from '../api.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatInstant } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

const statuses: FreeTextStatus[] = ['pending', 'sourced', 'rejected', 'withdrawn'];

/** The buyer's queue: what employees asked for outside the catalog, to source with an item or reject. */
export function FreeTextRequestsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [status, setStatus] = useState<FreeTextStatus | ''>('pending');
  const path = status ? `${freeTextRequestsPath}?status=${status}` : freeTextRequestsPath;
  const { data, error, setData } = useApiData<{ requests: FreeTextRequest[] }>(path);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const action = useAction();

  const replace = (updated: FreeTextRequest) =>
    setData((d) => d && { requests: d.requests.map((r) => (r.id === updated.id ? updated : r)) });
  const answerOf = (requestId: string) => (answers[requestId] ?? '').trim();

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('freeText.buyerTitle')}</h1>
      <label htmlFor={`${id}-status`}>{t('freeText.status')}</label>{' '}
      <select
        id={`${id}-status`}
        value={status}
        onChange={(event) => setStatus(event.target.value as FreeTextStatus | '')}
      >
        <option value="">{t('freeText.allStatuses')}</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {t(`freeText.statuses.${s}`)}
          </option>
        ))}
      </select>
      {action.notice && (
        <p role="status" className="notice">
          {action.notice}
        </p>
      )}
      {action.problem && <ProblemAlert problem={action.problem} />}
      {!data ? (
        <LoadStatus error={error} />
      ) : data.requests.length === 0 ? (
        <p className="muted">{t('freeText.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="free-text-requests">
            <thead>
              <tr>
                <th scope="col">{t('freeText.description')}</th>
                <th scope="col">{t('freeText.requester')}</th>
                <th scope="col">{t('freeText.quantity')}</th>
                <th scope="col">{t('freeText.estimatedUnitPrice')}</th>
                <th scope="col">{t('freeText.supplier')}</th>
                <th scope="col">{t('freeText.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.requests.map((request) => (
                <tr key={request.id} data-testid="free-text-request">
                  <th scope="row">
                    {request.description}
                    <div className="meta">
                      {request.categoryCode && <span>UNSPSC {request.categoryCode}</span>}
                      {request.url && (
                        <a href={request.url} target="_blank" rel="noreferrer noopener">
                          {t('freeText.link')}
                        </a>
                      )}
                      {request.notes && <span>{request.notes}</span>}
                    </div>
                  </th>
                  <td>
                    {request.requester.displayName}
                    <div className="muted">{formatInstant(request.createdAt, language)}</div>
                  </td>
                  <td>
                    {request.quantity ? formatDecimal(request.quantity, language) : '—'}{' '}
                    {t(`units.${request.unitCode}`, { defaultValue: request.unitCode })}
                  </td>
                  <td>
                    {formatMoney(
                      request.estimatedUnitPrice.amount,
                      request.estimatedUnitPrice.currency,
                      language,
                    )}
                  </td>
                  <td>{request.suggestedSupplier?.name ?? '—'}</td>
                  <td>
                    <span className={`badge request-${request.status}`}>
                      {t(`freeText.statuses.${request.status}`)}
                    </span>
                    {request.rejectionReason && <div className="muted">{request.rejectionReason}</div>}
                  </td>
                  <td>
                    {request.status === 'pending' && (
                      <div className="inline-form">
                        <label htmlFor={`${id}-answer-${request.id}`}>{t('freeText.answer')}</label>
                        <input
                          id={`${id}-answer-${request.id}`}
                          value={answers[request.id] ?? ''}
                          onChange={(event) => {
                            const value = event.target.value;
                            setAnswers((a) => ({ ...a, [request.id]: value }));
                          }}
                        />
                        <div className="actions">
                          <button
                            type="button"
                            className="btn"
                            disabled={action.running !== null || !answerOf(request.id)}
                            onClick={() =>
                              void action.run(request.id, async () => {
                                replace(await sourceFreeTextRequest(request.id, answerOf(request.id)));
                                return t('freeText.sourced');
                              })
                            }
                          >
                            {t('freeText.source')}
                          </button>
                          <button
                            type="button"
                            className="btn btn-danger"
                            disabled={action.running !== null || !answerOf(request.id)}
                            onClick={() =>
                              void action.run(request.id, async () => {
                                replace(await rejectFreeTextRequest(request.id, answerOf(request.id)));
                                return t('freeText.rejected');
                              })
                            }
                          >
                            {t('freeText.reject')}
                          </button>
                        </div>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
