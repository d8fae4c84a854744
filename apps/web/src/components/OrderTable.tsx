import { useTranslation } from 'react-i18next';
import type { Completion, PurchaseOrderStatus, PurchaseOrderSummary } from '../api.js';
import { formatCalendarDate } from '../dates.js';
import { formatMoney } from '../format.js';
import { type Navigate, orderPagePath } from '../navigation.js';

/** Orders in a table: number (a link to the order), supplier, status, receipt and billing, total, delivery date. */
export function OrderTable({
  orders,
  navigate,
  testId = 'order',
}: {
  orders: PurchaseOrderSummary[];
  navigate: Navigate;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <div className="table-wrap">
      <table className="table" data-testid={`${testId}s`}>
        <thead>
          <tr>
            <th scope="col">{t('orders.number')}</th>
            <th scope="col">{t('orders.supplier')}</th>
            <th scope="col">{t('orders.status')}</th>
            <th scope="col">{t('orders.receipt')}</th>
            <th scope="col">{t('orders.billing')}</th>
            <th scope="col">{t('orders.total')}</th>
            <th scope="col">{t('orders.deliveryDate')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} data-testid={testId}>
              <th scope="row">
                <a
                  href={orderPagePath(o.id)}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(orderPagePath(o.id));
                  }}
                >
                  {o.number ?? t('orders.noNumber')}
                </a>
                {o.revision > 1 && (
                  <span className="muted"> {t('orders.revisionShort', { revision: o.revision })}</span>
                )}
              </th>
              <td>{o.supplier.name}</td>
              <td>
                <OrderStatusBadge status={o.status} />
              </td>
              <td>
                <CompletionBadge kind="receipt" value={o.receiptStatus} />
              </td>
              <td>
                <CompletionBadge kind="billing" value={o.billingStatus} />
              </td>
              <td>{formatMoney(o.total.amount, o.total.currency, language)}</td>
              <td>{formatCalendarDate(o.deliveryDate, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge order-${status}`} data-testid="order-status">
      {t(`orders.statuses.${status}`, { defaultValue: status })}
    </span>
  );
}

/** How much of the order is received, or invoiced: none, partial or full. */
export function CompletionBadge({ kind, value }: { kind: 'receipt' | 'billing'; value: Completion }) {
  const { t } = useTranslation();
  return (
    <span className={`badge completion-${value}`} data-testid={`${kind}-status`}>
      {t(`orders.${kind}Statuses.${value}`, { defaultValue: value })}
    </span>
  );
}
