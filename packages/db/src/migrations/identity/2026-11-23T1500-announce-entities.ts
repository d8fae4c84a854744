import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Services now keep their own copy of the buying entities and their sites
    -- ('identity.entity.changed'): purchasing converts amounts to the entity's currency and prints
    -- its legal mentions on orders. Announce the entities that exist already, in the event's shape.
    insert into identity.outbox_event (event_type, aggregate_id, payload)
    select 'identity.entity.changed', e.id, jsonb_build_object(
      'entityId', e.id, 'parentEntityId', e.parent_entity_id, 'code', e.code,
      'legalName', e.legal_name, 'legalForm', e.legal_form, 'siren', e.siren, 'siret', e.siret,
      'vatNumber', e.vat_number, 'shareCapital', e.share_capital::text,
      'registrationCity', e.registration_city,
      'address', jsonb_build_object('line', e.address_line, 'postalCode', e.postal_code,
        'city', e.city, 'country', e.country),
      'currency', e.currency,
      'sites', coalesce((
        select jsonb_agg(jsonb_build_object('siteId', s.id, 'code', s.code, 'name', s.name,
          'address', jsonb_build_object('line', s.address_line, 'postalCode', s.postal_code,
            'city', s.city, 'country', s.country)) order by s.code)
        from identity.site s where s.entity_id = e.id), '[]'::jsonb),
      'changedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from identity.entity e;
  `)
    .execute(db);
}
