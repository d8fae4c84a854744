import type { InvoicingDatabase } from '@procura/db';
import { ApiRoutes, createServiceApp, type Logger, type ReadinessCheck, type VerifyKey } from '@procura/http';
import type { Kysely } from 'kysely';

export interface InvoicingAppDeps {
  db: Kysely<InvoicingDatabase>;
  logger: Logger;
  identityKey: VerifyKey;
  readiness: ReadinessCheck[];
}

/** Invoice intake and matching come with their own issue; the service runs, migrates and reports readiness. */
export function createApp(deps: InvoicingAppDeps) {
  return createServiceApp({
    name: 'invoicing',
    logger: deps.logger,
    identityKey: deps.identityKey,
    readiness: deps.readiness,
    api: new ApiRoutes(),
  });
}
