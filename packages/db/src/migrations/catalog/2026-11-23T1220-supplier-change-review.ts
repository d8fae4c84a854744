import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Who last changed a supplier's record (created it, or edited it since), and when it was approved.
    -- Four eyes: the approver may be neither the submitter nor the last person who changed what they
    -- approve. A change after the approval (contacts, languages...: it keeps the supplier active) may
    -- be made by anyone, the approver included, hence the updated_at > approved_at escape.
    alter table catalog.supplier
      add column last_modified_by uuid,
      add column approved_at timestamptz,
      add constraint supplier_approver_is_not_last_modifier check (
        approved_by is null or last_modified_by is null or approved_by <> last_modified_by
        or updated_at > approved_at);

    -- An 'update' entry of the history names the fields that changed.
    alter table catalog.supplier_status_history add column changed_fields text[];

    -- A reminder is claimed (claimed_at) before it is sent, outside the transaction, then marked sent
    -- (sent_at); a failed send releases the claim so that the next run tries again.
    alter table catalog.compliance_reminder
      add column claimed_at timestamptz not null default now(),
      alter column sent_at drop not null,
      alter column sent_at drop default;

    -- Purchasing now treats a supplier it has not heard of as not orderable: tell it, once, about every
    -- supplier active before activations were announced.
    insert into catalog.outbox_event (event_type, aggregate_id, payload)
      select 'catalog.supplier.activated', id::text, jsonb_build_object(
        'supplierId', id,
        'supplierName', name,
        'reason', 'Active before activations were announced to purchasing',
        'activatedAt', to_char(status_changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'activatedBy', approved_by)
      from catalog.supplier where status = 'active';
  `)
    .execute(db);
}
