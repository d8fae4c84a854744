// Purchasing's directory of entities, people and cost centres, kept from the gateway's events. Each event
// carries the whole record; one older than what is stored (events are not ordered across retries)
// changes nothing.
import type { PurchasingDatabase } from '@procura/db';
import { type CurrencyCode, DomainError, parseCurrency } from '@procura/domain';
import type { EventPayload } from '@procura/events';
import { type Kysely, sql, type Transaction } from 'kysely';

export async function recordDirectoryUser(
  trx: Transaction<PurchasingDatabase>,
  user: EventPayload<'identity.user.changed'>,
  eventId: string,
): Promise<void> {
  await trx
    .insertInto('purchasing.directory_user')
    .values({
      user_id: user.userId,
      email: user.email,
      display_name: user.displayName,
      entity_id: user.entityId,
      site_id: user.siteId,
      manager_user_id: user.managerUserId,
      approval_limit: user.approvalLimit,
      roles: user.roles,
      cost_centre_ids: user.costCentreIds,
      locale: user.locale,
      active: user.active,
      changed_at: user.changedAt,
      source_event_id: eventId,
    })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet((eb) => ({
          email: eb.ref('excluded.email'),
          display_name: eb.ref('excluded.display_name'),
          entity_id: eb.ref('excluded.entity_id'),
          site_id: eb.ref('excluded.site_id'),
          manager_user_id: eb.ref('excluded.manager_user_id'),
          approval_limit: eb.ref('excluded.approval_limit'),
          roles: eb.ref('excluded.roles'),
          cost_centre_ids: eb.ref('excluded.cost_centre_ids'),
          locale: eb.ref('excluded.locale'),
          active: eb.ref('excluded.active'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(sql<boolean>`purchasing.directory_user.changed_at <= excluded.changed_at`),
    )
    .execute();
}

export async function recordDirectoryCostCentre(
  trx: Transaction<PurchasingDatabase>,
  costCentre: EventPayload<'identity.cost-centre.changed'>,
  eventId: string,
): Promise<void> {
  await trx
    .insertInto('purchasing.directory_cost_centre')
    .values({
      cost_centre_id: costCentre.costCentreId,
      entity_id: costCentre.entityId,
      code: costCentre.code,
      name_fr: costCentre.name.fr,
      name_en: costCentre.name.en,
      manager_user_id: costCentre.managerUserId,
      changed_at: costCentre.changedAt,
      source_event_id: eventId,
    })
    .onConflict((oc) =>
      oc
        .column('cost_centre_id')
        .doUpdateSet((eb) => ({
          entity_id: eb.ref('excluded.entity_id'),
          code: eb.ref('excluded.code'),
          name_fr: eb.ref('excluded.name_fr'),
          name_en: eb.ref('excluded.name_en'),
          manager_user_id: eb.ref('excluded.manager_user_id'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(sql<boolean>`purchasing.directory_cost_centre.changed_at <= excluded.changed_at`),
    )
    .execute();
}

export interface DirectoryUser {
  userId: string;
  email: string;
  displayName: string;
  entityId: string;
  managerUserId: string | null;
  approvalLimit: string | null;
  roles: string[];
  costCentreIds: string[];
  locale: 'fr' | 'en';
  active: boolean;
}

/** The people of an entity, as purchasing knows them (the approval chain is planned from these). */
export async function directoryUsers(
  db: Kysely<PurchasingDatabase>,
  entityId: string,
): Promise<DirectoryUser[]> {
  const rows = await db
    .selectFrom('purchasing.directory_user')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('display_name')
    .execute();
  return rows.map((u) => ({
    userId: u.user_id,
    email: u.email,
    displayName: u.display_name,
    entityId: u.entity_id,
    managerUserId: u.manager_user_id,
    approvalLimit: u.approval_limit,
    roles: u.roles,
    costCentreIds: u.cost_centre_ids,
    locale: u.locale,
    active: u.active,
  }));
}

export async function recordDirectoryEntity(
  trx: Transaction<PurchasingDatabase>,
  entity: EventPayload<'identity.entity.changed'>,
  eventId: string,
): Promise<void> {
  await trx
    .insertInto('purchasing.directory_entity')
    .values({
      entity_id: entity.entityId,
      parent_entity_id: entity.parentEntityId,
      code: entity.code,
      legal_name: entity.legalName,
      legal_form: entity.legalForm,
      siren: entity.siren,
      siret: entity.siret,
      vat_number: entity.vatNumber,
      share_capital: entity.shareCapital,
      registration_city: entity.registrationCity,
      address: JSON.stringify(entity.address),
      currency: entity.currency,
      sites: JSON.stringify(entity.sites),
      changed_at: entity.changedAt,
      source_event_id: eventId,
    })
    .onConflict((oc) =>
      oc
        .column('entity_id')
        .doUpdateSet((eb) => ({
          parent_entity_id: eb.ref('excluded.parent_entity_id'),
          code: eb.ref('excluded.code'),
          legal_name: eb.ref('excluded.legal_name'),
          legal_form: eb.ref('excluded.legal_form'),
          siren: eb.ref('excluded.siren'),
          siret: eb.ref('excluded.siret'),
          vat_number: eb.ref('excluded.vat_number'),
          share_capital: eb.ref('excluded.share_capital'),
          registration_city: eb.ref('excluded.registration_city'),
          address: eb.ref('excluded.address'),
          currency: eb.ref('excluded.currency'),
          sites: eb.ref('excluded.sites'),
          changed_at: eb.ref('excluded.changed_at'),
          source_event_id: eb.ref('excluded.source_event_id'),
        }))
        .where(sql<boolean>`purchasing.directory_entity.changed_at <= excluded.changed_at`),
    )
    .execute();
}

/** The entity's currency, as last announced; DomainError `entity_unknown` before any announcement. */
export async function entityCurrency(
  db: Kysely<PurchasingDatabase>,
  entityId: string,
): Promise<CurrencyCode> {
  const entity = await db
    .selectFrom('purchasing.directory_entity')
    .select('currency')
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  if (!entity)
    throw new DomainError(
      'entity_unknown',
      `Entity ${entityId} is not known to purchasing yet: the directory has not received it. Try again in a moment.`,
    );
  return parseCurrency(entity.currency);
}
