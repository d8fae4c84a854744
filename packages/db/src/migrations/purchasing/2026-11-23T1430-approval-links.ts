import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Links in approval e-mails: one per approver and mail, usable once (approve or reject), until it
    -- expires. The token in the mail is the link id signed with the service's secret; only the
    -- id is stored, so a stolen database gives no usable link.
    create table purchasing.approval_link (
      id uuid primary key default gen_random_uuid(),
      step_id uuid not null references purchasing.approval_step (id) on delete cascade,
      approver_user_id uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      used_by_user_id uuid,
      used_outcome text check (used_outcome in ('approved', 'rejected')),
      check (expires_at > created_at),
      check ((used_at is null) = (used_by_user_id is null) and (used_at is null) = (used_outcome is null))
    );
    create index approval_link_step on purchasing.approval_link (step_id);
  `)
    .execute(db);
}
