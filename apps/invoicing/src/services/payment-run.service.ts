// Payment runs: what an entity pays its suppliers on an execution date, as a SEPA credit transfer
// file for the bank and a purchase journal for the general ledger; confirmed once sent to the bank
// (the invoices are paid, purchasing is told), or cancelled before (the invoices are free again).
//
// Making a run reads like the rest: validate → lock → decide (selectPaymentRun) → write the files →
// persist. Runs of one entity are made one at a time (a transaction-scoped advisory lock), and the
// unique index on the run's invoices keeps any invoice in a single open or confirmed run whatever
// happens, so two runs made at the same moment never pay an invoice twice.
import type { InvoicingDatabase } from '@procura/db';
import {
  calendarDate,
  DomainError,
  isCalendarDate,
  money,
  type PayableDocument,
  type SupplierBankAccount,
  selectPaymentRun,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  buildJournalEntries,
  type InvoiceToPost,
  sepaInstructionFromBatch,
  writeJournalCsv,
  writeSepaCreditTransfer,
} from '../payment-files/index.js';
import { invoiceRecordOf } from '../repositories/invoice-exception.repository.js';
import { appendPaidHistory } from '../repositories/invoice-history.repository.js';
import {
  cancelRun,
  confirmRun,
  findPayingAccount,
  insertPaymentRun,
  invoiceLinesOf,
  lockPaymentCandidates,
  lockPaymentRun,
  lockRunInvoices,
  markInvoicesPaid,
  nextPaymentRunNumber,
  type PayingAccount,
  type PaymentCandidate,
  savePayingAccount,
  supplierPaymentDetails,
} from '../repositories/payment-run.repository.js';

type Trx = Transaction<InvoicingDatabase>;

export interface Actor {
  readonly id: string;
  readonly name: string;
}

const eur = (amount: string) => money(amount, 'EUR');

/** The supplier bank accounts the domain chooses from: the verified one, or a pending change. */
function bankAccountsOf(
  suppliers: Awaited<ReturnType<typeof supplierPaymentDetails>>,
): SupplierBankAccount[] {
  return suppliers.flatMap((supplier): SupplierBankAccount[] => [
    ...(supplier.iban && supplier.bankAccountHolder
      ? [
          {
            supplierId: supplier.supplierId,
            accountHolder: supplier.bankAccountHolder,
            iban: supplier.iban,
            bic: supplier.bic,
            status: 'verified' as const,
          },
        ]
      : []),
    // Only to tell "unverified" from "none": the pending account itself is never paid to.
    ...(supplier.bankChangePending
      ? [
          {
            supplierId: supplier.supplierId,
            accountHolder: supplier.name,
            iban: '',
            bic: null,
            status: 'pending' as const,
          },
        ]
      : []),
  ]);
}

/** The purchase journal entry of an invoice or credit note (see payment-files/accounting-export). */
function invoiceToPost(
  candidate: PaymentCandidate,
  lines: readonly { itemName: string; netAmount: string }[],
  account: PayingAccount,
): InvoiceToPost {
  const allowance = candidate.allowanceTotal ? eur(candidate.allowanceTotal) : null;
  const charge = candidate.chargeTotal ? eur(candidate.chargeTotal) : null;
  const vatLines = candidate.vatBreakdown.flatMap((vat) =>
    vat.taxAmount && !eur(vat.taxAmount).isZero()
      ? [{ glAccount: account.vatAccount, rate: vat.rate ?? '0', amount: eur(vat.taxAmount) }]
      : [],
  );
  return {
    invoiceId: candidate.id,
    documentNumber: candidate.number,
    documentType: candidate.kind,
    entryDate: candidate.issueDate,
    supplierName: candidate.supplierName,
    payableAccount: account.payableAccount,
    // The supplier's sub-ledger account: Procura's id for it, shortened (no chart of accounts yet).
    supplierAccount: `F-${candidate.supplierId.slice(0, 8).toUpperCase()}`,
    currency: 'EUR',
    expenseLines: [
      ...lines.map((line) => ({
        glAccount: account.expenseAccount,
        amount: eur(line.netAmount),
        label: `${candidate.supplierName} ${candidate.number} ${line.itemName}`,
      })),
      ...(allowance && !allowance.isZero()
        ? [{ glAccount: account.expenseAccount, amount: allowance.negate(), label: 'Allowances' }]
        : []),
      ...(charge && !charge.isZero()
        ? [{ glAccount: account.expenseAccount, amount: charge, label: 'Charges' }]
        : []),
    ],
    vatLines,
    totalAmount: eur(candidate.taxInclusiveTotal),
  };
}

