// Acting on an invoice: approving it (by itself when every line matched, or by the person who
// resolved its exception), accepting variances within the actor's limit, asking the supplier for a
// credit note, refusing it (refusée), holding and releasing it. Each action, in the caller's
// transaction: lock the invoice → check who may act and that nobody acted since they read it →
// decide (domain) → write the invoice, its history row and, for approvals and refusals, the event
// purchasing moves its ledger and billing from.
import type { InvoicingDatabase, InvoicingInvoiceStatus } from '@procura/db';
import {
  type AcceptableVarianceReason,
  acceptInvoiceVariances,
  type CurrencyCode,
  DomainError,
  exceptionOwnerOf,
  type HoldableInvoiceStatus,
  type InvoiceAction,
  type InvoiceExceptionReason,
  type InvoiceLevelReason,
  type InvoiceStatus,
  nextInvoiceStatus,
  varianceAcceptanceLimitOf,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  type InvoicePeople,
  type InvoiceRow,
  invoiceRecordOf,
  lineFindingsOf,
  lockInvoice,
  ownAcceptanceLimit,
  peopleOfInvoice,
  recordAcceptedFindings,
  supplierMailOf,
} from '../repositories/invoice-exception.repository.js';
import { type Actor, appendInvoiceHistory } from '../repositories/invoice-history.repository.js';

type Trx = Transaction<InvoicingDatabase>;

/** Accounts payable (and administrators) act on every invoice of their entity. */
const actsForWholeEntity = (caller: TIdentity) =>
  caller.roles.some((role) => role === 'accountant' || role === 'administrator');

/** Accounts payable, or the buyer of one of the invoice's orders: the commercial decisions. */
function mayDecide(caller: TIdentity, invoice: InvoiceRow, people: InvoicePeople): boolean {
  if (invoice.entity_id !== null && invoice.entity_id !== caller.entityId) return false;
  if (actsForWholeEntity(caller)) return true;
  return caller.roles.includes('buyer') && people.buyers.includes(caller.userId);
}

/** Accepting a variance: also the requester of one of its orders (their limit decides the rest). */
function mayAcceptVariance(caller: TIdentity, invoice: InvoiceRow, people: InvoicePeople): boolean {
  if (mayDecide(caller, invoice, people)) return true;
  return invoice.entity_id === caller.entityId && people.requesters.includes(caller.userId);
}

/** Locks the invoice and checks the caller may act on it and read the version they send. */
async function invoiceToActOn(
  trx: Trx,
  caller: TIdentity,
  id: string,
  version: number,
  may: (caller: TIdentity, invoice: InvoiceRow, people: InvoicePeople) => boolean,
): Promise<InvoiceRow> {
  const invoice = await lockInvoice(trx, id);
  const people = await peopleOfInvoice(trx, id);
  if (!may(caller, invoice, people)) {
    // Someone outside the entity is not told the invoice exists.
    if (invoice.entity_id !== null && invoice.entity_id !== caller.entityId)
      throw new DomainError('not_found', `Invoice ${id} does not exist.`);
    throw new DomainError(
      'forbidden',
      'Only accounts payable or the buyer of the invoice’s order may do this (a requester may accept a variance of their order).',
    );
  }
  if (invoice.version !== version)
    throw new DomainError(
      'invoice_changed',
      `Invoice ${invoice.number} was acted on since you read it (version ${invoice.version}, you sent ${version}): reload it.`,
      [{ field: 'version', reason: `is ${version}, the invoice is at ${invoice.version}` }],
    );
  return invoice;
}

const actorOf = (caller: TIdentity): Actor => ({ id: caller.userId, name: caller.displayName });

