import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Working the exceptions queue: an invoice's optimistic version (two people acting at once: one
    -- wins, the other is told it changed), where a held invoice was held from (release goes back
    -- there), why its status last moved, who approved it (null approved_by on an approved invoice:
    -- approved by Procura itself because every line matched), and whether it awaits a credit note.
    alter table invoicing.invoice
      add column version integer not null default 1 check (version >= 1),
      add column held_from text check (held_from in ('received', 'approved')),
      add column status_reason text,
      add column status_changed_at timestamptz,
      add column approved_by uuid,
      add column approved_at timestamptz,
      add column awaiting_credit_note boolean not null default false,
      add check ((status = 'on_hold') = (held_from is not null));
    create index invoice_exceptions on invoicing.invoice (received_at, id)
      where match_status = 'exception' and status in ('received', 'on_hold');

    -- Whom a credit note request is mailed to: the supplier's contact as catalog announced it.
    alter table invoicing.supplier
      add column contact_email text,
      add column order_email text,
      add column language text check (language in ('fr', 'en'));

    -- Every move of an invoice, appended and never changed: who (actor_id null: Procura itself),
    -- when, what (action), from and to which status, why (reason, required where the supplier is told
    -- or a person decides) and the amounts concerned. A file rejected at intake (rejetée: not
    -- processable) has a row too, without an invoice. The lifecycle API reads it in commit order:
    -- rows are listed once every transaction that could still add an earlier one has ended
    -- (xact_id below the oldest running transaction), so a connector following the cursor misses none.
    create table invoicing.invoice_history (
      id bigint generated always as identity primary key,
      xact_id xid8 not null default pg_current_xact_id(),
      invoice_id uuid references invoicing.invoice (id),
      file_id uuid not null references invoicing.invoice_file (id),
      action text not null check (action in ('receive', 'reject', 'approve', 'accept_variance',
        'request_credit_note', 'hold', 'release', 'refuse', 'pay')),
      from_status text,
      to_status text not null
        check (to_status in ('received', 'on_hold', 'approved', 'paid', 'rejected', 'refused')),
      reason text,
      comment text,
      actor_id uuid,
      actor_name text not null,
      amounts jsonb not null default '{}',
      occurred_at timestamptz not null default now(),
      check (action not in ('reject', 'hold', 'refuse', 'request_credit_note', 'accept_variance')
        or length(btrim(coalesce(reason, ''))) > 0),
      check ((invoice_id is null) = (action = 'reject'))
    );
    create index invoice_history_invoice on invoicing.invoice_history (invoice_id, id);
    create index invoice_history_feed on invoicing.invoice_history (xact_id, id);

    create function invoicing.invoice_history_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'invoice history is append-only: % refused', tg_op using errcode = 'restrict_violation';
    end $$;
    create trigger invoice_history_append_only before update or delete on invoicing.invoice_history
      for each row execute function invoicing.invoice_history_is_append_only();
    create trigger invoice_history_no_truncate before truncate on invoicing.invoice_history
      for each statement execute function invoicing.invoice_history_is_append_only();

    -- Receiving is recorded by the database itself: every invoice made at intake (déposée) and every
    -- file refused as not processable (rejetée) leaves its row, whoever inserts it.
    create function invoicing.invoice_history_of_intake() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'invoice' then
        insert into invoicing.invoice_history
          (invoice_id, file_id, action, from_status, to_status, actor_id, actor_name, amounts, occurred_at)
        values (new.id, new.file_id, 'receive', null, new.status, new.received_by, new.received_by_name,
          jsonb_build_object('payable', jsonb_build_object('amount', new.payable_amount::text,
            'currency', new.currency)), new.received_at);
      elsif new.status = 'rejected' then
        insert into invoicing.invoice_history
          (invoice_id, file_id, action, from_status, to_status, reason, actor_id, actor_name, occurred_at)
        values (null, new.id, 'reject', null, 'rejected', coalesce(new.problem_message, new.problem_code),
          new.received_by, new.received_by_name, new.received_at);
      end if;
      return new;
    end $$;
    create trigger invoice_received after insert on invoicing.invoice
      for each row execute function invoicing.invoice_history_of_intake();
    create trigger invoice_file_rejected after insert on invoicing.invoice_file
      for each row when (new.status = 'rejected') execute function invoicing.invoice_history_of_intake();

    -- The variance a person may accept on one invoice, when it differs from their role's default
    -- (packages/domain varianceAcceptanceLimitOf): set per person of an entity, in its currency.
    create table invoicing.variance_acceptance_limit (
      entity_id uuid not null,
      user_id uuid not null,
      amount numeric(19, 2) not null check (amount >= 0),
      currency char(3) not null,
      set_by uuid not null,
      set_at timestamptz not null default now(),
      primary key (entity_id, user_id)
    );

    -- Credit notes asked of suppliers, and the mail that asks: pending until the mail job sends it,
    -- no_contact when catalog knows no e-mail for the supplier (accounts payable then calls).
    create table invoicing.credit_note_request (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoicing.invoice (id),
      amount numeric(19, 2) check (amount > 0),
      currency char(3) not null,
      reason text not null check (length(btrim(reason)) > 0),
      requested_by uuid not null,
      requested_by_name text not null,
      requested_at timestamptz not null,
      mail_to text,
      mail_status text not null check (mail_status in ('pending', 'sent', 'no_contact')),
      mail_sent_at timestamptz,
      check ((mail_to is null) = (mail_status = 'no_contact'))
    );
    create index credit_note_request_invoice on invoicing.credit_note_request (invoice_id);
    create index credit_note_request_pending on invoicing.credit_note_request (requested_at)
      where mail_status = 'pending';
  `)
    .execute(db);
}
