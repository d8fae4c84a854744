import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Where a supplier sends and receives e-invoices (a Peppol endpoint: ISO 6523 scheme and id),
    -- announced with its ordering details so invoicing recognises the seller of an invoice by it.
    alter table catalog.supplier
      add column electronic_address_scheme text check (electronic_address_scheme ~ '^[0-9]{4}$'),
      add column electronic_address text check (length(btrim(electronic_address)) > 0),
      add check ((electronic_address is null) = (electronic_address_scheme is null));
  `)
    .execute(db);
}
