// The transactional outbox and the idempotency record of consumed events, created in each
// service's schema by that schema's first migration. Frozen: later changes go in new migrations.
import { type Kysely, sql } from 'kysely';

export async function createOutboxTables(db: Kysely<unknown>, schema: string): Promise<void> {
  await sql
    .raw(`
    create table ${schema}.outbox_event (
      id uuid primary key default gen_random_uuid(),
      event_type text not null,
      aggregate_id text not null,
      payload jsonb not null,
      occurred_at timestamptz not null default now(),
      published_at timestamptz,
      publish_attempts integer not null default 0,
      last_error text
    );
    create index outbox_event_unpublished on ${schema}.outbox_event (occurred_at) where published_at is null;

    create table ${schema}.processed_event (
      consumer text not null,
      event_id uuid not null,
      event_type text not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    );
  `)
    .execute(db);
}
