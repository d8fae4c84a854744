import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Approval rules as administrators edit them through the API: the label of the step a rule
    -- adds, and the version that optimistic concurrency compares (an update carrying a stale
    -- version changes nothing).
    alter table purchasing.approval_rule
      add column label text check (length(label) between 1 and 100),
      add constraint approval_rule_position_check check (position >= 0),
      add constraint approval_rule_version_check check (version >= 1);

    -- A step keeps the rule that added it: a rule used by a request is deactivated, never deleted
    -- through the API. The key's lock makes a deletion and a submission using the rule take turns.
    alter table purchasing.approval_step
      add constraint approval_step_rule_fk foreign key (rule_id)
      references purchasing.approval_rule (id) on delete set null;
    create index approval_step_rule on purchasing.approval_step (rule_id);

    -- Every change to an approval rule: who, when, the rule before and after. Append-only.
    create table purchasing.approval_rule_change (
      id bigint generated always as identity primary key,
      rule_id uuid not null,
      entity_id uuid,
      action text not null check (action in ('created', 'updated', 'activated', 'deactivated', 'moved', 'deleted')),
      actor_user_id uuid not null,
      actor_name text not null,
      before jsonb,
      after jsonb,
      changed_at timestamptz not null default now(),
      check ((action = 'created') = (before is null)),
      check ((action = 'deleted') = (after is null))
    );
    create index approval_rule_change_entity on purchasing.approval_rule_change (entity_id, id desc);
    create index approval_rule_change_rule on purchasing.approval_rule_change (rule_id, id desc);
    create trigger approval_rule_change_append_only before update or delete on purchasing.approval_rule_change
      for each row execute function purchasing.refuse_change();
  `)
    .execute(db);
}