/** The company's day (Europe/Paris), not UTC's: at 00:30 in Paris it is already tomorrow. */
const today = (now: Date) => calendarDate(now);

export interface PaymentRunCommand {
  readonly entityId: string;
  readonly executionDate: string;
  readonly actor: Actor;
  readonly now: Date;
}

/**
 * Makes a payment run of the entity's approved invoices due by the execution date, in the caller's
 * transaction. Throws `paying_account_missing` when the entity has no paying account, and
 * `payment_run_empty` (with every document left out and why) when nothing would be paid.
 */
export async function makePaymentRun(trx: Trx, command: PaymentRunCommand): Promise<string> {
  if (!isCalendarDate(command.executionDate) || command.executionDate < today(command.now))
    throw new DomainError('validation_failed', 'The execution date must be today or a later day.', [
      { field: 'executionDate', reason: `must be a date YYYY-MM-DD, ${today(command.now)} or later` },
    ]);
  // One run of an entity at a time: the second waits, then sees what the first took.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`invoicing.payment_run:${command.entityId}`}, 0))`.execute(
    trx,
  );
  const account = await findPayingAccount(trx, command.entityId);
  if (!account)
    throw new DomainError(
      'paying_account_missing',
      `Entity ${command.entityId} has no bank account to pay suppliers from: an administrator must record it first.`,
      { entityId: command.entityId },
    );

  const candidates = await lockPaymentCandidates(trx, command.entityId);
  const suppliers = await supplierPaymentDetails(trx, [...new Set(candidates.map((c) => c.supplierId))]);
  const documents = candidates.map(
    (c): PayableDocument => ({
      invoiceId: c.id,
      documentNumber: c.number,
      documentType: c.kind,
      supplierId: c.supplierId,
      status: c.status,
      dueDate: c.dueDate,
      amountDue: eur(c.payableAmount),
      debtorAccountId: command.entityId,
    }),
  );
  const selection = selectPaymentRun({
    documents,
    bankAccounts: bankAccountsOf(suppliers),
    dueBy: command.executionDate,
    blockedSupplierIds: suppliers.filter((s) => s.status !== 'active').map((s) => s.supplierId),
  });
  const [batch] = selection.batches;
  if (!batch)
    throw new DomainError(
      'payment_run_empty',
      `Nothing is due by ${command.executionDate} that can be paid: ${selection.excluded.length} document(s) left out.`,
      selection.excluded.map((e) => ({
        field: `invoices.${e.invoiceId}`,
        reason: `${e.documentNumber}: ${e.reason}`,
      })),
    );

  const number = await nextPaymentRunNumber(trx, Number(command.executionDate.slice(0, 4)));
  const endToEndIdOf = (_: unknown, index: number) => `${number}-P${index + 1}`;
  const debtor = { name: account.accountHolder, iban: account.iban, bic: account.bic };
  const sepa = writeSepaCreditTransfer({
    messageId: number,
    createdAt: command.now,
    initiatingPartyName: account.accountHolder,
    instructions: [
      sepaInstructionFromBatch(batch, {
        paymentInformationId: `${number}-1`,
        requestedExecutionDate: command.executionDate,
        debtor,
        endToEndIdOf,
      }),
    ],
  });

  // In the order the transfers settle them: per supplier, invoices then credit notes.
  const candidateById = new Map(candidates.map((c) => [c.id, c]));
  const paid = batch.payments.flatMap((p) =>
    p.documents.flatMap((d) => {
      const candidate = candidateById.get(d.invoiceId);
      return candidate ? [candidate] : [];
    }),
  );
  const lines = await invoiceLinesOf(
    trx,
    paid.map((c) => c.id),
  );
  const journal = buildJournalEntries(
    paid.map((c) => invoiceToPost(c, lines.get(c.id) ?? [], account)),
    { journalCode: account.journalCode },
  );

  return insertPaymentRun(trx, {
    number,
    entityId: command.entityId,
    executionDate: command.executionDate,
    currency: batch.currency,
    total: batch.total.toDecimalString(2),
    paymentCount: batch.payments.length,
    debtor: { accountHolder: account.accountHolder, iban: account.iban, bic: account.bic },
    sepaFile: sepa.xml,
    accountingExport: writeJournalCsv(journal),
    excluded: selection.excluded,
    createdBy: command.actor,
    createdAt: command.now,
    invoices: batch.payments.flatMap((payment, index) =>
      payment.documents.map((document) => ({
        invoiceId: document.invoiceId,
        supplierId: payment.supplierId,
        amount: document.amount.toDecimalString(2),
        endToEndId: endToEndIdOf(payment, index),
      })),
    ),
  });
}

