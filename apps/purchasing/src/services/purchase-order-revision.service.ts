// Change orders: a buyer revises an issued order (quantities, prices, dates, lines added or
// cancelled) as revision 2, 3, ... Each revision gets its own PDF (with the terms in force when it
// is issued), its own dispatch and a new acknowledgement; earlier revisions stay readable. A line
// never goes below what was received or invoiced. An increase beyond the threshold waits for the
// approval of someone whose approval limit covers the new total (never the buyer who revised it).
import type { PurchasingDatabase } from '@procura/db';
import {
  assessOrderRevision,
  calendarDate,
  convertMoney,
  DomainError,
  documentBalances,
  type LedgerEntry,
  lineNetAmount,
  money,
  nextPurchaseOrderStatus,
  orderChanged,
  orderIssued,
  parseCurrency,
  periodContaining,
  sum,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { TIdentity } from '@procura/http';
import type { Transaction } from 'kysely';
import {
  appendLedgerEntries,
  budgetLineIdsOf,
  ledgerEntriesOfCommitment,
} from '../repositories/ledger.repository.js';
import {
  linesOf,
  lockPurchaseOrder,
  purchaseOrderRecord,
} from '../repositories/purchase-order.repository.js';
import { queueDispatch } from './order-dispatch.service.js';
import {
  entityOf,
  orderInput,
  storedInput,
  supplierPartyOf,
  termsForOrder,
} from './purchase-order-document.js';

type Trx = Transaction<PurchasingDatabase>;

export interface RevisionInput {
  version: number;
  reason: string;
  deliveryDate?: string | undefined;
  lines: {
    lineId?: string | undefined;
    description?: string | undefined;
    categoryCode?: string | undefined;
    unitCode?: string | undefined;
    vatRate?: string | undefined;
    quantity: string;
    unitPrice: string;
    cancelled: boolean;
  }[];
}

export interface RevisionOutcome {
  revision: number;
  status: 'issued' | 'pending_approval';
  increasePercent: string;
}

function assertBuyer(caller: TIdentity, entityId: string) {
  if (!caller.roles.some((r) => r === 'buyer' || r === 'administrator') || caller.entityId !== entityId)
    throw new DomainError('forbidden', 'Only buyers of the entity revise its orders.');
}

/** The revision's lines as they will stand: changed, cancelled or new (lines not named stay as they are). */
export async function reviseOrder(
  trx: Trx,
  caller: TIdentity,
  id: string,
  input: RevisionInput,
  settings: { thresholdPercent: string },
  now: Date,
): Promise<RevisionOutcome> {
  const order = await lockPurchaseOrder(trx, id, input.version);
  assertBuyer(caller, order.entity_id);
  nextPurchaseOrderStatus(order.status, 'revise');
  const current = await linesOf(trx, id);
  const currency = parseCurrency(order.currency);
  const assessment = assessOrderRevision({
    current: current.map((l) => ({
      lineId: l.id,
      quantity: l.quantity,
      received: l.received_quantity,
      invoiced: l.invoiced_quantity,
      receiptRequired: l.receipt_required,
      cancelled: l.cancelled,
    })),
    revised: input.lines,
    approvedTotal: sum(
      current.filter((l) => !l.cancelled).map((l) => money(l.amount, currency)),
      currency,
    ).amount,
    revisedTotal: revisedTotal(current, input, currency).amount,
    thresholdPercent: settings.thresholdPercent,
  });
  input.lines.forEach((line, index) => {
    if (!line.lineId && (!line.description || !line.categoryCode || !line.unitCode || !line.vatRate))
      throw new DomainError(
        'validation_failed',
        'A new line needs its description, category, unit and VAT rate.',
        [
          {
            field: `lines[${index}]`,
            reason: 'a new line needs description, categoryCode, unitCode and vatRate',
          },
        ],
      );
  });
  const revision = order.revision + 1;
  const pending = assessment.requiresApproval;
  await trx
    .insertInto('purchasing.purchase_order_revision')
    .values({
      purchase_order_id: id,
      revision,
      // Issued below, with its PDF, when no approval is needed.
      status: 'pending_approval',
      // The changes asked for, applied when the revision is issued (now, or once approved).
      document: JSON.stringify({ pendingChange: { ...input, version: undefined } }),
      terms: JSON.stringify([]),
      changes: JSON.stringify([
        {
          reason: input.reason,
          increasePercent: assessment.increasePercent,
          lines: input.lines,
          deliveryDate: input.deliveryDate ?? null,
        },
      ]),
      created_by: caller.userId,
      created_by_name: caller.displayName,
    })
    .execute();
  if (pending) {
    await trx
      .updateTable('purchasing.purchase_order')
      .set({ status: 'pending_approval', version: order.version + 1 })
      .where('id', '=', id)
      .execute();
    return { revision, status: 'pending_approval', increasePercent: assessment.increasePercent };
  }
  await issueRevision(trx, id, revision, now);
  return { revision, status: 'issued', increasePercent: assessment.increasePercent };
}

function revisedTotal(
  current: Awaited<ReturnType<typeof linesOf>>,
  input: RevisionInput,
  currency: ReturnType<typeof parseCurrency>,
) {
  const amounts = current.map((l) => {
    const change = input.lines.find((c) => c.lineId === l.id);
    if (change)
      return change.cancelled
        ? money('0', currency)
        : lineNetAmount(change.quantity, money(change.unitPrice, currency), '1');
    return l.cancelled ? money('0', currency) : money(l.amount, currency);
  });
  for (const added of input.lines.filter((l) => !l.lineId && !l.cancelled))
    amounts.push(lineNetAmount(added.quantity, money(added.unitPrice, currency), '1'));
  return sum(amounts, currency);
}

/**
 * Decides on a revision waiting for approval: someone other than the buyer who revised it, whose
 * approval limit (in the entity's currency) covers the revised total. Approved, it is issued;
 * rejected, the order goes back to its last issued revision.
 */
export async function decideOnRevision(
  trx: Trx,
  caller: TIdentity,
  id: string,
  revision: number,
  decision: { outcome: 'approved' | 'rejected'; comment: string | null },
  now: Date,
): Promise<void> {
  const order = await lockPurchaseOrder(trx, id, null);
  if (order.entity_id !== caller.entityId)
    throw new DomainError('not_found', `Purchase order ${id} does not exist.`);
  const pending = await trx
    .selectFrom('purchasing.purchase_order_revision')
    .selectAll()
    .where('purchase_order_id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (pending?.status !== 'pending_approval')
    throw new DomainError('conflict', `Revision ${revision} of ${order.number} is not waiting for approval.`);
  if (pending.created_by === caller.userId)
    throw new DomainError(
      'segregation_of_duties',
      'The buyer who revised the order cannot approve the revision.',
    );
  const approver = await trx
    .selectFrom('purchasing.directory_user')
    .select(['approval_limit', 'display_name'])
    .where('user_id', '=', caller.userId)
    .executeTakeFirst();
  const change = (pending.document as { pendingChange: RevisionInput }).pendingChange;
  const currency = parseCurrency(order.currency);
  const total = revisedTotal(await linesOf(trx, id), change, currency);
  const entityCurrency = parseCurrency(order.entity_currency);
  const counted =
    currency === entityCurrency
      ? total
      : convertMoney(total, { from: currency, to: entityCurrency, rate: order.exchange_rate });
  if (!approver?.approval_limit || money(approver.approval_limit, entityCurrency).compare(counted) < 0)
    throw new DomainError(
      'forbidden',
      `Approving revision ${revision} of ${order.number} (${counted.toDecimalString(2)} ${entityCurrency}) needs an approval limit covering it.`,
    );
  if (decision.outcome === 'rejected') {
    await trx
      .updateTable('purchasing.purchase_order_revision')
      .set({
        status: 'rejected',
        changes: JSON.stringify([
          ...pending.changes,
          { rejectedBy: caller.displayName, comment: decision.comment },
        ]),
      })
      .where('purchase_order_id', '=', id)
      .where('revision', '=', revision)
      .execute();
    const lastIssued = await trx
      .selectFrom('purchasing.purchase_order_revision')
      .select('acknowledgement')
      .where('purchase_order_id', '=', id)
      .where('revision', '=', order.revision)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('purchasing.purchase_order')
      .set({
        status: lastIssued.acknowledgement === 'acknowledged' ? 'acknowledged' : 'issued',
        version: order.version + 1,
      })
      .where('id', '=', id)
      .execute();
    return;
  }
  await trx
    .updateTable('purchasing.purchase_order_revision')
    .set({
      changes: JSON.stringify([
        ...pending.changes,
        { approvedBy: caller.displayName, comment: decision.comment },
      ]),
    })
    .where('purchase_order_id', '=', id)
    .where('revision', '=', revision)
    .execute();
  await issueRevision(trx, id, revision, now);
}

/** Applies a revision's changes to the lines, renders and records its PDF, moves the ledger and dispatches it. */
async function issueRevision(trx: Trx, id: string, revision: number, now: Date): Promise<void> {
  const order = await lockPurchaseOrder(trx, id, null);
  const stored = await trx
    .selectFrom('purchasing.purchase_order_revision')
    .select('document')
    .where('purchase_order_id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirstOrThrow();
  const change = (stored.document as { pendingChange: RevisionInput }).pendingChange;
  const currency = parseCurrency(order.currency);
  const before = await linesOf(trx, id);
  for (const line of change.lines.filter((l) => l.lineId)) {
    await trx
      .updateTable('purchasing.purchase_order_line')
      .set({
        quantity: line.cancelled
          ? (before.find((b) => b.id === line.lineId)?.quantity ?? line.quantity)
          : line.quantity,
        unit_price: line.unitPrice,
        amount: line.cancelled
          ? '0'
          : lineNetAmount(line.quantity, money(line.unitPrice, currency), '1').toDecimalString(2),
        cancelled: line.cancelled,
      })
      .where('id', '=', line.lineId as string)
      .execute();
  }
  const template = before[0];
  const added = change.lines.filter((l) => !l.lineId);
  if (added.length > 0 && template)
    await trx
      .insertInto('purchasing.purchase_order_line')
      .values(
        added.map((l, index) => ({
          purchase_order_id: id,
          line_no: before.length + index + 1,
          reference: `R${revision}-${index + 1}`,
          description: l.description as string,
          category_code: l.categoryCode as string,
          quantity: l.quantity,
          unit_code: l.unitCode as string,
          unit_price: l.unitPrice,
          vat_rate: l.vatRate as string,
          amount: lineNetAmount(l.quantity, money(l.unitPrice, currency), '1').toDecimalString(2),
          cancelled: l.cancelled,
          receipt_required: Number((l.categoryCode as string).slice(0, 2)) < 70,
          cost_centre_id: template.cost_centre_id,
          budget_category: template.budget_category,
        })),
      )
      .execute();
  const deliveryDate = change.deliveryDate ?? order.delivery_date;
  const lines = (await linesOf(trx, id)).filter((l) => !l.cancelled);
  const parties = {
    entity: await entityOf(trx, order.entity_id),
    supplier: await supplierPartyOf(trx, order.supplier_id, order.supplier_name),
  };
  const first = await trx
    .selectFrom('purchasing.purchase_order_revision')
    .select('document')
    .where('purchase_order_id', '=', id)
    .where('revision', '=', 1)
    .executeTakeFirstOrThrow();
  const input = orderInput({
    number: order.number ?? '',
    revision,
    issuedAt: now,
    currency,
    parties,
    buyer: storedInput(first.document).buyerContact,
    deliverySiteId: order.delivery_site_id,
    deliveryDate,
    lines: lines.map((l) => ({
      reference: l.reference,
      description: l.description,
      quantity: l.quantity,
      unitCode: l.unit_code,
      unitPrice: l.unit_price,
      vatCategory: l.vat_category,
      vatRate: l.vat_rate,
      categoryCode: l.category_code,
      flags: l.flags,
    })),
  });
  const { recorded } = await termsForOrder(trx, input);
  await trx
    .updateTable('purchasing.purchase_order_revision')
    .set({
      status: 'issued',
      document: JSON.stringify(input),
      terms: JSON.stringify(recorded),
      pdf_sha256: null,
      issued_at: now,
    })
    .where('purchase_order_id', '=', id)
    .where('revision', '=', revision)
    .execute();
  await trx
    .updateTable('purchasing.purchase_order_revision')
    .set({ acknowledgement: 'superseded' })
    .where('purchase_order_id', '=', id)
    .where('revision', '<', revision)
    .where('acknowledgement', '=', 'awaiting')
    .execute();
  await trx
    .updateTable('purchasing.purchase_order')
    .set({ status: 'issued', revision, delivery_date: deliveryDate, version: order.version + 1 })
    .where('id', '=', id)
    .execute();

  // The ledger follows each line's new amount (never below what is invoiced); a new line commits.
  const entityCurrency = parseCurrency(order.entity_currency);
  const toEntity = (amount: ReturnType<typeof money>) =>
    amount.currency === entityCurrency
      ? amount
      : convertMoney(amount, { from: currency, to: entityCurrency, rate: order.exchange_rate });
  const balances = documentBalances(await ledgerEntriesOfCommitment(trx, id), { kind: 'purchase_order', id });
  const occurredOn = calendarDate(now);
  const entries: LedgerEntry[] = [];
  for (const line of await linesOf(trx, id)) {
    const balance = balances.find((b) => b.commitmentLine.lineId === line.id);
    const amount = toEntity(money(line.amount, currency));
    if (balance) entries.push(...orderChanged({ balance, orderedAmount: amount, occurredOn }));
    else if (!line.cancelled)
      entries.push(
        ...orderIssued({
          orderLine: { kind: 'purchase_order', id, lineId: line.id },
          amount,
          occurredOn,
          budgetLine: {
            entityId: order.entity_id,
            costCentreId: line.cost_centre_id,
            budgetCategory: line.budget_category,
            periodKey: periodContaining(occurredOn, 'fiscal_year').key,
          },
        }),
      );
  }
  await appendLedgerEntries(trx, entries, await budgetLineIdsOf(trx, order.entity_id));
  await recordEvent(trx, 'purchasing', {
    type: 'purchasing.purchase-order.changed',
    aggregateId: id,
    payload: await purchaseOrderRecord(trx, id, now),
  });
  await queueDispatch(trx, {
    purchaseOrderId: id,
    revision,
    kind: 'order',
    recipient: parties.supplier.order_email,
    now,
  });
}