/** Moves the invoice to `to` and bumps its version; the history row says who and why. */
async function moveInvoice(
  trx: Trx,
  invoice: InvoiceRow,
  move: {
    action: InvoiceAction | 'accept_variance' | 'request_credit_note' | 'clear_duplicate';
    to: InvoicingInvoiceStatus;
    actor: Actor;
    reason?: string | null;
    comment?: string | null;
    amounts?: Record<string, unknown>;
    heldFrom?: HoldableInvoiceStatus | null;
    awaitingCreditNote?: boolean;
    at: Date;
  },
): Promise<void> {
  const approving = move.to === 'approved' && invoice.status !== 'approved';
  await trx
    .updateTable('invoicing.invoice')
    .set({
      status: move.to,
      version: invoice.version + 1,
      held_from: move.to === 'on_hold' ? (move.heldFrom ?? invoice.held_from) : null,
      status_reason: move.reason ?? null,
      status_changed_at: move.at,
      awaiting_credit_note:
        move.awaitingCreditNote ?? (move.to === 'on_hold' && invoice.awaiting_credit_note),
      ...(approving && move.action === 'approve' ? { approved_by: move.actor.id, approved_at: move.at } : {}),
    })
    .where('id', '=', invoice.id)
    .execute();
  await appendInvoiceHistory(trx, {
    invoiceId: invoice.id,
    fileId: invoice.file_id,
    action: move.action,
    from: invoice.status,
    to: move.to,
    reason: move.reason ?? null,
    comment: move.comment ?? null,
    actor: move.actor,
    amounts: move.amounts ?? { payable: { amount: invoice.payable_amount, currency: invoice.currency } },
    at: move.at,
  });
}

async function approve(trx: Trx, invoice: InvoiceRow, actor: Actor, comment: string | null, at: Date) {
  const to = nextInvoiceStatus(invoice.status as InvoiceStatus, 'approve');
  await moveInvoice(trx, invoice, { action: 'approve', to, actor, comment, at });
  await recordEvent(trx, 'invoicing', {
    type: 'invoicing.invoice.approved',
    aggregateId: invoice.id,
    payload: { ...(await invoiceRecordOf(trx, invoice, at)), approvedBy: actor.id },
  });
}

/**
 * Approves, as Procura itself, an invoice just received or re-matched whose lines all match. Does
 * nothing to an invoice that is an exception or no longer received. Runs in the caller's transaction.
 */
export async function approveMatchedInvoice(trx: Trx, invoiceId: string, at: Date): Promise<boolean> {
  const invoice = await lockInvoice(trx, invoiceId);
  if (invoice.match_status !== 'matched' || invoice.status !== 'received') return false;
  await approve(trx, invoice, { id: null, name: 'Procura (every line matched)' }, null, at);
  return true;
}

/** Approves, as Procura, the received invoices a re-match found matching (in id order: locks in one order). */
export async function approveMatchedInvoices(
  trx: Trx,
  invoiceIds: readonly string[],
  at: Date,
): Promise<number> {
  let approved = 0;
  for (const id of [...invoiceIds].sort()) if (await approveMatchedInvoice(trx, id, at)) approved += 1;
  return approved;
}

export interface VarianceDecision {
  readonly version: number;
  readonly reasons?: readonly AcceptableVarianceReason[] | undefined;
  readonly comment: string;
}

/**
 * Accepts the invoice's price or quantity variances within the caller's limit. When nothing else is
 * left open, the invoice is approved by the caller.
 */
