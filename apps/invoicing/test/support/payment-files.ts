// Sample payment runs and a reader for the pain.001 files written from them, shared by the unit
// tests and the XSD conformance test.
import { money, type PayableDocument, type SupplierBankAccount, selectPaymentRun } from '@procura/domain';
import { DOMParser } from '@xmldom/xmldom';
import {
  pain001Namespace,
  type SepaCreditTransferInput,
  sepaInstructionFromBatch,
} from '../../src/payment-files/index.js';

const eur = (amount: string) => money(amount, 'EUR');

function document(
  invoiceId: string,
  documentNumber: string,
  supplierId: string,
  amount: string,
  overrides: Partial<PayableDocument> = {},
): PayableDocument {
  return {
    invoiceId,
    documentNumber,
    documentType: 'invoice',
    supplierId,
    status: 'approved',
    dueDate: '2026-03-20',
    amountDue: eur(amount),
    debtorAccountId: 'altiva-main',
    ...overrides,
  };
}

export const sampleBankAccounts: SupplierBankAccount[] = [
  {
    supplierId: 'bureau-plus',
    accountHolder: 'Bureau Plus & Fils SARL',
    iban: 'FR7630006000011234567890189',
    bic: 'AGRIFRPP',
    status: 'verified',
  },
  {
    supplierId: 'mueller',
    accountHolder: 'Müller Bürobedarf GmbH',
    iban: 'DE89370400440532013000',
    bic: null,
    status: 'verified',
  },
  {
    supplierId: 'creperie',
    accountHolder: 'Crêperie « Chez Zoé » — Traiteur',
    iban: 'FR1420041010050500013M02606',
    bic: 'PSSTFRPPPAR',
    status: 'verified',
  },
];

/** 24 invoices of 10.00 and a credit note from one supplier: too many numbers for 140 characters. */
const manyInvoices = Array.from({ length: 24 }, (_, index) =>
  document(`mi-${index}`, `FAC-2026-${String(index + 1).padStart(5, '0')}`, 'creperie', '10.00'),
);

/** Documents a payment run selects from: three suppliers, a credit note, and some left out. */
export const sampleDocuments: PayableDocument[] = [
  document('inv-1', 'F2026-0042', 'bureau-plus', '1200.00'),
  document('inv-2', 'F2026-0043', 'bureau-plus', '300.50'),
  document('cn-1', 'AV2026-0007', 'bureau-plus', '120.25', { documentType: 'credit_note', dueDate: null }),
  document('inv-3', 'RE-2026/118', 'mueller', '845.99'),
  document('inv-4', 'F2026-0050', 'bureau-plus', '99.00', { status: 'on_hold' }),
  document('inv-5', 'F2026-0051', 'bureau-plus', '75.00', { dueDate: '2026-04-15' }),
  ...manyInvoices,
  document('cn-2', 'AVOIR-2026-00001', 'creperie', '5.00', { documentType: 'credit_note', dueDate: null }),
];

/** The payment run of 2026-03-20 over the sample documents, written as one instruction. */
export function samplePaymentFile(): SepaCreditTransferInput {
  const run = selectPaymentRun({
    documents: sampleDocuments,
    bankAccounts: sampleBankAccounts,
    dueBy: '2026-03-20',
  });
  const [batch] = run.batches;
  if (!batch) throw new Error('the sample payment run selected nothing');
  return {
    messageId: 'PR-2026-0031',
    createdAt: new Date('2026-03-19T16:45:12.345Z'),
    initiatingPartyName: 'Altiva SAS',
    instructions: [
      sepaInstructionFromBatch(batch, {
        paymentInformationId: 'PR-2026-0031-1',
        requestedExecutionDate: '2026-03-20',
        debtor: { name: 'Altiva SAS', iban: 'FR7610107001011234567890129', bic: 'BREDFRPPXXX' },
        endToEndIdOf: (_, index) => `PR-2026-0031-P${index + 1}`,
      }),
    ],
  };
}

/** A parsed pain.001 file: read elements by their path below an element. */
export class Pain001Reader {
  readonly document: Element;

  constructor(xml: string) {
    const parsed = new DOMParser({
      errorHandler: {
        error: (message) => {
          throw new Error(message);
        },
        fatalError: (message) => {
          throw new Error(message);
        },
      },
    }).parseFromString(xml, 'application/xml');
    const root = parsed.documentElement;
    if (!root || root.namespaceURI !== pain001Namespace || root.localName !== 'Document')
      throw new Error('not a pain.001.001.09 document');
    this.document = root;
  }

  /** The elements at `path` ("GrpHdr/MsgId") below `from`, in document order. */
  all(path: string, from: Element = this.document): Element[] {
    let current = [from];
    for (const name of path.split('/')) {
      current = current.flatMap((element) =>
        Array.from(element.childNodes).filter(
          (node): node is Element =>
            node.nodeType === 1 &&
            (node as Element).localName === name &&
            (node as Element).namespaceURI === pain001Namespace,
        ),
      );
    }
    return current;
  }

  /** The text of the single element at `path`; throws when there is none or several. */
  text(path: string, from: Element = this.document): string {
    const found = this.all(path, from);
    const [element] = found;
    if (found.length !== 1 || !element) throw new Error(`expected one ${path}, found ${found.length}`);
    return element.textContent ?? '';
  }
}
