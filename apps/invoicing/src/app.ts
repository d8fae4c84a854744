import type { InvoicingDatabase } from '@procura/db';
import type { EInvoiceLimits } from '@procura/einvoice';
import { ApiRoutes, createServiceApp, type Logger, type ReadinessCheck, type VerifyKey } from '@procura/http';
import type { Kysely } from 'kysely';
import { invoiceExceptionRoutes } from './routes/invoice-exceptions.routes.js';
import { invoiceRoutes } from './routes/invoices.routes.js';
import { paymentRunRoutes } from './routes/payment-runs.routes.js';
import { toleranceRuleRoutes } from './routes/tolerance-rules.routes.js';

export interface InvoicingAppDeps {
  db: Kysely<InvoicingDatabase>;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
  /** How large and deep an e-invoice may be (defaults: 10 MiB, 64 levels, 250,000 elements). */
  intakeLimits?: Partial<EInvoiceLimits> | undefined;
}

export function createApp(deps: InvoicingAppDeps) {
  const api = new ApiRoutes()
    .use('/invoices/tolerance-rules', toleranceRuleRoutes(deps.db))
    .use('/invoices', paymentRunRoutes(deps.db))
    // The queue, the lifecycle feed and the actions first: /invoices/exceptions is not an invoice id.
    .use('/invoices', invoiceExceptionRoutes(deps.db))
    .use('/invoices', invoiceRoutes(deps.db, { limits: deps.intakeLimits }));
  return createServiceApp({
    name: 'invoicing',
    logger: deps.logger,
    identityKey: deps.identityKey,
    readiness: deps.readiness,
    api,
    // The intake keeps the file as sent, a JSON invoice too: its route reads the bytes itself.
    rawBodyPaths: ['/invoices'],
  });
}
