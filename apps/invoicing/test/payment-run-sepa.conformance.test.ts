// The SEPA credit transfer file of a payment run made through the API, from invoices received by the
// real intake and stored, validates against the official pain.001.001.09 schema of the EPC guidelines,
// read from PROCURA_CONFORMANCE_DIR/schemas (never copied into the repository).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Seller, ublDocument } from '@procura/einvoice/samples';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { accountant, administrator, intakeTestbed, martin, numeria } from './support/intake.js';
import { Pain001Reader } from './support/payment-files.js';
import {
  announceBankAccount,
  approveForPayment,
  daysFromToday,
  paymentRunClient,
} from './support/payment-runs.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const conformanceDir =
  process.env.PROCURA_CONFORMANCE_DIR ?? join(repositoryRoot, '..', 'shared', 'conformance');
const schemaPath = join(conformanceDir, 'schemas', 'pain.001.001.09.xsd');
if (!existsSync(schemaPath))
  throw new Error(
    `No pain.001.001.09 schema at ${schemaPath}: set PROCURA_CONFORMANCE_DIR to the conformance folder`,
  );
const schema = readFileSync(schemaPath, 'utf8');

const bed = intakeTestbed();
const api = paymentRunClient(bed);
const sellers: Record<string, Seller> = {
  [martin.supplierId]: { name: martin.name, vatNumber: martin.vatNumber, siren: martin.siren },
  [numeria.supplierId]: { name: numeria.name, vatNumber: numeria.vatNumber, siren: numeria.siren },
};

let orderNo = 0;
async function approvedInvoice(
  supplierId: string,
  number: string,
  kind: 'invoice' | 'credit_note' = 'invoice',
) {
  orderNo += 1;
  const order = `PO-2026-8${String(orderNo).padStart(5, '0')}`;
  await bed.issueOrder(order, supplierId, [
    {
      lineNo: 1,
      reference: 'PAP-A4',
      quantity: '500',
      unitCode: 'C62',
      unitPrice: '4.90',
      receiptRequired: false,
    },
  ]);
  const answer = await bed.upload(
    accountant,
    ublDocument({
      kind,
      number,
      issueDate: daysFromToday(-60),
      dueDate: daysFromToday(-15),
      seller: sellers[supplierId] ?? { name: 'unknown' },
      order,
      lines: [
        {
          id: '1',
          name: 'Ramette papier A4 « extra-blanc »',
          quantity: kind === 'credit_note' ? '2' : String(10 + orderNo),
          unit: 'C62',
          price: '4.90',
          rate: '20',
          orderLine: '1',
        },
      ],
    }),
    'application/xml',
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  await approveForPayment(bed.db, answer.body.id);
}

beforeAll(async () => {
  await bed.announceSupplier(martin);
  await bed.announceSupplier(numeria);
  await announceBankAccount(bed.db, martin, {
    verified: {
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      accountHolder: 'Papeterie Martin & Fils',
    },
  });
  await announceBankAccount(bed.db, numeria, {
    verified: { iban: 'DE89370400440532013000', bic: null, accountHolder: 'Numéria Systèmes GmbH' },
  });
  await api.put({ ...administrator, entityId: accountant.entityId }, '/paying-account', {
    accountHolder: 'Altiva SAS',
    iban: 'FR7610107001011234567890129',
    bic: 'BREDFRPPXXX',
  });
  for (let n = 1; n <= 3; n += 1) await approvedInvoice(martin.supplierId, `F-2026-${n}`);
  await approvedInvoice(martin.supplierId, 'AV-2026-1', 'credit_note');
  await approvedInvoice(numeria.supplierId, 'NS/2026/311');
});

describe("a payment run's SEPA file against the official EPC schema", () => {
  it('validates: two suppliers, a credit note netted, a creditor with and without BIC', async () => {
    const run = await api.post(accountant, '/payment-runs', { executionDate: daysFromToday(1) });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const file = await api.text(accountant, `/payment-runs/${run.body.id}/sepa`);
    expect(file.status).toBe(200);
    const reader = new Pain001Reader(file.body);
    expect(reader.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf')).toHaveLength(2);
    expect(reader.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAgt')).toHaveLength(1);
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/CtrlSum')).toBe(run.body.total);

    const result = await validateXML({
      xml: [{ fileName: 'payment-run.xml', contents: file.body }],
      schema: [{ fileName: 'pain.001.001.09.xsd', contents: schema }],
    });
    expect({ valid: result.valid, errors: result.errors.map((e) => e.message) }).toEqual({
      valid: true,
      errors: [],
    });
  });
});
