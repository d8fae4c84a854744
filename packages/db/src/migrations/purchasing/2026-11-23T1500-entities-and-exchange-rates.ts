import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- The buying entities as the gateway last announced them (identity.entity.changed): their
    -- currency, in which thresholds, approval limits, budgets and the ledger count, and the legal
    -- mentions and sites their orders print.
    create table purchasing.directory_entity (
      entity_id uuid primary key,
      parent_entity_id uuid,
      code text not null,
      legal_name text not null,
      legal_form text not null,
      siren text,
      siret text,
      vat_number text,
      share_capital numeric(19, 2),
      registration_city text,
      address jsonb not null,
      currency char(3) not null,
      sites jsonb not null default '[]',
      changed_at timestamptz not null,
      source_event_id uuid not null
    );

    -- Exchange rates the finance team records: one unit of from_currency is worth rate units of
    -- to_currency from effective_on until a later rate. Append-only: a correction for the same day
    -- is a newer row (the latest recorded wins), so what a past conversion used stays readable.
    create table purchasing.exchange_rate (
      id uuid primary key default gen_random_uuid(),
      from_currency char(3) not null,
      to_currency char(3) not null check (to_currency <> from_currency),
      rate numeric(28, 10) not null check (rate > 0),
      effective_on date not null,
      recorded_by uuid not null,
      recorded_by_name text not null,
      recorded_at timestamptz not null default clock_timestamp(),
      note text
    );
    create index exchange_rate_pair on purchasing.exchange_rate
      (from_currency, to_currency, effective_on desc, recorded_at desc);

    -- What a submitted request was counted at: the entity's currency and the rate used (1 when the
    -- request is in that currency), so approvals, the budget check and the ledger agree.
    alter table purchasing.requisition
      add column entity_currency char(3),
      add column exchange_rate numeric(28, 10) check (exchange_rate > 0),
      add column exchange_rate_on date,
      add constraint requisition_rate_whole
        check ((entity_currency is null) = (exchange_rate is null));
  `)
    .execute(db);
}
