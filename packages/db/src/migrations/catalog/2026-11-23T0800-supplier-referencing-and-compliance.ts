import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table catalog.supplier
      add column duns char(9) check (duns ~ '^[0-9]{9}$'),
      -- The buyer who looks after the supplier and gets its compliance reminders. Copied from the
      -- identity schema when set (catalog does not read another service's schema).
      add column responsible_buyer_id uuid,
      add column responsible_buyer_name text,
      add column responsible_buyer_email text,
      -- Yearly spend with the supplier in EUR, entered by a buyer until invoicing can compute it;
      -- drives the compliance rules (URSSAF certificate from 5,000 EUR). The source says where it came from.
      add column yearly_spend numeric(19, 2) not null default 0 check (yearly_spend >= 0),
      add column yearly_spend_source text,
      add column submitted_by uuid,
      add column approved_by uuid,
      -- Four eyes, in the database too: whoever submitted a supplier cannot be its approver.
      add constraint supplier_approver_is_not_submitter check (approved_by is null or approved_by <> submitted_by),
      add column compliance_status text not null default 'compliant'
        check (compliance_status in ('compliant', 'expiring', 'non_compliant')),
      add column compliance_reason text,
      -- True when the company's policy is 'block' and the supplier is non-compliant: no orders.
      add column compliance_hold boolean not null default false,
      add column compliance_checked_at timestamptz,
      add column updated_at timestamptz not null default now();
    create index supplier_name on catalog.supplier (lower(name));

    -- Sites of an allowed entity that may order from the supplier. An entity with no row here:
    -- all its sites may ("remote sites keep their local suppliers").
    create table catalog.supplier_site (
      supplier_id uuid not null,
      entity_id uuid not null,
      site_id uuid not null,
      primary key (supplier_id, entity_id, site_id),
      foreign key (supplier_id, entity_id) references catalog.supplier_entity (supplier_id, entity_id) on delete cascade
    );

    create table catalog.supplier_address (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      kind text not null check (kind in ('registered_office', 'ordering', 'remittance')),
      line1 text not null,
      line2 text,
      postal_code text not null,
      city text not null,
      country char(2) not null,
      position integer not null default 0
    );
    create index supplier_address_supplier on catalog.supplier_address (supplier_id);

    create table catalog.supplier_contact (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      name text not null,
      email text not null,
      phone text,
      role text not null check (role in ('sales', 'accounts', 'compliance', 'management', 'other')),
      is_compliance_contact boolean not null default false,
      position integer not null default 0
    );
    create index supplier_contact_supplier on catalog.supplier_contact (supplier_id);
    create unique index supplier_one_compliance_contact on catalog.supplier_contact (supplier_id)
      where is_compliance_contact;

    -- Every status change: who, when, why. Append-only: updates and deletes are refused.
    create table catalog.supplier_status_history (
      id bigint generated always as identity primary key,
      supplier_id uuid not null references catalog.supplier (id),
      action text not null,
      from_status text,
      to_status text not null,
      reason text,
      actor_id uuid,
      actor_name text not null,
      occurred_at timestamptz not null default now()
    );
    create index supplier_status_history_supplier on catalog.supplier_status_history (supplier_id, id);
    create function catalog.refuse_history_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = '42501';
    end $$;
    create trigger supplier_status_history_append_only before update or delete
      on catalog.supplier_status_history for each row execute function catalog.refuse_history_change();

    -- Bank details: pending until a second person verifies them; at most one verified (the one
    -- payments use) and one pending per supplier. A verified account replaced by a newly verified
    -- one becomes superseded.
    create table catalog.supplier_bank_account (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      iban text not null check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
      bic text not null check (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
      account_holder text not null,
      status text not null default 'pending' check (status in ('pending', 'verified', 'rejected', 'superseded')),
      entered_by uuid not null,
      entered_by_name text not null,
      entered_at timestamptz not null default now(),
      decided_by uuid,
      decided_by_name text,
      decided_at timestamptz,
      rejection_reason text,
      superseded_at timestamptz,
      check (decided_by is null or decided_by <> entered_by),
      check ((status = 'pending') = (decided_by is null)),
      check (status <> 'rejected' or rejection_reason is not null)
    );
    create unique index supplier_bank_account_one_verified on catalog.supplier_bank_account (supplier_id)
      where status = 'verified';
    create unique index supplier_bank_account_one_pending on catalog.supplier_bank_account (supplier_id)
      where status = 'pending';

    create table catalog.compliance_document (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references catalog.supplier (id),
      type text not null,
      issued_on date not null,
      expires_on date check (expires_on is null or expires_on >= issued_on),
      file_name text not null,
      content_type text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
      size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
      sha256 char(64) not null,
      content bytea not null,
      uploaded_by uuid not null,
      uploaded_by_name text not null,
      uploaded_at timestamptz not null default now()
    );
    create index compliance_document_supplier on catalog.compliance_document (supplier_id, type);
    create index compliance_document_expiry on catalog.compliance_document (expires_on);

    -- A reminder sent for a document at a threshold (30 days ahead, 7 days ahead): once only.
    create table catalog.compliance_reminder (
      document_id uuid not null references catalog.compliance_document (id),
      threshold_days integer not null,
      sent_at timestamptz not null default now(),
      recipients text[] not null,
      primary key (document_id, threshold_days)
    );

    -- The company's compliance settings: one row.
    create table catalog.compliance_policy (
      id boolean primary key default true check (id),
      on_non_compliance text not null default 'warn' check (on_non_compliance in ('warn', 'block')),
      expiring_within_days integer not null default 30 check (expiring_within_days between 1 and 365),
      reminder_days integer[] not null default array[30, 7],
      updated_by uuid,
      updated_at timestamptz not null default now()
    );
    insert into catalog.compliance_policy default values;

    -- What the single address and contact columns held moves to the new tables.
    insert into catalog.supplier_address (supplier_id, kind, line1, postal_code, city, country)
      select id, 'registered_office', address_line, postal_code, city, country from catalog.supplier
      where address_line is not null and postal_code is not null and city is not null;
    insert into catalog.supplier_contact (supplier_id, name, email, phone, role, is_compliance_contact)
      select id, contact_name, contact_email, contact_phone, 'sales', true from catalog.supplier
      where contact_name is not null and contact_email is not null;
    insert into catalog.supplier_status_history (supplier_id, action, to_status, reason, actor_id, actor_name, occurred_at)
      select id, 'migrated', status, status_reason, status_changed_by, 'Procura', status_changed_at from catalog.supplier;
  `)
    .execute(db);
}
