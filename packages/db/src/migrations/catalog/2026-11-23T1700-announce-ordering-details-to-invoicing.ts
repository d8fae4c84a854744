import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Invoicing now recognises the sellers of invoices from the suppliers' ordering details (its
    -- queue invoicing.suppliers). Announce again the latest details of every supplier that were
    -- already published before that queue existed; on a new installation nothing is published
    -- yet when migrations run, and the announcements on their way reach invoicing too.
    insert into catalog.outbox_event (event_type, aggregate_id, payload)
    select distinct on (aggregate_id) event_type, aggregate_id, payload
    from catalog.outbox_event
    where event_type = 'catalog.supplier.ordering-details' and published_at is not null
    order by aggregate_id, occurred_at desc;
  `)
    .execute(db);
}
