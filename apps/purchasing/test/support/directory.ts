// Fills purchasing's directory with the demo organisation, as the gateway's events would.
import type { PurchasingDatabase } from '@procura/db';
import { demoCostCentres, demoUsers } from '@procura/demo-data';
import type { Kysely } from 'kysely';
import {
  recordDirectoryCostCentre,
  recordDirectoryUser,
} from '../../src/repositories/directory.repository.js';

export async function loadDemoDirectory(db: Kysely<PurchasingDatabase>): Promise<void> {
  const changedAt = '2026-01-01T00:00:00.000Z';
  await db.transaction().execute(async (trx) => {
    for (const [n, c] of demoCostCentres.entries())
      await recordDirectoryCostCentre(
        trx,
        {
          costCentreId: c.id,
          entityId: c.entityId,
          code: c.code,
          name: { fr: c.nameFr, en: c.nameEn },
          managerUserId: c.managerUserId,
          changedAt,
        },
        `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`,
      );
    for (const [n, u] of demoUsers.entries())
      await recordDirectoryUser(
        trx,
        {
          userId: u.id,
          email: u.email,
          displayName: u.displayName,
          entityId: u.entityId,
          siteId: u.siteId,
          managerUserId: u.managerUserId,
          approvalLimit: u.approvalLimit,
          roles: [...u.roles],
          costCentreIds: [...u.costCentreIds],
          locale: u.locale,
          active: true,
          changedAt,
        },
        `00000000-0000-4000-8000-${String(n + 100).padStart(12, '0')}`,
      );
  });
}
