import type { InvoicingDatabase } from '@procura/db';
import { demoEntities, demoUsers } from '@procura/demo-data';
import type { Logger } from '@procura/http';
import type { Kysely } from 'kysely';
import { findPayingAccount } from '../repositories/payment-run.repository.js';
import { recordPayingAccount } from '../services/payment-run.service.js';

/** The bank accounts the demo entities pay their suppliers from (fictitious, with valid check digits). */
const demoPayingAccounts: Record<string, { iban: string; bic: string }> = {
  ALTIVA: { iban: 'FR7630004000031234567890143', bic: 'BNPAFRPPXXX' },
  'ALTIVA-OUEST': { iban: 'FR7610107001011234567890129', bic: 'BREDFRPPXXX' },
};

/** Each demo entity's paying account and ledger accounts, so that a payment run can be made at once. */
export async function loadDemoData(db: Kysely<InvoicingDatabase>, logger: Logger): Promise<void> {
  const administrator = demoUsers.find((u) => u.roles.includes('administrator'));
  if (!administrator) return;
  for (const entity of demoEntities) {
    const account = demoPayingAccounts[entity.code];
    if (!account || (await findPayingAccount(db, entity.id))) continue;
    await recordPayingAccount(db, {
      entityId: entity.id,
      accountHolder: entity.legalName,
      iban: account.iban,
      bic: account.bic,
      journalCode: 'HA',
      payableAccount: '401000',
      expenseAccount: '606000',
      vatAccount: '445660',
      changedBy: administrator.id,
      changedAt: new Date(),
    });
    logger.info({ entity: entity.code }, 'demo paying account recorded');
  }
}
