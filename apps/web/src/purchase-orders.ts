import type {
  Me,
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseOrderRevision,
  ReceiptBody,
  RevisionBody,
  RevisionLineBody,
} from './api.js';
import { calendarDateParts } from './dates.js';
import type { FieldProblem } from './problems.js';

// What the order pages decide without the API: what remains to receive, the bodies of a receipt
// and of a revision from their forms, which field errors belong to which line, and which actions a
// person is offered (the API still decides: it refuses whoever may not).

/** Quantities travel as decimal strings of at most four decimals: counted here in ten-thousandths. */
const scale = 4;
const unit = 10n ** BigInt(scale);

function toUnits(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a decimal quantity`);
  const units = BigInt(match[2] ?? '0') * unit + BigInt((match[3] ?? '').padEnd(scale, '0'));
  return match[1] ? -units : units;
}

function fromUnits(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = String(abs % unit)
    .padStart(scale, '0')
    .replace(/0+$/, '');
  return `${sign}${abs / unit}${fraction ? `.${fraction}` : ''}`;
}

/** A quantity as typed (`2,5`, ` 12 `) in the API's form (`2.5`, `12`); null when it is not one. */
export function typedQuantity(typed: string): string | null {
  const value = typed.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d{1,15}(\.\d{1,4})?$/.test(value)) return null;
  return fromUnits(toUnits(value));
}

/** What is still to be received on a line: ordered less received, never below zero; none on a cancelled line. */
export function remainingToReceive(
  line: Pick<PurchaseOrderLine, 'quantity' | 'receivedQuantity' | 'cancelled'>,
): string {
  if (line.cancelled) return '0';
  const left = toUnits(line.quantity) - toUnits(line.receivedQuantity);
  return fromUnits(left > 0n ? left : 0n);
}

/** The exact sum of the lines' amounts (decimal strings), never through a float. */
export const linesTotal = (lines: readonly { amount: string }[]) =>
  fromUnits(lines.reduce((total, l) => total + toUnits(l.amount), 0n));

/** Whether anything was received or invoiced on a line: it can then not be cancelled nor the order either. */
export const hasMovement = (line: Pick<PurchaseOrderLine, 'receivedQuantity' | 'invoicedQuantity'>) =>
  toUnits(line.receivedQuantity) !== 0n || toUnits(line.invoicedQuantity) !== 0n;

// Receipts.

/** The receive-goods form: per line the quantity received now and a comment; a return is a toggle. */
export interface ReceiptForm {
  receivedOn: string;
  comment: string;
  /** Whether this receipt sends goods back (each quantity is then sent as negative). */
  isReturn: boolean;
  lines: { lineId: string; quantity: string; comment: string }[];
}

/** The lines one can receive on: every line not cancelled. */
export const receivableLines = (order: Pick<PurchaseOrder, 'lines'>) =>
  order.lines.filter((l) => !l.cancelled);

/** The form as it opens: each open line prefilled with what remains, dated today. */
export function receiptFormOf(order: Pick<PurchaseOrder, 'lines'>, today: string): ReceiptForm {
  return {
    receivedOn: today,
    comment: '',
    isReturn: false,
    lines: receivableLines(order).map((l) => {
      const left = remainingToReceive(l);
      return { lineId: l.id, quantity: left === '0' ? '' : left, comment: '' };
    }),
  };
}

/** Switching to a return empties the quantities (nothing is sent back unless typed), and back again refills them. */
export function withReturnToggled(
  form: ReceiptForm,
  order: Pick<PurchaseOrder, 'lines'>,
  isReturn: boolean,
): ReceiptForm {
  const refilled = receiptFormOf(order, form.receivedOn);
  return {
    ...form,
    isReturn,
    lines: form.lines.map((l) => ({
      ...l,
      quantity: isReturn ? '' : (refilled.lines.find((r) => r.lineId === l.lineId)?.quantity ?? ''),
    })),
  };
}

export type ReceiptCheck =
  | { ok: true; body: ReceiptBody; sentLineIds: string[] }
  | { ok: false; errors: FieldProblem[] };

/**
 * The receipt as the API takes it: only the lines with a quantity (a blank or zero is left out), a
 * return's quantities made negative. What is plainly wrong (a date in the future, a quantity that is
 * not a number, nothing to receive) is said before sending, with the fields named as the API does.
 * `sentLineIds[i]` is the order line of the body's `lines[i]`, to place the API's errors.
 */
export function buildReceiptBody(form: ReceiptForm, today: string): ReceiptCheck {
  const errors: FieldProblem[] = [];
  if (!calendarDateParts(form.receivedOn)) errors.push({ field: 'receivedOn', reason: 'dateRequired' });
  else if (form.receivedOn > today) errors.push({ field: 'receivedOn', reason: 'dateInFuture' });
  const lines: ReceiptBody['lines'] = [];
  const sentLineIds: string[] = [];
  for (const line of form.lines) {
    if (line.quantity.trim() === '') continue;
    const quantity = typedQuantity(line.quantity);
    if (quantity === null || quantity.startsWith('-')) {
      errors.push({ field: `line:${line.lineId}`, reason: 'quantityInvalid' });
      continue;
    }
    if (quantity === '0') continue;
    sentLineIds.push(line.lineId);
    lines.push({
      purchaseOrderLineId: line.lineId,
      quantity: form.isReturn ? `-${quantity}` : quantity,
      comment: line.comment.trim() || null,
    });
  }
  if (lines.length === 0 && errors.every((e) => !e.field.startsWith('line:')))
    errors.push({ field: 'lines', reason: 'nothingReceived' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: { receivedOn: form.receivedOn, comment: form.comment.trim() || null, lines },
    sentLineIds,
  };
}

/**
 * Places field errors ('lines[0].quantity' from the API's rules, 'body.lines.0.quantity' from its
 * schema, 'line:<id>' from the form's own checks) on the order line they are about, through the
 * lines that were sent; the form's other `fields` (the date, the comment, the lines as a whole) by
 * their name, and what the form does not show with the problem's detail.
 */
export function placeLineErrors(
  errors: readonly FieldProblem[],
  sentLineIds: readonly string[],
  fields: readonly string[],
): { byLine: Record<string, string[]>; byField: Record<string, string[]>; other: FieldProblem[] } {
  const byLine: Record<string, string[]> = {};
  const byField: Record<string, string[]> = {};
  const other: FieldProblem[] = [];
  const add = (into: Record<string, string[]>, key: string, reason: string) => {
    const reasons = into[key] ?? [];
    if (!reasons.includes(reason)) into[key] = [...reasons, reason];
  };
  for (const error of errors) {
    const name = error.field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
    const own = /^line:(.+)$/.exec(name);
    const sent = /^lines\.(\d+)(?:\.(.+))?$/.exec(name);
    const lineId = own?.[1] ?? (sent ? sentLineIds[Number(sent[1])] : undefined);
    if (lineId) add(byLine, lineId, error.reason);
    else if (fields.includes(name)) add(byField, name, error.reason);
    else other.push(error);
  }
  return { byLine, byField, other };
}

// Revisions.

/**
 * The revision form: per open line its quantity, unit price and whether to cancel it; the lines
 * added; a reason.
 */
export interface RevisionForm {
  reason: string;
  deliveryDate: string;
  lines: { lineId: string; quantity: string; unitPrice: string; cancel: boolean }[];
  added: AddedOrderLine[];
}

/** A line a revision adds to the order, as typed (`key` tells the rows apart). */
export interface AddedOrderLine {
  key: string;
  description: string;
  categoryCode: string;
  unitCode: string;
  vatRate: string;
  quantity: string;
  unitPrice: string;
}

/** A blank line to add, in the order's most common unit and VAT rate. */
export function blankAddedLine(key: string): AddedOrderLine {
  return {
    key,
    description: '',
    categoryCode: '',
    unitCode: 'C62',
    vatRate: '20',
    quantity: '1',
    unitPrice: '',
  };
}

export function revisionFormOf(order: Pick<PurchaseOrder, 'lines' | 'deliveryDate'>): RevisionForm {
  return {
    reason: '',
    deliveryDate: order.deliveryDate,
    lines: receivableLines(order).map((l) => ({
      lineId: l.id,
      quantity: l.quantity,
      unitPrice: l.unitPrice.amount,
      cancel: false,
    })),
    added: [],
  };
}

const samePrice = (a: string, b: string) => typedQuantity(a) === typedQuantity(b);

export type RevisionCheck =
  | { ok: true; body: RevisionBody; sentLineIds: string[] }
  | { ok: false; errors: FieldProblem[] };

/**
 * The revision as the API takes it: the lines changed (quantity, price, cancelled), at the version
 * read; lines not named stay as they are. A new delivery date alone names every open line as it is.
 */
export function buildRevisionBody(
  order: Pick<PurchaseOrder, 'lines' | 'deliveryDate' | 'version'>,
  form: RevisionForm,
): RevisionCheck {
  const errors: FieldProblem[] = [];
  if (form.reason.trim().length < 3) errors.push({ field: 'reason', reason: 'reasonRequired' });
  const deliveryChanged = form.deliveryDate !== order.deliveryDate;
  if (deliveryChanged && !calendarDateParts(form.deliveryDate))
    errors.push({ field: 'deliveryDate', reason: 'dateRequired' });
  const changed: RevisionLineBody[] = [];
  const unchanged: RevisionLineBody[] = [];
  const changedIds: string[] = [];
  const unchangedIds: string[] = [];
  for (const typed of form.lines) {
    const line = order.lines.find((l) => l.id === typed.lineId);
    if (!line) continue;
    const quantity = typedQuantity(typed.quantity);
    const unitPrice = typedQuantity(typed.unitPrice);
    if (!typed.cancel && (quantity === null || quantity.startsWith('-') || quantity === '0')) {
      errors.push({ field: `line:${line.id}`, reason: 'quantityInvalid' });
      continue;
    }
    if (!typed.cancel && (unitPrice === null || unitPrice.startsWith('-'))) {
      errors.push({ field: `line:${line.id}`, reason: 'priceInvalid' });
      continue;
    }
    const body: RevisionLineBody = {
      lineId: line.id,
      quantity: typed.cancel ? line.quantity : (quantity ?? line.quantity),
      unitPrice: typed.cancel ? line.unitPrice.amount : (unitPrice ?? line.unitPrice.amount),
      cancelled: typed.cancel,
    };
    const same =
      !typed.cancel &&
      typedQuantity(line.quantity) === quantity &&
      samePrice(line.unitPrice.amount, body.unitPrice);
    if (same) {
      unchanged.push(body);
      unchangedIds.push(line.id);
    } else {
      changed.push(body);
      changedIds.push(line.id);
    }
  }
  const added: RevisionLineBody[] = [];
  for (const typed of form.added) {
    const field = `line:${typed.key}`;
    const quantity = typedQuantity(typed.quantity);
    const unitPrice = typedQuantity(typed.unitPrice);
    const vatRate = typedQuantity(typed.vatRate);
    const description = typed.description.trim();
    const categoryCode = typed.categoryCode.trim();
    if (description === '') errors.push({ field, reason: 'descriptionRequired' });
    else if (!/^\d{8}$/.test(categoryCode)) errors.push({ field, reason: 'categoryInvalid' });
    else if (quantity === null || quantity.startsWith('-') || quantity === '0')
      errors.push({ field, reason: 'quantityInvalid' });
    else if (unitPrice === null || unitPrice.startsWith('-')) errors.push({ field, reason: 'priceInvalid' });
    else if (vatRate === null || vatRate.startsWith('-')) errors.push({ field, reason: 'vatRateInvalid' });
    else
      added.push({
        description,
        categoryCode,
        unitCode: typed.unitCode,
        vatRate,
        quantity,
        unitPrice,
        cancelled: false,
      });
  }
  if (errors.length === 0 && changed.length === 0 && added.length === 0 && !deliveryChanged)
    errors.push({ field: 'lines', reason: 'nothingChanged' });
  if (errors.length > 0) return { ok: false, errors };
  // A new delivery date alone names every open line as it stands; added lines are named after them.
  const named = changed.length > 0 || added.length > 0 ? changed : unchanged;
  return {
    ok: true,
    body: {
      version: order.version,
      reason: form.reason.trim(),
      ...(deliveryChanged ? { deliveryDate: form.deliveryDate } : {}),
      lines: [...named, ...added],
    },
    sentLineIds: [
      ...(changed.length > 0 || added.length > 0 ? changedIds : unchangedIds),
      ...form.added.map((a) => a.key),
    ],
  };
}

// What a person is offered.

const hasRole = (me: Pick<Me, 'roles'>, ...roles: string[]) => me.roles.some((r) => roles.includes(r));

/** Buyers and administrators issue, revise, cancel and close orders, and send a failed e-mail again. */
export const isBuyer = (me: Pick<Me, 'roles'>) => hasRole(me, 'buyer', 'administrator');

/** The revision waiting for approval, if the order is held for one. */
export const pendingRevisionOf = (
  order: Pick<PurchaseOrder, 'status' | 'revisions'>,
): PurchaseOrderRevision | null =>
  order.status === 'pending_approval'
    ? (order.revisions.find((r) => r.status === 'pending_approval') ?? null)
    : null;

/** The revisions with a PDF: those issued, oldest first. */
export const issuedRevisions = (order: Pick<PurchaseOrder, 'revisions'>) =>
  order.revisions.filter((r) => r.status === 'issued');

/** The latest issued revision, the one the supplier holds. */
export const currentRevisionOf = (order: Pick<PurchaseOrder, 'revisions'>) =>
  issuedRevisions(order).at(-1) ?? null;

export interface OrderActions {
  revise: boolean;
  cancel: boolean;
  close: boolean;
  /**
   * Approve or reject the revision waiting for approval: not offered to the buyer who revised it
   * (the API knows them by name only here); the API checks the approval limit.
   */
  decide: boolean;
  receive: boolean;
  retryDispatch: boolean;
}

/**
 * What the order page offers: buyers revise an issued order, cancel one nothing was received or
 * invoiced on, close the remainder, and send a failed e-mail again; managers and finance decide on a
 * revision waiting for approval; the requester of one of its requests (or a buyer) receives goods.
 * `requestedByMe` says whether one of the order's requests is the person's own.
 */
export function orderActionsFor(
  order: Pick<PurchaseOrder, 'status' | 'revisions' | 'lines' | 'dispatches'>,
  me: Pick<Me, 'roles' | 'userId'>,
  requestedByMe: boolean,
): OrderActions {
  const buyer = isBuyer(me);
  const open = order.status === 'issued' || order.status === 'acknowledged';
  const moved = order.lines.some(hasMovement);
  const pending = pendingRevisionOf(order);
  return {
    revise: buyer && open,
    cancel: buyer && order.status !== 'closed' && order.status !== 'cancelled' && !moved,
    close: buyer && open,
    decide:
      pending !== null &&
      pending.createdById !== me.userId &&
      hasRole(me, 'manager', 'buyer', 'accountant', 'administrator'),
    receive:
      open &&
      receivableLines(order).length > 0 &&
      (buyer || (requestedByMe && hasRole(me, 'employee', 'manager'))),
    retryDispatch: buyer && order.dispatches.some((d) => d.status === 'failed'),
  };
}

/** A request whose lines a buyer may order now. */
export const mayIssueFrom = (status: string, me: Pick<Me, 'roles'>) =>
  isBuyer(me) && (status === 'approved' || status === 'partly_ordered');
