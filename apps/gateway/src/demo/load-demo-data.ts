import type { IdentityDatabase } from '@procura/db';
import { demoCostCentres, demoEntities, demoGroup, demoSites, demoUsers } from '@procura/demo-data';
import type { Logger } from '@procura/http';
import { type Kysely, sql } from 'kysely';
import { announceCostCentre, announceEntity, announceUser } from '../services/directory-events.js';

/**
 * Loads the demo group, entities, sites, users and cost centres into an empty identity schema.
 * Runs once: a schema that already holds the group is left alone.
 */
export async function loadDemoData(db: Kysely<IdentityDatabase>, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('procura.identity.demo-data'))`.execute(trx);
    if (await trx.selectFrom('identity.company_group').select('id').limit(1).executeTakeFirst()) return;

    await trx
      .insertInto('identity.company_group')
      .values({ id: demoGroup.id, name: demoGroup.name })
      .execute();
    // Parents first: the subsidiary refers to its parent entity.
    const entities = [...demoEntities].sort(
      (a, b) => Number(a.parentEntityId !== null) - Number(b.parentEntityId !== null),
    );
    for (const e of entities) {
      await trx
        .insertInto('identity.entity')
        .values({
          id: e.id,
          group_id: e.groupId,
          parent_entity_id: e.parentEntityId,
          code: e.code,
          legal_name: e.legalName,
          legal_form: e.legalForm,
          siren: e.siren,
          siret: e.siret,
          vat_number: e.vatNumber,
          share_capital: e.shareCapital,
          registration_city: e.registrationCity,
          address_line: e.addressLine,
          postal_code: e.postalCode,
          city: e.city,
          country: e.country,
          currency: e.currency,
        })
        .execute();
    }
    await trx
      .insertInto('identity.site')
      .values(
        demoSites.map((s) => ({
          id: s.id,
          entity_id: s.entityId,
          code: s.code,
          name: s.name,
          address_line: s.addressLine,
          postal_code: s.postalCode,
          city: s.city,
          country: s.country,
        })),
      )
      .execute();
    // Users refer to their managers: insert without, then link.
    await trx
      .insertInto('identity.app_user')
      .values(
        demoUsers.map((u) => ({
          id: u.id,
          email: u.email,
          display_name: u.displayName,
          roles: [...u.roles],
          entity_id: u.entityId,
          site_id: u.siteId,
          manager_user_id: null,
          locale: u.locale,
          approval_limit: u.approvalLimit,
        })),
      )
      .execute();
    for (const u of demoUsers.filter((user) => user.managerUserId)) {
      await trx
        .updateTable('identity.app_user')
        .set({ manager_user_id: u.managerUserId })
        .where('id', '=', u.id)
        .execute();
    }
    await trx
      .insertInto('identity.cost_centre')
      .values(
        demoCostCentres.map((c) => ({
          id: c.id,
          entity_id: c.entityId,
          code: c.code,
          name_fr: c.nameFr,
          name_en: c.nameEn,
          manager_user_id: c.managerUserId,
        })),
      )
      .execute();
    await trx
      .insertInto('identity.user_cost_centre')
      .values(
        demoUsers.flatMap((u) =>
          u.costCentreIds.map((costCentreId) => ({ user_id: u.id, cost_centre_id: costCentreId })),
        ),
      )
      .execute();
    const now = new Date();
    for (const e of demoEntities) await announceEntity(trx, e.id, now);
    for (const c of demoCostCentres) await announceCostCentre(trx, c.id, now);
    for (const u of demoUsers) await announceUser(trx, u.id, now);
    logger.info({ users: demoUsers.length, entities: demoEntities.length }, 'demo organisation loaded');
  });
}
