import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Purchasing now prints and sends orders from the suppliers' approved ordering details
    -- ('catalog.supplier.ordering-details'). Announce those of the active suppliers, in the event's
    -- shape: the ordering address, else the registered office, else the supplier's own address.
    insert into catalog.outbox_event (event_type, aggregate_id, payload)
    select 'catalog.supplier.ordering-details', s.id, jsonb_build_object(
      'supplierId', s.id, 'name', s.name, 'legalForm', s.legal_form, 'siren', s.siren,
      'siret', s.siret, 'vatNumber', s.vat_number,
      'address', coalesce(
        (select jsonb_build_object('line', concat_ws(', ', a.line1, a.line2), 'postalCode', a.postal_code,
           'city', a.city, 'country', a.country)
         from catalog.supplier_address a
         where a.supplier_id = s.id and a.kind in ('ordering', 'registered_office')
         order by (a.kind = 'ordering') desc, a.position limit 1),
        jsonb_build_object('line', coalesce(s.address_line, s.name), 'postalCode', coalesce(s.postal_code, ''),
          'city', coalesce(s.city, '—'), 'country', s.country)),
      'language', coalesce(
        (select l from unnest(s.languages) l where l in ('fr', 'en') limit 1),
        case when s.country = 'FR' then 'fr' else 'en' end),
      'paymentTermsDays', s.payment_terms_days,
      'orderEmail', s.order_email,
      'contact', case when s.contact_name is null then null else jsonb_build_object(
        'name', s.contact_name, 'email', s.contact_email, 'phone', s.contact_phone) end,
      'approvedAt', to_char(coalesce(s.approved_at, now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from catalog.supplier s
    where s.status = 'active';
  `)
    .execute(db);
}
