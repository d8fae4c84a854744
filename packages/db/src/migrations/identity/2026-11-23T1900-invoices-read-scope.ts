import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- invoices:read: an e-invoicing platform connector reads invoices and their lifecycle statuses
    -- (to report them under the French reform) without being allowed to post invoices.
    alter table identity.api_token drop constraint api_token_scopes_check;
    alter table identity.api_token add constraint api_token_scopes_check check (
      cardinality(scopes) > 0
      and scopes <@ array['read', 'catalog:write', 'invoices:read', 'invoices:write']::text[]
    );
  `)
    .execute(db);
}
