// The gateway owns the organisation (entities and sites, people, managers, approval limits, cost
// centres). Other services keep their own copy from these events: each event carries the whole record,
// written in the transaction that changed it (outbox), so a consumer never needs to call back.
import type { IdentityDatabase } from '@procura/db';
import { recordEvent } from '@procura/events';
import { sql, type Transaction } from 'kysely';

/** Announces the user as they are now in this transaction. */
export async function announceUser(
  trx: Transaction<IdentityDatabase>,
  userId: string,
  now: Date,
): Promise<void> {
  const user = await trx
    .selectFrom('identity.app_user as u')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.entity_id',
      'u.site_id',
      'u.manager_user_id',
      'u.approval_limit',
      'u.roles',
      'u.locale',
      'u.active',
      sql<
        string[]
      >`array(select c.cost_centre_id from identity.user_cost_centre c where c.user_id = u.id order by 1)`.as(
        'cost_centre_ids',
      ),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  await recordEvent(trx, 'identity', {
    type: 'identity.user.changed',
    aggregateId: user.id,
    payload: {
      userId: user.id,
      email: user.email,
      displayName: user.display_name,
      entityId: user.entity_id,
      siteId: user.site_id,
      managerUserId: user.manager_user_id,
      approvalLimit: user.approval_limit,
      roles: user.roles,
      costCentreIds: user.cost_centre_ids,
      locale: user.locale,
      active: user.active,
      changedAt: now.toISOString(),
    },
  });
}

/** Announces the cost centre as it is now in this transaction. */
export async function announceCostCentre(
  trx: Transaction<IdentityDatabase>,
  costCentreId: string,
  now: Date,
): Promise<void> {
  const costCentre = await trx
    .selectFrom('identity.cost_centre')
    .selectAll()
    .where('id', '=', costCentreId)
    .executeTakeFirstOrThrow();
  await recordEvent(trx, 'identity', {
    type: 'identity.cost-centre.changed',
    aggregateId: costCentre.id,
    payload: {
      costCentreId: costCentre.id,
      entityId: costCentre.entity_id,
      code: costCentre.code,
      name: { fr: costCentre.name_fr, en: costCentre.name_en },
      managerUserId: costCentre.manager_user_id,
      changedAt: now.toISOString(),
    },
  });
}

/** Announces the entity and its sites as they are now in this transaction. */
export async function announceEntity(
  trx: Transaction<IdentityDatabase>,
  entityId: string,
  now: Date,
): Promise<void> {
  const entity = await trx
    .selectFrom('identity.entity')
    .selectAll()
    .where('id', '=', entityId)
    .executeTakeFirstOrThrow();
  const sites = await trx
    .selectFrom('identity.site')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('code')
    .execute();
  await recordEvent(trx, 'identity', {
    type: 'identity.entity.changed',
    aggregateId: entity.id,
    payload: {
      entityId: entity.id,
      parentEntityId: entity.parent_entity_id,
      code: entity.code,
      legalName: entity.legal_name,
      legalForm: entity.legal_form,
      siren: entity.siren,
      siret: entity.siret,
      vatNumber: entity.vat_number,
      shareCapital: entity.share_capital,
      registrationCity: entity.registration_city,
      address: {
        line: entity.address_line,
        postalCode: entity.postal_code,
        city: entity.city,
        country: entity.country,
      },
      currency: entity.currency,
      sites: sites.map((site) => ({
        siteId: site.id,
        code: site.code,
        name: site.name,
        address: {
          line: site.address_line,
          postalCode: site.postal_code,
          city: site.city,
          country: site.country,
        },
      })),
      changedAt: now.toISOString(),
    },
  });
}
