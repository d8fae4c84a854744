// Invoices keyed in by hand (a scanned PDF typed in by accounts payable, an integration without an
// e-invoicing platform): JSON in the shape of the canonical invoice, amounts as decimal strings.
import { type Invoice, isDecimalString, toDecimalString } from '@procura/domain';
import { z } from 'zod';
import { einvoiceError } from '../errors.js';
import type { EInvoiceLimits } from '../limits.js';

const ZText = z.string().max(1000);
const ZCode = z.string().trim().min(1).max(35);
const ZDecimal = z
  .string()
  .refine(isDecimalString, 'must be a plain decimal string such as "1234.50" (no exponent, no separators)')
  .transform((value) => toDecimalString(value));
const ZDate = z.iso.date({ message: 'must be a date such as 2026-01-31' });

const ZSchemedIdentifier = z.strictObject({ id: ZText, scheme: ZCode.optional() });

const ZParty = z.strictObject({
  name: ZText.optional(),
  tradingName: ZText.optional(),
  identifiers: z.array(ZSchemedIdentifier).max(20).default([]),
  legalRegistration: ZSchemedIdentifier.optional(),
  vatNumber: ZText.optional(),
  taxRegistration: ZText.optional(),
  electronicAddress: z.strictObject({ value: ZText, scheme: ZCode.optional() }).optional(),
  postalAddress: z
    .strictObject({
      lines: z.array(ZText).max(5).default([]),
      city: ZText.optional(),
      postalCode: ZText.optional(),
      countrySubdivision: ZText.optional(),
      countryCode: ZCode.optional(),
    })
    .optional(),
  contact: z
    .strictObject({ name: ZText.optional(), telephone: ZText.optional(), email: ZText.optional() })
    .optional(),
});

const ZAllowanceCharge = z.strictObject({
  amount: ZDecimal.optional(),
  baseAmount: ZDecimal.optional(),
  percentage: ZDecimal.optional(),
  vatCategory: ZCode.optional(),
  vatRate: ZDecimal.optional(),
  reason: ZText.optional(),
  reasonCode: ZCode.optional(),
});

const ZLine = z.strictObject({
  id: ZText.optional(),
  orderReference: ZText.optional(),
  orderLineId: ZText.optional(),
  quantity: ZDecimal.optional(),
  unitCode: ZCode.optional(),
  netAmount: ZDecimal.optional(),
  netPrice: ZDecimal.optional(),
  priceDiscount: ZDecimal.optional(),
  grossPrice: ZDecimal.optional(),
  priceBaseQuantity: ZDecimal.optional(),
  priceBaseQuantityUnitCode: ZCode.optional(),
  allowances: z.array(ZAllowanceCharge).max(100).default([]),
  charges: z.array(ZAllowanceCharge).max(100).default([]),
  vatCategory: ZCode.optional(),
  vatRate: ZDecimal.optional(),
  itemName: ZText.optional(),
  itemDescription: ZText.optional(),
  sellerItemId: ZText.optional(),
  buyerItemId: ZText.optional(),
  standardItemId: ZSchemedIdentifier.optional(),
});

/**
 * A keyed-in invoice or credit note. The schema checks shapes and formats only; the EN 16931 rules
 * (mandatory terms, arithmetic) are `validateInvoice`'s, with their rule ids, as for any other syntax.
 */
export const ZKeyedInvoice = z.strictObject({
  kind: z.enum(['invoice', 'credit_note']),
  specificationId: ZText.optional(),
  businessProcessId: ZText.optional(),
  number: ZText.optional(),
  issueDate: ZDate.optional(),
  typeCode: ZCode.optional(),
  currency: ZCode.optional(),
  vatAccountingCurrency: ZCode.optional(),
  dueDate: ZDate.optional(),
  buyerReference: ZText.optional(),
  purchaseOrderReference: ZText.optional(),
  salesOrderReference: ZText.optional(),
  deliveryDate: ZDate.optional(),
  precedingInvoices: z
    .array(z.strictObject({ number: ZText.optional(), issueDate: ZDate.optional() }))
    .max(100)
    .default([]),
  seller: ZParty,
  buyer: ZParty,
  payee: z
    .strictObject({
      name: ZText.optional(),
      identifiers: z.array(ZSchemedIdentifier).max(20).default([]),
      legalRegistration: ZSchemedIdentifier.optional(),
    })
    .optional(),
  paymentTerms: ZText.optional(),
  paymentMeans: z
    .array(
      z.strictObject({
        typeCode: ZCode.optional(),
        remittanceInformation: ZText.optional(),
        creditTransfers: z
          .array(
            z.strictObject({
              accountId: ZText.optional(),
              accountName: ZText.optional(),
              bic: ZCode.optional(),
            }),
          )
          .max(10)
          .default([]),
      }),
    )
    .max(10)
    .default([]),
  allowances: z.array(ZAllowanceCharge).max(100).default([]),
  charges: z.array(ZAllowanceCharge).max(100).default([]),
  vatBreakdown: z
    .array(
      z.strictObject({
        category: ZCode.optional(),
        rate: ZDecimal.optional(),
        taxableAmount: ZDecimal.optional(),
        taxAmount: ZDecimal.optional(),
        exemptionReason: ZText.optional(),
        exemptionReasonCode: ZCode.optional(),
      }),
    )
    .max(50)
    .default([]),
  totals: z.strictObject({
    lineNetTotal: ZDecimal.optional(),
    allowanceTotal: ZDecimal.optional(),
    chargeTotal: ZDecimal.optional(),
    taxExclusiveTotal: ZDecimal.optional(),
    vatTotal: ZDecimal.optional(),
    vatTotalInAccountingCurrency: ZDecimal.optional(),
    taxInclusiveTotal: ZDecimal.optional(),
    prepaidAmount: ZDecimal.optional(),
    roundingAmount: ZDecimal.optional(),
    payableAmount: ZDecimal.optional(),
  }),
  lines: z.array(ZLine).max(10_000),
});

export type TKeyedInvoice = z.input<typeof ZKeyedInvoice>;

/** Refuses JSON nested deeper than `maxDepth` before JSON.parse sees it (its recursion has no bound). */
function assertJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      depth++;
      if (depth > maxDepth) {
        throw einvoiceError('einvoice_too_deep', `The JSON nests values more than ${maxDepth} levels deep`);
      }
    } else if (char === '}' || char === ']') depth--;
  }
}

/** Reads a keyed-in invoice from JSON text; throws `einvoice_invalid_json` naming each field at fault. */
export function parseKeyedInvoiceText(text: string, limits: EInvoiceLimits): Invoice {
  assertJsonDepth(text, limits.maxDepth);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw einvoiceError('einvoice_invalid_json', `The invoice is not valid JSON: ${reason}`);
  }
  return parseKeyedInvoice(json);
}

/** Checks an already parsed keyed-in invoice against {@link ZKeyedInvoice}. */
export function parseKeyedInvoice(json: unknown): Invoice {
  const result = ZKeyedInvoice.safeParse(json);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(root)',
      reason: issue.message,
    }));
    const [first] = details;
    throw einvoiceError(
      'einvoice_invalid_json',
      `The keyed-in invoice breaks its schema: ${first?.field} ${first?.reason}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details,
    );
  }
  return result.data;
}
