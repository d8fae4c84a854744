import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Two budget lines of one entity, cost centre and category may not share a day (a month and the
    -- quarter holding it): a request would not know which one it draws on. This also keeps a key once.
    -- btree_gist is "trusted": the database owner may create it without superuser rights.
    create extension if not exists btree_gist with schema public;
    alter table purchasing.budget_line add constraint budget_line_no_overlap exclude using gist (
      entity_id with =,
      cost_centre_id with =,
      budget_category with =,
      daterange(period_start, period_end, '[]') with &&
    );

    -- Budget files imported: who, when, which file (name and SHA-256) and what it did.
    create table purchasing.budget_import (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null,
      imported_by uuid not null,
      imported_by_name text not null,
      imported_at timestamptz not null default now(),
      file_name text not null check (length(file_name) between 1 and 255),
      file_sha256 char(64) not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
      row_count integer not null check (row_count >= 1),
      new_count integer not null check (new_count >= 0),
      changed_count integer not null check (changed_count >= 0),
      unchanged_count integer not null check (unchanged_count >= 0),
      check (new_count + changed_count + unchanged_count = row_count)
    );
    create index budget_import_entity on purchasing.budget_import (entity_id, imported_at desc);

    -- Every budget line's entry and each change of its amount or policy, by hand or by an import:
    -- who, when, before and after. Append-only; the ledger is never touched by these changes.
    create table purchasing.budget_line_change (
      id bigint generated always as identity primary key,
      budget_line_id uuid not null references purchasing.budget_line (id),
      kind text not null check (kind in ('entered', 'changed')),
      changed_by uuid not null,
      changed_by_name text not null,
      changed_at timestamptz not null default now(),
      budget_import_id uuid references purchasing.budget_import (id),
      amount_before numeric(19, 2),
      amount_after numeric(19, 2) not null check (amount_after >= 0),
      policy_before text check (policy_before in ('stop', 'warn', 'ignore')),
      policy_after text not null check (policy_after in ('stop', 'warn', 'ignore')),
      check ((kind = 'entered') = (amount_before is null and policy_before is null))
    );
    create index budget_line_change_line on purchasing.budget_line_change (budget_line_id, id);
    create trigger budget_line_change_append_only before update or delete on purchasing.budget_line_change
      for each row execute function purchasing.refuse_change();
    create trigger budget_import_append_only before update or delete on purchasing.budget_import
      for each row execute function purchasing.refuse_change();
  `)
    .execute(db);
}
