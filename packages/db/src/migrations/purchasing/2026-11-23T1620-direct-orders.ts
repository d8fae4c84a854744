import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- A buyer's direct order: a request the buyer makes, which goes through the same approval
    -- rules as any other and is issued as orders as soon as it is approved.
    alter table purchasing.requisition add column direct_order boolean not null default false;
  `)
    .execute(db);
}
