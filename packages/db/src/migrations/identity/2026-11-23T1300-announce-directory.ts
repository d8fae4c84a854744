import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Services now keep their own directory of people and cost centres from the identity outbox
    -- ('identity.user.changed', 'identity.cost-centre.changed'). Announce everyone who exists
    -- already, in the events' exact shape, so those directories start complete.
    insert into identity.outbox_event (event_type, aggregate_id, payload)
    select 'identity.cost-centre.changed', c.id, jsonb_build_object(
      'costCentreId', c.id, 'entityId', c.entity_id, 'code', c.code,
      'name', jsonb_build_object('fr', c.name_fr, 'en', c.name_en),
      'managerUserId', c.manager_user_id,
      'changedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from identity.cost_centre c;

    insert into identity.outbox_event (event_type, aggregate_id, payload)
    select 'identity.user.changed', u.id, jsonb_build_object(
      'userId', u.id, 'email', u.email, 'displayName', u.display_name, 'entityId', u.entity_id,
      'siteId', u.site_id, 'managerUserId', u.manager_user_id, 'approvalLimit', u.approval_limit::text,
      'roles', to_jsonb(u.roles),
      'costCentreIds', to_jsonb(array(select uc.cost_centre_id from identity.user_cost_centre uc where uc.user_id = u.id order by 1)),
      'locale', u.locale, 'active', u.active,
      'changedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from identity.app_user u;
  `)
    .execute(db);
}
