// Purchasing's directory filled with the demo organisation as the gateway's events would bring it:
// for tests and benchmarks that run purchasing without a gateway.
import type { PurchasingDatabase } from '@procura/db';
import { demoCostCentres, demoEntities, demoSites, demoUsers } from '@procura/demo-data';
import type { Kysely } from 'kysely';
import {
  recordDirectoryCostCentre,
  recordDirectoryEntity,
  recordDirectoryUser,
} from '../repositories/directory.repository.js';

export async function loadDemoDirectory(db: Kysely<PurchasingDatabase>): Promise<void> {
  const changedAt = '2026-01-01T00:00:00.000Z';
  await db.transaction().execute(async (trx) => {
    for (const [n, e] of demoEntities.entries())
      await recordDirectoryEntity(
        trx,
        {
          entityId: e.id,
          parentEntityId: e.parentEntityId,
          code: e.code,
          legalName: e.legalName,
          legalForm: e.legalForm,
          siren: e.siren,
          siret: e.siret,
          vatNumber: e.vatNumber,
          shareCapital: e.shareCapital,
          registrationCity: e.registrationCity,
          address: { line: e.addressLine, postalCode: e.postalCode, city: e.city, country: e.country },
          currency: e.currency,
          sites: demoSites
            .filter((s) => s.entityId === e.id)
            .map((s) => ({
              siteId: s.id,
              code: s.code,
              name: s.name,
              address: { line: s.addressLine, postalCode: s.postalCode, city: s.city, country: s.country },
            })),
          changedAt,
        },
        `00000000-0000-4000-8000-${String(n + 900).padStart(12, '0')}`,
      );
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
