// The accountant's workbench: supplier invoices as the invoicing service gives them, the upload of an
// e-invoice file, and how each invoice line compares with its order line and receipts.
import { ApiProblem, apiFetch } from './api.js';

export const invoiceStatuses = ['received', 'on_hold', 'approved', 'paid', 'refused', 'rejected'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface Amount {
  amount: string;
  currency: string;
}

export interface InvoiceSummary {
  id: string;
  fileId: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: string;
  supplier: { id: string; name: string } | null;
  sellerName: string;
  payable: Amount;
  dueDate: string;
  status: InvoiceStatus;
  reformStatus: { code: string; label: string };
  match: { status: 'matched' | 'exception'; reasons: string[]; owner: string | null };
  receivedAt: string;
}

/** What matching found on a line: a difference of kind (VAT, unit, …) or of figure (price, quantity). */
export interface MatchFinding {
  reason: string;
  measure?: 'unit_price' | 'quantity';
  expected: string | null;
  actual: string | null;
  difference?: string;
  allowed?: string;
  impact?: Amount;
}

export interface InvoiceLine {
  position: number;
  lineId: string;
  itemName: string;
  sellerItemId: string | null;
  quantity: string;
  unitCode: string;
  netPrice: string;
  priceBaseQuantity: string | null;
  netAmount: Amount;
  vat: { category: string; rate: string | null };
  order: {
    reference: string | null;
    lineReference: string | null;
    purchaseOrderLineId: string | null;
    lookup: string;
  };
  match: {
    status: string;
    mode: 'two_way' | 'three_way' | null;
    findings: MatchFinding[];
    quantities: { ordered: string; received: string | null; invoiced: string } | null;
  };
}

export interface InvoiceDetail extends InvoiceSummary {
  /** Read with the invoice and sent back with an action: someone else's action since answers 409. */
  version: number;
  currency: string;
  seller: { name: string; vatNumber: string | null; siret: string | null; electronicAddress: string | null };
  buyer: { name: string };
  purchaseOrderReference: string | null;
  totals: Record<'lineNet' | 'taxExclusive' | 'vat' | 'taxInclusive' | 'payable', Amount | null>;
  totalsCheck: { consistent: boolean; differences: unknown[] };
  paymentTerms: string | null;
  due: { date: string; source: string; statedOnInvoice: string | null; cappedByLaw: boolean };
  payment: { meansCode: string | null; iban: string | null; bic: string | null };
  intakeReasons: string[];
  possibleDuplicateOf: string[];
  lines: InvoiceLine[];
  violations: { ruleId: string; severity: string; message: string; field: string | null }[];
  receivedBy: { id: string; name: string };
}

export const invoicesPath = '/api/v1/invoices';
export const invoicePath = (id: string) => `${invoicesPath}/${encodeURIComponent(id)}`;
export const invoiceFilePath = (fileId: string) => `${invoicesPath}/files/${encodeURIComponent(fileId)}`;

export function invoicesQuery(filter: { status: InvoiceStatus | '' }): string {
  const params = new URLSearchParams({ limit: '200' });
  if (filter.status) params.set('status', filter.status);
  return `${invoicesPath}?${params}`;
}

/** The types the intake reads; anything else is sent as bytes for the service to recognise. */
export function invoiceContentType(file: { name: string; type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (name.endsWith('.xml')) return 'application/xml';
  if (name.endsWith('.json')) return 'application/json';
  return file.type || 'application/octet-stream';
}

/** An EN 16931 rule a refused file breaks. */
export interface RuleViolation {
  ruleId: string;
  severity: string;
  message: string;
  field: string | null;
}

/** What the intake made of an uploaded file. */
export type UploadOutcome =
  | { kind: 'accepted'; invoice: InvoiceDetail }
  | { kind: 'awaiting_keying'; fileId: string }
  | {
      kind: 'refused';
      status: number;
      code: string;
      detail: string;
      violations: RuleViolation[];
      invoiceId: string | null;
    };

/**
 * Sends the file as the request body, as integrations do; a refusal is an outcome to show (the
 * file is kept for audit either way), with the rules it breaks or the invoice it duplicates.
 */
export async function uploadInvoice(file: File, key: string): Promise<UploadOutcome> {
  const path = `${invoicesPath}?${new URLSearchParams({ fileName: file.name })}`;
  try {
    const answer = await apiFetch<InvoiceDetail | { fileId: string; status: 'awaiting_keying' }>(
      'POST',
      path,
      {
        body: file,
        headers: { 'content-type': invoiceContentType(file), 'idempotency-key': key },
      },
    );
    return 'id' in answer
      ? { kind: 'accepted', invoice: answer }
      : { kind: 'awaiting_keying', fileId: answer.fileId };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const body = (error.body ?? {}) as { violations?: RuleViolation[]; invoiceId?: string };
    return {
      kind: 'refused',
      status: error.status,
      code: error.code,
      detail: error.message,
      violations: body.violations ?? [],
      invoiceId: body.invoiceId ?? null,
    };
  }
}

// What is done to an invoice, and its trace.

export type InvoiceAction =
  | 'clear-duplicate'
  | 'accept-variance'
  | 'request-credit-note'
  | 'hold'
  | 'release'
  | 'refuse';

/** The variances a person may accept (within their limit); any other reason needs the supplier. */
export const acceptableVarianceReasons = [
  'price_variance',
  'quantity_over_received',
  'quantity_over_ordered',
];

/** One action at the version read; the comment is the reason given (a comment for an acceptance). */
export function actOnInvoice(
  invoice: Pick<InvoiceDetail, 'id' | 'version'>,
  action: InvoiceAction,
  text: string,
  key: string,
): Promise<InvoiceDetail> {
  const body =
    action === 'accept-variance' || action === 'clear-duplicate'
      ? { version: invoice.version, comment: text }
      : { version: invoice.version, reason: text };
  return apiFetch<InvoiceDetail>('POST', `${invoicePath(invoice.id)}/${action}`, {
    json: body,
    headers: { 'idempotency-key': key },
  });
}

/** The actions open on an invoice in its status, for someone who decides on invoices. */
export function invoiceActionsFor(invoice: Pick<InvoiceDetail, 'status' | 'match'>): InvoiceAction[] {
  const open = invoice.status === 'received';
  const variance = invoice.match.reasons.some((r) => acceptableVarianceReasons.includes(r));
  return [
    ...(open && invoice.match.reasons.includes('possible_duplicate') ? (['clear-duplicate'] as const) : []),
    ...(open && invoice.match.status === 'exception' && variance ? (['accept-variance'] as const) : []),
    ...(open && invoice.match.status === 'exception' ? (['request-credit-note'] as const) : []),
    ...(open || invoice.status === 'approved' ? (['hold'] as const) : []),
    ...(invoice.status === 'on_hold' ? (['release'] as const) : []),
    ...(invoice.status === 'received' || invoice.status === 'on_hold' || invoice.status === 'approved'
      ? (['refuse'] as const)
      : []),
  ];
}

export interface InvoiceHistoryEntry {
  action: string;
  from: string | null;
  to: string;
  reason: string | null;
  comment: string | null;
  actor: { id: string; name: string } | null;
  amounts: { total?: Amount; limit?: Amount } | null;
  at: string;
}

export const invoiceHistoryPath = (id: string) => `${invoicePath(id)}/history`;

// How a line compares with its order.

export interface LineComparison {
  /** The order's net unit price and what the invoice asks, when the price differs beyond tolerance. */
  price: { ordered: string; invoiced: string; impact: Amount | null } | null;
  /** The quantity found wrong: ordered, received, invoiced so far (this line included). */
  quantity: { reason: string; expected: string; actual: string; impact: Amount | null } | null;
  /** Every other difference (VAT, unit, no order line, …) by reason. */
  others: MatchFinding[];
}

/** Sorts a line's findings into what the workbench highlights beside the order's figures. */
export function compareLine(line: Pick<InvoiceLine, 'match'>): LineComparison {
  let price: LineComparison['price'] = null;
  let quantity: LineComparison['quantity'] = null;
  const others: MatchFinding[] = [];
  for (const finding of line.match.findings) {
    if (finding.measure === 'unit_price' && finding.expected !== null && finding.actual !== null)
      price = { ordered: finding.expected, invoiced: finding.actual, impact: finding.impact ?? null };
    else if (finding.measure === 'quantity' && finding.expected !== null && finding.actual !== null)
      quantity ??= {
        reason: finding.reason,
        expected: finding.expected,
        actual: finding.actual,
        impact: finding.impact ?? null,
      };
    else others.push(finding);
  }
  return { price, quantity, others };
}

// Payment runs.

export type PaymentRunStatus = 'open' | 'confirmed' | 'cancelled';

export interface PaymentRunSummary {
  id: string;
  number: string;
  executionDate: string;
  status: PaymentRunStatus;
  currency: string;
  total: string;
  paymentCount: number;
  invoiceCount: number;
  debtorAccount: { accountHolder: string; iban: string; bic: string | null };
  createdBy: { userId: string; displayName: string };
  createdAt: string;
  confirmedBy: { userId: string; displayName: string } | null;
  confirmedAt: string | null;
  cancelledBy: { userId: string; displayName: string } | null;
  cancelReason: string | null;
}

export interface PaymentRunDetail extends PaymentRunSummary {
  excluded: { invoiceId: string; documentNumber: string; supplierId: string; reason: string }[];
  invoices: {
    invoiceId: string;
    number: string;
    kind: 'invoice' | 'credit_note';
    supplierName: string;
    dueDate: string;
    amount: string;
    endToEndId: string;
    paidOn: string | null;
  }[];
}

export const paymentRunsPath = `${invoicesPath}/payment-runs`;
export const paymentRunPath = (id: string) => `${paymentRunsPath}/${encodeURIComponent(id)}`;
export const paymentRunSepaPath = (id: string) => `${paymentRunPath(id)}/sepa`;
export const paymentRunExportPath = (id: string) => `${paymentRunPath(id)}/accounting-export`;

export function makePaymentRun(executionDate: string, key: string) {
  return apiFetch<PaymentRunDetail>('POST', paymentRunsPath, {
    json: { executionDate },
    headers: { 'idempotency-key': key },
  });
}

export function confirmPaymentRun(id: string) {
  return apiFetch<PaymentRunDetail>('POST', `${paymentRunPath(id)}/confirm`);
}

export function cancelPaymentRun(id: string, reason: string) {
  return apiFetch<PaymentRunDetail>('POST', `${paymentRunPath(id)}/cancel`, { json: { reason } });
}

/** A decimal amount of at most 2 decimals, in cents. */
const centsOf = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return amount.startsWith('-') ? -cents : cents;
};
const amountOfCents = (cents: bigint) => {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

export interface Transfer {
  endToEndId: string;
  supplierName: string;
  /** What is transferred: the invoices less the credit notes netted against them. */
  amount: string;
  documents: PaymentRunDetail['invoices'];
}

/** The documents a run settles, grouped per supplier transfer (one end-to-end id each), in run order. */
export function transfersOf(run: Pick<PaymentRunDetail, 'invoices'>): Transfer[] {
  const transfers = new Map<string, Transfer>();
  for (const invoice of run.invoices) {
    const transfer = transfers.get(invoice.endToEndId) ?? {
      endToEndId: invoice.endToEndId,
      supplierName: invoice.supplierName,
      amount: '0.00',
      documents: [],
    };
    transfers.set(invoice.endToEndId, {
      ...transfer,
      amount: amountOfCents(centsOf(transfer.amount) + centsOf(invoice.amount)),
      documents: [...transfer.documents, invoice],
    });
  }
  return [...transfers.values()];
}
