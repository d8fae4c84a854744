import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Who the identity provider says the user is, and when they last came in.
    alter table identity.app_user
      alter column id set default gen_random_uuid(),
      add column idp_subject text,
      add column idp_groups text[] not null default '{}',
      add column last_login_at timestamptz;
    create unique index app_user_idp_subject on identity.app_user (idp_subject) where idp_subject is not null;

    -- IdP group → Procura role, edited by an administrator. A group may grant several roles.
    create table identity.role_mapping (
      idp_group text not null check (length(idp_group) between 1 and 256),
      role text not null check (role in ('employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor')),
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (idp_group, role)
    );
    insert into identity.role_mapping (idp_group, role) values
      ('procura-employees', 'employee'),
      ('procura-managers', 'manager'),
      ('procura-buyers', 'buyer'),
      ('procura-accountants', 'accountant'),
      ('procura-administrators', 'administrator'),
      ('procura-auditors', 'auditor');

    -- Browser sessions, shared by every gateway replica. The id is stored hashed.
    create table identity.session (
      id_hash bytea primary key,
      user_id uuid references identity.app_user (id) on delete cascade,
      data jsonb not null,
      created_at timestamptz not null default now(),
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null
    );
    create index session_by_user on identity.session (user_id);
    create index session_by_idle_expiry on identity.session (idle_expires_at);

    -- AuthnRequest ids this SP issued and not yet seen answered (InResponseTo checks).
    create table identity.saml_request (
      id text primary key,
      created_at timestamptz not null default now()
    );

    -- Assertion ids already used: the same assertion posted twice is a replay.
    create table identity.saml_assertion (
      id text primary key,
      issuer text not null,
      expires_at timestamptz not null
    );
    create index saml_assertion_expiry on identity.saml_assertion (expires_at);

    -- A manager lets a colleague approve in their name for a date range.
    create table identity.delegation (
      id uuid primary key default gen_random_uuid(),
      delegator_user_id uuid not null references identity.app_user (id),
      delegate_user_id uuid not null references identity.app_user (id),
      starts_on date not null,
      ends_on date not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      check (delegator_user_id <> delegate_user_id),
      check (starts_on <= ends_on)
    );
    create index delegation_delegator on identity.delegation (delegator_user_id);
    create index delegation_delegate on identity.delegation (delegate_user_id);

    -- Tokens for integrations: shown once, stored as a SHA-256 hash.
    create table identity.api_token (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 100),
      token_prefix text not null,
      token_hash bytea not null unique,
      scopes text[] not null check (
        cardinality(scopes) > 0 and scopes <@ array['read', 'catalog:write', 'invoices:write']::text[]
      ),
      entity_id uuid not null references identity.entity (id),
      created_by uuid not null references identity.app_user (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references identity.app_user (id),
      last_used_at timestamptz,
      check (expires_at > created_at)
    );
  `)
    .execute(db);
}
