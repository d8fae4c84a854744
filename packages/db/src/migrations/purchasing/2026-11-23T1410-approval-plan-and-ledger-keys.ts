import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- The approval plan of the current round, as the domain planned it at submission: with the
    -- recorded decisions it is the whole workflow state (approval_step rows are its projection for
    -- inboxes and screens).
    alter table purchasing.requisition add column approval_plan jsonb;

    -- Ledger entries as the domain writes them: the business event, the document it happened to,
    -- the line whose open amounts move, and the budget line key (period included, so spend where
    -- nobody set a budget is still counted in its period).
    alter table purchasing.commitment_entry
      add column event text not null,
      add column period_key text not null,
      add column commitment_kind text not null check (commitment_kind in ('requisition', 'purchase_order', 'receipt', 'invoice')),
      add column commitment_id uuid not null,
      add column commitment_line_id uuid;
    alter table purchasing.commitment_entry drop column movement;
    create index commitment_entry_key on purchasing.commitment_entry (entity_id, cost_centre_id, budget_category, period_key);
    create index commitment_entry_commitment on purchasing.commitment_entry (commitment_id);
  `)
    .execute(db);
}
