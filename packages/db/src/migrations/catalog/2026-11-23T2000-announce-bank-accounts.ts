import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Invoicing now pays suppliers from the bank details catalog announces
    -- (catalog.supplier.bank-account-changed). Announce those of every supplier that has bank
    -- details already: the verified account payments may use, and whether a change is pending.
    insert into catalog.outbox_event (event_type, aggregate_id, payload)
    select 'catalog.supplier.bank-account-changed', s.id, jsonb_build_object(
      'supplierId', s.id,
      'supplierName', s.name,
      'verified', (
        select jsonb_build_object(
          'accountId', a.id,
          'accountHolder', a.account_holder,
          'iban', a.iban,
          'bic', a.bic,
          'verifiedAt', to_char(a.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        from catalog.supplier_bank_account a
        where a.supplier_id = s.id and a.status = 'verified'
        order by a.decided_at desc limit 1),
      'changePending', exists (
        select from catalog.supplier_bank_account a where a.supplier_id = s.id and a.status = 'pending'),
      'changedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from catalog.supplier s
    where exists (select from catalog.supplier_bank_account a where a.supplier_id = s.id);
  `)
    .execute(db);
}
