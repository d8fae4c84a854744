import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
  purchaseOrderStatuses,
  purchaseOrdersQuery,
} from '../api.js';
import { OrderTable } from '../components/OrderTable.js';
import { LoadStatus } from '../components/Problem.js';
import type { Navigate } from '../navigation.js';
import { useApiData } from '../use-api-data.js';

/**
 * The purchase orders the person may read, newest first: a buyer, finance or an auditor sees the
 * entity's, a requester those of their requests, a manager those charged to their cost centres.
 */
export function OrdersPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const { data, error } = useApiData<{ purchaseOrders: PurchaseOrderSummary[] }>(
    purchaseOrdersQuery({ status }),
  );
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('orders.title')}</h1>
      <p className="intro">{t('orders.intro')}</p>
      <search className="inline-form" aria-label={t('orders.filter')}>
        <label htmlFor={`${id}-status`}>{t('orders.status')}</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => setStatus(event.target.value as PurchaseOrderStatus | '')}
        >
          <option value="">{t('orders.allStatuses')}</option>
          {purchaseOrderStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`orders.statuses.${s}`)}
            </option>
          ))}
        </select>
      </search>
      {!data ? (
        <LoadStatus error={error} />
      ) : data.purchaseOrders.length === 0 ? (
        <p className="muted" data-testid="no-orders">
          {status ? t('orders.noneWithStatus') : t('orders.none')}
        </p>
      ) : (
        <OrderTable orders={data.purchaseOrders} navigate={navigate} />
      )}
    </section>
  );
}
