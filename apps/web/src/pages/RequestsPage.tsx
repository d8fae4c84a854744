import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequisitionSummary } from '../api.js';
import { requisitionsPath } from '../api.js';
import { LoadStatus } from '../components/Problem.js';
import { RequisitionTable } from '../components/RequisitionTable.js';
import { type Navigate, requestPagePath } from '../navigation.js';
import { useApiData } from '../use-api-data.js';

/** The person's own purchase requests, each a link to its page. */
export function RequestsPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error } = useApiData<{ requisitions: RequisitionSummary[] }>(requisitionsPath);
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('requests.title')}</h1>
      <p className="intro">{t('requests.intro')}</p>
      {!data ? (
        <LoadStatus error={error} />
      ) : data.requisitions.length === 0 ? (
        <p className="muted">{t('requests.none')}</p>
      ) : (
        <RequisitionTable
          requisitions={data.requisitions}
          pathOf={requestPagePath}
          navigate={navigate}
          testId="my-request"
        />
      )}
    </section>
  );
}
