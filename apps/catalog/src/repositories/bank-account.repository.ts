import type { BankAccountStatus, CatalogDatabase } from '@procura/db';
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;

export interface BankAccount {
  id: string;
  supplierId: string;
  iban: string;
  bic: string;
  accountHolder: string;
  status: BankAccountStatus;
  enteredBy: { userId: string; displayName: string };
  enteredAt: string;
  decidedBy: { userId: string; displayName: string } | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  supersededAt: string | null;
}

const columns = [
  'id',
  'supplier_id',
  'iban',
  'bic',
  'account_holder',
  'status',
  'entered_by',
  'entered_by_name',
  'entered_at',
  'decided_by',
  'decided_by_name',
  'decided_at',
  'rejection_reason',
  'superseded_at',
] as const;

function toBankAccount(row: {
  id: string;
  supplier_id: string;
  iban: string;
  bic: string;
  account_holder: string;
  status: BankAccountStatus;
  entered_by: string;
  entered_by_name: string;
  entered_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  rejection_reason: string | null;
  superseded_at: Date | null;
}): BankAccount {
  return {
    id: row.id,
    supplierId: row.supplier_id,
    iban: row.iban,
    bic: row.bic,
    accountHolder: row.account_holder,
    status: row.status,
    enteredBy: { userId: row.entered_by, displayName: row.entered_by_name },
    enteredAt: row.entered_at.toISOString(),
    decidedBy:
      row.decided_by && row.decided_by_name
        ? { userId: row.decided_by, displayName: row.decided_by_name }
        : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    rejectionReason: row.rejection_reason,
    supersededAt: row.superseded_at?.toISOString() ?? null,
  };
}

export async function listBankAccounts(db: Db, supplierId: string): Promise<BankAccount[]> {
  const rows = await db
    .selectFrom('catalog.supplier_bank_account')
    .select(columns)
    .where('supplier_id', '=', supplierId)
    .orderBy('entered_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toBankAccount);
}

export async function insertBankAccount(
  trx: Transaction<CatalogDatabase>,
  account: {
    supplierId: string;
    iban: string;
    bic: string;
    accountHolder: string;
    enteredBy: { id: string; name: string };
    enteredAt: Date;
  },
): Promise<BankAccount> {
  const row = await trx
    .insertInto('catalog.supplier_bank_account')
    .values({
      supplier_id: account.supplierId,
      iban: account.iban,
      bic: account.bic,
      account_holder: account.accountHolder,
      entered_by: account.enteredBy.id,
      entered_by_name: account.enteredBy.name,
      entered_at: account.enteredAt,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toBankAccount(row);
}

/** Reads the account and locks it: two people deciding at once take turns, the second sees the first's decision. */
export async function lockBankAccount(
  trx: Transaction<CatalogDatabase>,
  supplierId: string,
  id: string,
): Promise<BankAccount | undefined> {
  const row = await trx
    .selectFrom('catalog.supplier_bank_account')
    .select(columns)
    .where('supplier_id', '=', supplierId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toBankAccount(row) : undefined;
}

export async function supersedeVerifiedAccount(
  trx: Transaction<CatalogDatabase>,
  supplierId: string,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('catalog.supplier_bank_account')
    .set({ status: 'superseded', superseded_at: at })
    .where('supplier_id', '=', supplierId)
    .where('status', '=', 'verified')
    .execute();
}

/** Decides a pending account; the `status = 'pending'` condition makes a second decision change nothing. */
export async function decideBankAccount(
  trx: Transaction<CatalogDatabase>,
  decision: {
    id: string;
    status: 'verified' | 'rejected';
    decidedBy: { id: string; name: string };
    decidedAt: Date;
    rejectionReason: string | null;
  },
): Promise<BankAccount | undefined> {
  const row = await trx
    .updateTable('catalog.supplier_bank_account')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy.id,
      decided_by_name: decision.decidedBy.name,
      decided_at: decision.decidedAt,
      rejection_reason: decision.rejectionReason,
    })
    .where('id', '=', decision.id)
    .where('status', '=', 'pending')
    .returning(columns)
    .executeTakeFirst();
  return row ? toBankAccount(row) : undefined;
}