export async function acceptVariance(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: VarianceDecision,
  at: Date,
) {
  const invoice = await invoiceToActOn(trx, caller, id, decision.version, mayAcceptVariance);
  if (invoice.status !== 'received')
    throw new DomainError(
      'invalid_state_transition',
      `Invoice ${invoice.number} is ${invoice.status.replace('_', ' ')}: variances are accepted on a received invoice.`,
      { status: invoice.status, action: 'accept_variance' },
    );
  const currency = invoice.currency as CurrencyCode;
  const limit = varianceAcceptanceLimitOf(
    caller.roles,
    currency,
    await ownAcceptanceLimit(trx, caller.entityId, caller.userId),
  );
  const lines = await lineFindingsOf(trx, id);
  const acceptance = acceptInvoiceVariances({
    currency,
    lines,
    reasons: decision.reasons,
    limit,
    totalsConsistent: invoice.totals_consistent,
    invoiceReasons: invoice.intake_reasons as InvoiceLevelReason[],
  });
  await recordAcceptedFindings(trx, id, lines, acceptance.accepted, {
    lines: acceptance.lines,
    by: caller.userId,
    at,
    comment: decision.comment,
  });
  const { summary } = acceptance;
  await trx
    .updateTable('invoicing.invoice')
    .set({
      match_status: summary.status,
      match_reasons: [...summary.reasons],
      exception_owner: summary.owner,
    })
    .where('id', '=', id)
    .execute();
  const amounts = {
    accepted: acceptance.accepted.map((a) => ({
      position: a.position,
      reason: a.reason,
      impact: { amount: a.impact.toDecimalString(2), currency: a.impact.currency },
    })),
    total: { amount: acceptance.total.toDecimalString(2), currency },
    limit: { amount: acceptance.limit.toDecimalString(2), currency: acceptance.limit.currency },
  };
  const accepted = { ...invoice, match_status: summary.status };
  await moveInvoice(trx, accepted, {
    action: 'accept_variance',
    to: invoice.status,
    actor: actorOf(caller),
    reason: [...new Set(acceptance.accepted.map((a) => a.reason))].join(', '),
    comment: decision.comment,
    amounts,
    at,
  });
  if (summary.status === 'matched')
    await approve(trx, { ...accepted, version: invoice.version + 1 }, actorOf(caller), decision.comment, at);
  return { accepted: amounts, approved: summary.status === 'matched' };
}

/**
 * Accounts payable decides that an invoice flagged as a possible duplicate (same supplier, amount
 * and day under another number) is not one: the reason goes, with a trace naming the invoices it
 * resembled; with nothing else left, the invoice is approved by that person.
 */
export async function clearPossibleDuplicate(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: { version: number; comment: string },
  at: Date,
) {
  const invoice = await invoiceToActOn(
    trx,
    caller,
    id,
    decision.version,
    (who, row) => (row.entity_id === null || row.entity_id === who.entityId) && actsForWholeEntity(who),
  );
  if (invoice.status !== 'received' || !invoice.intake_reasons.includes('possible_duplicate'))
    throw new DomainError(
      'invalid_state_transition',
      `Invoice ${invoice.number} is not a received invoice flagged as a possible duplicate.`,
      { status: invoice.status, action: 'clear_duplicate' },
    );
  const intakeReasons = invoice.intake_reasons.filter((r) => r !== 'possible_duplicate');
  const reasons = (invoice.match_reasons as InvoiceExceptionReason[]).filter(
    (r) => r !== 'possible_duplicate',
  );
  const first = reasons[0];
  const matchStatus = first === undefined ? 'matched' : 'exception';
  await trx
    .updateTable('invoicing.invoice')
    .set({
      intake_reasons: intakeReasons,
      match_reasons: reasons,
      match_status: matchStatus,
      exception_owner: first === undefined ? null : exceptionOwnerOf(first),
    })
    .where('id', '=', id)
    .execute();
  const resembled = await trx
    .selectFrom('invoicing.invoice')
    .select('number')
    .where('id', 'in', invoice.possible_duplicate_of.length > 0 ? invoice.possible_duplicate_of : [id])
    .where('id', '!=', id)
    .orderBy('number')
    .execute();
  await moveInvoice(trx, invoice, {
    action: 'clear_duplicate',
    to: invoice.status,
    actor: actorOf(caller),
    reason: `not a duplicate of ${resembled.map((r) => r.number).join(', ') || 'any invoice'}`,
    comment: decision.comment,
    at,
  });
  if (matchStatus === 'matched')
    await approve(
      trx,
      { ...invoice, match_status: matchStatus, version: invoice.version + 1 },
      actorOf(caller),
      decision.comment,
      at,
    );
  return { approved: matchStatus === 'matched' };
}

