import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  issuePurchaseOrders,
  type Me,
  type PurchaseOrderSummary,
  purchaseOrdersQuery,
  type Requisition,
} from '../api.js';
import type { Navigate } from '../navigation.js';
import { mayIssueFrom } from '../purchase-orders.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';
import { OrderTable } from './OrderTable.js';
import { LoadStatus, ProblemAlert } from './Problem.js';

/** Why ordering may be refused, explained in the reader's language before the API's detail. */
const issueRefusals = ['terms_not_in_force', 'supplier_not_orderable', 'nothing_to_order'];

/**
 * The orders made from a request, and for a buyer of an approved request the button that orders
 * it: one order per supplier, each then listed with its number. `onIssued` lets the page read the
 * request again (it is now ordered).
 */
export function RequestOrders({
  requisition,
  me,
  navigate,
  onIssued,
}: {
  requisition: Requisition;
  me: Me;
  navigate: Navigate;
  onIssued: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [version, setVersion] = useState(0);
  const query = `${purchaseOrdersQuery({ requisitionId: requisition.id })}&v=${version}`;
  const { data, error } = useApiData<{ purchaseOrders: PurchaseOrderSummary[] }>(query);
  const action = useAction();
  // One key per attempt to order: a double click, or a retry after a lost answer, orders once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const mayIssue = mayIssueFrom(requisition.status, me);
  const orders = data?.purchaseOrders ?? [];
  if (!mayIssue && data && orders.length === 0) return null;

  function issue() {
    void action.run('issue', async () => {
      const issued = await issuePurchaseOrders([requisition.id], key);
      setKey(crypto.randomUUID());
      setVersion((v) => v + 1);
      onIssued();
      const numbers = issued.purchaseOrders.map((o) => o.number ?? '').join(', ');
      const notice = t('orders.fromRequest.issued', { count: issued.purchaseOrders.length, numbers });
      return issued.skipped.length > 0
        ? `${notice} ${t('orders.fromRequest.skipped', { count: issued.skipped.length })}`
        : notice;
    });
  }

  return (
    <section aria-labelledby={`${id}-orders`} className="panel" data-testid="request-orders">
      <h2 id={`${id}-orders`}>{t('orders.fromRequest.title')}</h2>
      {mayIssue && (
        <>
          <p className="muted">{t('orders.fromRequest.intro')}</p>
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={action.running !== null}
              onClick={issue}
            >
              {t('orders.fromRequest.issue')}
            </button>
          </div>
        </>
      )}
      {action.notice && (
        <p role="status" className="notice" data-testid="orders-issued">
          {action.notice}
        </p>
      )}
      {action.problem &&
        (issueRefusals.includes(action.problem.code) ? (
          <div role="alert" className="problem" data-testid="issue-refused">
            <p>
              <strong>{t(`orders.fromRequest.refusals.${action.problem.code}`)}</strong>
            </p>
            <p>{action.problem.message}</p>
          </div>
        ) : (
          <ProblemAlert problem={action.problem} />
        ))}
      {!data ? (
        <LoadStatus error={error} />
      ) : orders.length === 0 ? (
        <p className="muted">{t('orders.fromRequest.none')}</p>
      ) : (
        <OrderTable orders={orders} navigate={navigate} testId="request-order" />
      )}
    </section>
  );
}
