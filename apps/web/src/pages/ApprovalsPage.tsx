import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { awaitingMyApprovalPath, type RequisitionSummary } from '../api.js';
import { LoadStatus } from '../components/Problem.js';
import { RequisitionTable } from '../components/RequisitionTable.js';
import { approvalPagePath, type Navigate, noticeLeftInHistory } from '../navigation.js';
import { useApiData } from '../use-api-data.js';

/** The requests awaiting the person's decision (or that of someone who delegated to them). */
export function ApprovalsPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error } = useApiData<{ requisitions: RequisitionSummary[] }>(awaitingMyApprovalPath);
  // A decision just made leaves its confirmation in the history entry.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const left = noticeLeftInHistory();
    if (!left) return;
    setNotice(left);
    window.history.replaceState(null, '');
  }, []);
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('approvals.title')}</h1>
      <p className="intro">{t('approvals.intro')}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {!data ? (
        <LoadStatus error={error} />
      ) : data.requisitions.length === 0 ? (
        <p className="muted">{t('approvals.none')}</p>
      ) : (
        <RequisitionTable
          requisitions={data.requisitions}
          pathOf={approvalPagePath}
          navigate={navigate}
          testId="awaiting-request"
        />
      )}
    </section>
  );
}