/** Refuses the invoice (refusée: a commercial dispute), with the reason reported to the supplier. */
export async function refuseInvoice(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: { version: number; reason: string },
  at: Date,
) {
  const invoice = await invoiceToActOn(trx, caller, id, decision.version, mayDecide);
  const to = nextInvoiceStatus(invoice.status as InvoiceStatus, 'refuse', { reason: decision.reason });
  await moveInvoice(trx, invoice, {
    action: 'refuse',
    to,
    actor: actorOf(caller),
    reason: decision.reason,
    at,
  });
  await recordEvent(trx, 'invoicing', {
    type: 'invoicing.invoice.refused',
    aggregateId: invoice.id,
    payload: {
      ...(await invoiceRecordOf(trx, invoice, at)),
      reason: decision.reason,
      refusedBy: caller.userId,
    },
  });
}

/** Puts the invoice on hold with a reason: it will not be paid until released. */
export async function holdInvoice(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: { version: number; reason: string },
  at: Date,
) {
  const invoice = await invoiceToActOn(trx, caller, id, decision.version, mayDecide);
  const to = nextInvoiceStatus(invoice.status as InvoiceStatus, 'hold', { reason: decision.reason });
  await moveInvoice(trx, invoice, {
    action: 'hold',
    to,
    actor: actorOf(caller),
    reason: decision.reason,
    heldFrom: invoice.status as HoldableInvoiceStatus,
    at,
  });
}

/** Releases a held invoice back to where it was held from; a credit note no longer awaited. */
export async function releaseInvoice(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: { version: number; reason: string },
  at: Date,
) {
  const invoice = await invoiceToActOn(trx, caller, id, decision.version, mayDecide);
  const to = nextInvoiceStatus(invoice.status as InvoiceStatus, 'release', {
    heldFrom: invoice.held_from,
  });
  await moveInvoice(trx, invoice, {
    action: 'release',
    to,
    actor: actorOf(caller),
    reason: decision.reason,
    awaitingCreditNote: false,
    at,
  });
  // Released back to received while every line matches (it matched while held): approved as usual.
  if (to === 'received') await approveMatchedInvoice(trx, id, at);
}

/**
 * Asks the supplier for a credit note: recorded, the invoice held awaiting it, and a mail queued for
 * the supplier's contact when catalog announced one (otherwise accounts payable calls them).
 */
export async function requestCreditNote(
  trx: Trx,
  caller: TIdentity,
  id: string,
  decision: { version: number; reason: string; amount?: string | undefined },
  at: Date,
) {
  const invoice = await invoiceToActOn(trx, caller, id, decision.version, mayDecide);
  const wasHeld = invoice.status === 'on_hold';
  const to = wasHeld
    ? 'on_hold'
    : nextInvoiceStatus(invoice.status as InvoiceStatus, 'hold', { reason: decision.reason });
  const mailTo = await supplierMailOf(trx, invoice.supplier_id);
  const request = await trx
    .insertInto('invoicing.credit_note_request')
    .values({
      invoice_id: id,
      amount: decision.amount ?? null,
      currency: invoice.currency,
      reason: decision.reason,
      requested_by: caller.userId,
      requested_by_name: caller.displayName,
      requested_at: at,
      mail_to: mailTo,
      mail_status: mailTo ? 'pending' : 'no_contact',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await moveInvoice(trx, invoice, {
    action: 'request_credit_note',
    to,
    actor: actorOf(caller),
    reason: decision.reason,
    heldFrom: wasHeld ? invoice.held_from : (invoice.status as HoldableInvoiceStatus),
    awaitingCreditNote: true,
    amounts: decision.amount ? { creditNote: { amount: decision.amount, currency: invoice.currency } } : {},
    at,
  });
  return { creditNoteRequestId: request.id, mailTo, mailStatus: mailTo ? 'pending' : 'no_contact' };
}
