import { useTranslation } from 'react-i18next';
import type { RequisitionSummary } from '../api.js';
import { formatInstant } from '../dates.js';
import { formatMoney } from '../format.js';
import type { Navigate } from '../navigation.js';

/** Requests in a table: number (a link to the request), title, status, total, requester and dates. */
export function RequisitionTable({
  requisitions,
  pathOf,
  navigate,
  testId,
}: {
  requisitions: RequisitionSummary[];
  pathOf: (id: string) => string;
  navigate: Navigate;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const day = (iso: string | null) => (iso ? formatInstant(iso, language) : '—');
  return (
    <div className="table-wrap">
      <table className="table" data-testid={`${testId}s`}>
        <thead>
          <tr>
            <th scope="col">{t('requests.number')}</th>
            <th scope="col">{t('requests.requestTitle')}</th>
            <th scope="col">{t('requests.status')}</th>
            <th scope="col">{t('requests.total')}</th>
            <th scope="col">{t('requests.requester')}</th>
            <th scope="col">{t('requests.createdAt')}</th>
            <th scope="col">{t('requests.submittedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {requisitions.map((r) => (
            <tr key={r.id} data-testid={testId}>
              <th scope="row">
                <a
                  href={pathOf(r.id)}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(pathOf(r.id));
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
              <td>{day(r.createdAt)}</td>
              <td>{day(r.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge requisition-${status}`} data-testid="requisition-status">
      {t(`requests.statuses.${status}`, { defaultValue: status })}
    </span>
  );
}
