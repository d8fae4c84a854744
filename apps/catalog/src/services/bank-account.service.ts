import type { CatalogDatabase } from '@procura/db';
import { DomainError, maskIban, parseBic, parseIban } from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Kysely, Transaction } from 'kysely';
import {
  type BankAccount,
  decideBankAccount,
  insertBankAccount,
  listBankAccounts,
  lockBankAccount,
  supersedeVerifiedAccount,
} from '../repositories/bank-account.repository.js';
import { isUniqueViolation } from '../repositories/postgres-errors.js';
import { lockSupplier } from '../repositories/supplier.repository.js';
import type { Actor } from './actor.js';

// Bank details are where supplier fraud happens: a new or changed account is pending until a second
// person verifies it (typically by calling the supplier back on a number already on file). Payments
// use the verified account only; a change does not stop payments to the account verified before it
// until the change itself is verified, when the old one becomes superseded.

export interface SupplierBankAccounts {
  /** The account payments use: the verified one, or null. */
  current: BankAccount | null;
  /** The change waiting for a second person, if any. */
  pending: BankAccount | null;
  accounts: BankAccount[];
}

export async function supplierBankAccounts(
  db: Kysely<CatalogDatabase>,
  supplierId: string,
): Promise<SupplierBankAccounts> {
  const accounts = await listBankAccounts(db, supplierId);
  return {
    current: accounts.find((a) => a.status === 'verified') ?? null,
    pending: accounts.find((a) => a.status === 'pending') ?? null,
    accounts,
  };
}

/**
 * An account as a given person may see it: the full IBAN for those who verify bank details
 * (accountants, administrators) and for the person who entered it; masked for everyone else
 * (buyers, auditors, API tokens), who only need to tell accounts apart.
 */
export function bankAccountAsSeenBy(viewer: { userId: string; mayVerifyBankDetails: boolean }) {
  return (account: BankAccount): BankAccount =>
    viewer.mayVerifyBankDetails || account.enteredBy.userId === viewer.userId
      ? account
      : { ...account, iban: maskIban(account.iban) };
}

/**
 * Tells invoicing what payments may use (catalog.supplier.bank-account-changed), in the transaction
 * that changed the bank details: the verified account, and whether a change waits for verification.
 */
export async function announceBankAccount(
  trx: Transaction<CatalogDatabase>,
  supplier: { id: string; name: string },
  now: Date,
): Promise<void> {
  const accounts = await listBankAccounts(trx, supplier.id);
  const verified = accounts.find((a) => a.status === 'verified');
  await recordEvent(trx, 'catalog', {
    type: 'catalog.supplier.bank-account-changed',
    aggregateId: supplier.id,
    payload: {
      supplierId: supplier.id,
      supplierName: supplier.name,
      verified: verified
        ? {
            accountId: verified.id,
            accountHolder: verified.accountHolder,
            iban: verified.iban,
            bic: verified.bic,
            verifiedAt: verified.decidedAt ?? now.toISOString(),
          }
        : null,
      changePending: accounts.some((a) => a.status === 'pending'),
      changedAt: now.toISOString(),
    },
  });
}

export async function enterBankAccount(
  db: Kysely<CatalogDatabase>,
  command: { supplierId: string; iban: string; bic: string; accountHolder: string; actor: Actor; now: Date },
): Promise<BankAccount> {
  const iban = parseIban(command.iban);
  const bic = parseBic(command.bic);
  try {
    return await db.transaction().execute(async (trx) => {
      const supplier = await lockSupplier(trx, command.supplierId);
      if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
      if (supplier.status === 'archived')
        throw new DomainError(
          'invalid_state_transition',
          'An archived supplier’s bank details cannot change.',
        );
      const account = await insertBankAccount(trx, {
        supplierId: supplier.id,
        iban,
        bic,
        accountHolder: command.accountHolder,
        enteredBy: command.actor,
        enteredAt: command.now,
      });
      await announceBankAccount(trx, supplier, command.now);
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'supplier_bank_account_one_pending'))
      throw new DomainError(
        'conflict',
        'A change of bank details is already waiting for verification: verify or reject it first.',
      );
    throw error;
  }
}

/**
 * Verifies or rejects a pending account. Four eyes: the person who entered it may do neither
 * (`segregation_of_duties`; the database refuses it too). Two people deciding at once: the row lock
 * makes the second wait, then find the account decided (`invalid_state_transition`).
 */
export async function decidePendingBankAccount(
  db: Kysely<CatalogDatabase>,
  command: {
    supplierId: string;
    accountId: string;
    decision: 'verify' | 'reject';
    reason: string | null;
    actor: Actor;
    now: Date;
  },
): Promise<BankAccount> {
  return db.transaction().execute(async (trx) => {
    const account = await lockBankAccount(trx, command.supplierId, command.accountId);
    if (!account) throw new DomainError('not_found', `Bank account ${command.accountId} does not exist.`);
    if (account.status !== 'pending') {
      throw new DomainError(
        'invalid_state_transition',
        `This bank account is already ${account.status}: only a pending account can be verified or rejected.`,
        { status: account.status, action: command.decision },
      );
    }
    if (account.enteredBy.userId === command.actor.id) {
      throw new DomainError(
        'segregation_of_duties',
        'Bank details must be checked by a second person: you entered them, so someone else must verify or reject them.',
      );
    }
    if (command.decision === 'verify') await supersedeVerifiedAccount(trx, command.supplierId, command.now);
    const decided = await decideBankAccount(trx, {
      id: account.id,
      status: command.decision === 'verify' ? 'verified' : 'rejected',
      decidedBy: command.actor,
      decidedAt: command.now,
      rejectionReason: command.reason,
    });
    if (!decided) throw new DomainError('conflict', 'The bank account was decided meanwhile.');
    const supplier = await trx
      .selectFrom('catalog.supplier')
      .select(['id', 'name'])
      .where('id', '=', command.supplierId)
      .executeTakeFirstOrThrow();
    await announceBankAccount(trx, supplier, command.now);
    return decided;
  });
}