/**
 * Confirms an open run as sent to the bank: each of its invoices is paid on the execution date and
 * purchasing is told (invoicing.invoice.paid). An invoice that meanwhile left the approved status
 * (held, refused) stops the confirmation: the run is to be cancelled and made again.
 */
export async function confirmPaymentRun(
  db: Kysely<InvoicingDatabase>,
  command: { runId: string; entityId: string; actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const run = await openRunOf(trx, command.runId, command.entityId, 'confirmed');
    const invoices = await lockRunInvoices(trx, run.id);
    const moved = invoices.filter((invoice) => invoice.status !== 'approved');
    if (moved.length > 0)
      throw new DomainError(
        'invalid_state_transition',
        `Run ${run.number} cannot be confirmed: ${moved.map((i) => `${i.number} is ${i.status.replace('_', ' ')}`).join(', ')}. Cancel it and make a new run.`,
        { invoices: moved.map((i) => ({ invoiceId: i.id, number: i.number, status: i.status })) },
      );
    const paidOn = run.execution_date;
    await markInvoicesPaid(
      trx,
      invoices.map((i) => i.id),
      paidOn,
    );
    // Nothing moves without a trace: each invoice's history says who paid it, in which run.
    await appendPaidHistory(
      trx,
      invoices.map((i) => i.id),
      { actor: command.actor, reason: `Payment run ${run.number}, executed ${paidOn}`, at: command.now },
    );
    await confirmRun(trx, run.id, command.actor, command.now);
    // As the contract says: per order line, the quantity and net amount billed, a credit note's negative.
    for (const invoice of invoices)
      await recordEvent(trx, 'invoicing', {
        type: 'invoicing.invoice.paid',
        aggregateId: invoice.id,
        payload: { ...(await invoiceRecordOf(trx, invoice, command.now)), paidOn, paymentRunId: run.id },
      });
  });
}

/** Cancels an open run (never sent to the bank): its invoices may go in another run. */
export async function cancelPaymentRun(
  db: Kysely<InvoicingDatabase>,
  command: { runId: string; entityId: string; reason: string; actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const run = await openRunOf(trx, command.runId, command.entityId, 'cancelled');
    await cancelRun(trx, run.id, command.actor, command.now, command.reason);
  });
}

async function openRunOf(trx: Trx, runId: string, entityId: string, action: 'confirmed' | 'cancelled') {
  const run = await lockPaymentRun(trx, runId);
  // Another entity's run is not there for this caller.
  if (!run || run.entity_id !== entityId)
    throw new DomainError('not_found', `Payment run ${runId} does not exist.`);
  if (run.status !== 'open')
    throw new DomainError(
      'invalid_state_transition',
      `Payment run ${run.number} is ${run.status}: only an open run can be ${action}.`,
      { status: run.status, action },
    );
  return run;
}

/** Records the entity's paying account and ledger accounts (an administrator's setting). */
export async function recordPayingAccount(
  db: Kysely<InvoicingDatabase>,
  account: Omit<PayingAccount, 'changedAt'> & { changedAt: Date },
): Promise<PayingAccount> {
  await savePayingAccount(db, account);
  const saved = await findPayingAccount(db, account.entityId);
  if (!saved) throw new Error('the paying account was not saved');
  return saved;
}
