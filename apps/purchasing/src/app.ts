import type { PurchasingDatabase } from '@procura/db';
import { ApiRoutes, createServiceApp, type Logger, type ReadinessCheck, type VerifyKey } from '@procura/http';
import type { Kysely } from 'kysely';
import { approvalLinkRoutes } from './routes/approval-links.routes.js';
import { approvalRuleRoutes } from './routes/approval-rules.routes.js';
import { budgetRoutes } from './routes/budgets.routes.js';
import { directoryRoutes } from './routes/directory.routes.js';
import { exchangeRateRoutes } from './routes/exchange-rates.routes.js';
import {
  type PurchaseOrderSettings,
  purchaseOrderRoutes,
  supplierOrderRoutes,
} from './routes/purchase-orders.routes.js';
import { requisitionRoutes } from './routes/requisitions.routes.js';
import { supplierStatusRoutes } from './routes/supplier-status.routes.js';
import { termsRoutes } from './routes/terms.routes.js';
import type { ApprovalLinkSettings } from './services/approval-link.service.js';

export interface PurchasingAppDeps {
  db: Kysely<PurchasingDatabase>;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
  /** Approve/reject links in approval e-mails; without them, the e-mails carry none. */
  approvalLinks?: ApprovalLinkSettings | undefined;
  purchaseOrders?: Partial<PurchaseOrderSettings> | undefined;
}

export function createApp(deps: PurchasingAppDeps) {
  const api = new ApiRoutes()
    .use('/purchasing/suppliers', supplierStatusRoutes(deps.db))
    .use('/purchasing/directory', directoryRoutes(deps.db))
    .use('/purchasing/requisitions', requisitionRoutes(deps.db))
    .use('/purchasing/approval-links', approvalLinkRoutes(deps.db, deps.approvalLinks))
    .use('/purchasing/approval-rules', approvalRuleRoutes(deps.db))
    .use('/purchasing', termsRoutes(deps.db))
    .use('/purchasing/exchange-rates', exchangeRateRoutes(deps.db))
    .use('/budgets', budgetRoutes(deps.db))
    .use(
      '/purchase-orders',
      purchaseOrderRoutes(deps.db, {
        overReceiptPercent: deps.purchaseOrders?.overReceiptPercent ?? '5',
        reapprovalPercent: deps.purchaseOrders?.reapprovalPercent ?? '10',
        dispatchNow: deps.purchaseOrders?.dispatchNow,
      }),
    );
  return createServiceApp({
    name: 'purchasing',
    logger: deps.logger,
    identityKey: deps.identityKey,
    readiness: deps.readiness,
    api,
    publicApi: supplierOrderRoutes(
      deps.db,
      deps.approvalLinks && { secret: deps.approvalLinks.secret, publicUrl: deps.approvalLinks.publicUrl },
    ),
  });
}
