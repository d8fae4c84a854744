import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Numbers per entity, kind and year, handed out under a row lock in the transaction that uses
    -- them: no gaps, no duplicates (REQ-2026-000123, and purchase orders later).
    create table purchasing.document_counter (
      entity_id uuid not null,
      kind text not null check (kind in ('requisition', 'purchase_order')),
      year integer not null check (year between 2000 and 2999),
      last_value integer not null check (last_value >= 0),
      primary key (entity_id, kind, year)
    );

    -- Purchase requests (requisitions). The amount approved is the amount of a version: any change
    -- that matters after approval (amount up, supplier, cost centre) starts a new approval round.
    create table purchasing.requisition (
      id uuid primary key default gen_random_uuid(),
      number text not null,
      entity_id uuid not null,
      requester_user_id uuid not null,
      requester_name text not null,
      title text not null check (length(title) between 3 and 200),
      justification text,
      currency char(3) not null,
      total numeric(19, 2) not null check (total >= 0),
      status text not null default 'draft' check (status in
        ('draft', 'submitted', 'in_approval', 'approved', 'rejected', 'withdrawn', 'partly_ordered', 'ordered')),
      -- Bumped at each change of the request; the approval round records the version it approves.
      version integer not null default 1 check (version >= 1),
      approval_round integer not null default 0 check (approval_round >= 0),
      over_budget boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      decided_at timestamptz,
      unique (entity_id, number),
      check (status <> 'draft' or submitted_at is null),
      check (status in ('draft', 'withdrawn') or submitted_at is not null)
    );
    create index requisition_requester on purchasing.requisition (requester_user_id, created_at desc);
    create index requisition_entity_status on purchasing.requisition (entity_id, status);

    create table purchasing.requisition_line (
      id uuid primary key default gen_random_uuid(),
      requisition_id uuid not null references purchasing.requisition (id) on delete cascade,
      line_no integer not null check (line_no >= 1),
      source text not null check (source in ('catalog', 'free_text')),
      catalog_item_id uuid,
      free_text_request_id uuid,
      supplier_id uuid,
      supplier_name text,
      description text not null check (length(description) between 1 and 500),
      category_code text not null check (category_code ~ '^[0-9]{8}$'),
      quantity numeric(19, 4) not null check (quantity > 0),
      unit_code text not null,
      unit_price numeric(19, 4) not null check (unit_price >= 0),
      amount numeric(19, 2) not null check (amount >= 0),
      vat_rate numeric(5, 2) not null check (vat_rate between 0 and 100),
      cost_centre_id uuid not null,
      budget_category text not null check (length(budget_category) between 1 and 40),
      delivery_site_id uuid,
      wished_date date,
      unique (requisition_id, line_no),
      check ((source = 'catalog') = (catalog_item_id is not null)),
      check ((source = 'free_text') = (free_text_request_id is not null))
    );
    create index requisition_line_requisition on purchasing.requisition_line (requisition_id);

    -- What happened to a request, in order, for its timeline: submitted, step approved by X (on
    -- behalf of Y), rejected, restarted, withdrawn, ordered. Append-only.
    create table purchasing.requisition_event (
      id bigint generated always as identity primary key,
      requisition_id uuid not null references purchasing.requisition (id) on delete cascade,
      kind text not null,
      actor_user_id uuid,
      actor_name text,
      on_behalf_of_user_id uuid,
      on_behalf_of_name text,
      comment text,
      details jsonb not null default '{}',
      occurred_at timestamptz not null default now()
    );
    create index requisition_event_requisition on purchasing.requisition_event (requisition_id, id);

    -- Approval rules as an administrator edits them: evaluated by the domain in 'position' order.
    create table purchasing.approval_rule (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid,
      name text not null check (length(name) between 1 and 200),
      position integer not null,
      kind text not null check (kind in ('blocking', 'warning')),
      active boolean not null default true,
      conditions jsonb not null default '{}',
      approvers jsonb not null,
      mode text not null check (mode in ('any', 'all')),
      updated_by uuid not null,
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index approval_rule_entity on purchasing.approval_rule (entity_id, position);

    -- The chain planned for one round of one request: steps run in order.
    create table purchasing.approval_step (
      id uuid primary key default gen_random_uuid(),
      requisition_id uuid not null references purchasing.requisition (id) on delete cascade,
      round integer not null check (round >= 1),
      step_index integer not null check (step_index >= 0),
      kind text not null check (kind in ('blocking', 'warning')),
      mode text not null check (mode in ('any', 'all')),
      rule_id uuid,
      label text not null,
      explanation text not null,
      approver_user_ids uuid[] not null check (cardinality(approver_user_ids) >= 1),
      status text not null check (status in ('waiting', 'pending', 'approved', 'rejected', 'cancelled')),
      activated_at timestamptz,
      completed_at timestamptz,
      reminded_at timestamptz,
      escalated_at timestamptz,
      unique (requisition_id, round, step_index)
    );
    create index approval_step_pending on purchasing.approval_step using gin (approver_user_ids) where status = 'pending';

    -- Each approver's decision on a step: one per approver and step, whoever clicked (a delegate
    -- clicks on behalf of the approver).
    create table purchasing.approval_decision (
      id uuid primary key default gen_random_uuid(),
      step_id uuid not null references purchasing.approval_step (id) on delete cascade,
      approver_user_id uuid not null,
      actor_user_id uuid not null,
      outcome text not null check (outcome in ('approved', 'rejected')),
      comment text,
      decided_at timestamptz not null default now(),
      unique (step_id, approver_user_id)
    );

    -- Budget lines: entity x cost centre x budget category x period, each with its policy.
    create table purchasing.budget_line (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null,
      cost_centre_id uuid not null,
      budget_category text not null check (length(budget_category) between 1 and 40),
      period_kind text not null check (period_kind in ('month', 'quarter', 'fiscal_year')),
      period_key text not null,
      period_start date not null,
      period_end date not null,
      amount numeric(19, 2) not null check (amount >= 0),
      currency char(3) not null,
      policy text not null check (policy in ('stop', 'warn', 'ignore')),
      created_by uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (period_end >= period_start),
      unique (entity_id, cost_centre_id, budget_category, period_key)
    );
    create index budget_line_cost_centre on purchasing.budget_line (cost_centre_id, period_start);

    -- The commitment ledger: every request, order, receipt and invoice moves amounts between
    -- buckets as signed deltas. Append-only; every figure shown is a sum over it.
    create table purchasing.commitment_entry (
      id bigint generated always as identity primary key,
      budget_line_id uuid references purchasing.budget_line (id),
      entity_id uuid not null,
      cost_centre_id uuid not null,
      budget_category text not null,
      document_kind text not null check (document_kind in ('requisition', 'purchase_order', 'receipt', 'invoice')),
      document_id uuid not null,
      document_line_id uuid,
      movement text not null,
      requested numeric(19, 2) not null default 0,
      committed numeric(19, 2) not null default 0,
      received numeric(19, 2) not null default 0,
      invoiced numeric(19, 2) not null default 0,
      paid numeric(19, 2) not null default 0,
      currency char(3) not null,
      occurred_on date not null,
      recorded_at timestamptz not null default now()
    );
    create index commitment_entry_budget_line on purchasing.commitment_entry (budget_line_id);
    create index commitment_entry_document on purchasing.commitment_entry (document_id);
    create index commitment_entry_cost_centre on purchasing.commitment_entry (cost_centre_id, occurred_on);

    create function purchasing.refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
    end $$;
    create trigger commitment_entry_append_only before update or delete on purchasing.commitment_entry
      for each row execute function purchasing.refuse_change();
    create trigger requisition_event_append_only before update on purchasing.requisition_event
      for each row execute function purchasing.refuse_change();

    -- Retried writes: the first answer to a (user, Idempotency-Key) is kept and given again.
    create table purchasing.idempotency_key (
      user_id uuid not null,
      key text not null,
      fingerprint text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );
  `)
    .execute(db);
}
