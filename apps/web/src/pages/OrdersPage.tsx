import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Me,
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
  purchaseOrderStatuses,
  purchaseOrdersQuery,
  type RequisitionSummary,
  requisitionsToOrderPath,
} from '../api.js';
import { OrderTable } from '../components/OrderTable.js';
import { LoadStatus } from '../components/Problem.js';
import { RequisitionTable } from '../components/RequisitionTable.js';
import { type Navigate, requestPagePath } from '../navigation.js';
import { useApiData } from '../use-api-data.js';

/**
 * The purchase orders the person may read, newest first: a buyer, finance or an auditor sees the
 * entity's, a requester those of their requests, a manager those charged to their cost centres.
 */
export function OrdersPage({ me, navigate }: { me: Me; navigate: Navigate }) {
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
      {me.roles.some((r) => r === 'buyer' || r === 'administrator') && <ToOrder navigate={navigate} />}
    </section>
  );
}

/** The buyers' queue: approved requests with lines still to order, each opening on "Passer commande". */
function ToOrder({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error } = useApiData<{ requisitions: RequisitionSummary[] }>(requisitionsToOrderPath);
  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('orders.toOrderTitle')}</h2>
      {!data ? (
        <LoadStatus error={error} />
      ) : data.requisitions.length === 0 ? (
        <p className="muted">{t('orders.toOrderNone')}</p>
      ) : (
        <RequisitionTable
          requisitions={data.requisitions}
          pathOf={requestPagePath}
          navigate={navigate}
          testId="requests-to-order"
        />
      )}
    </section>
  );
}
