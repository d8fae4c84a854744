// The SEPA credit transfer writer, read back: every figure in the file is checked against what
// the payment run selected. The XSD validation is the conformance run's
// (sepa-credit-transfer.conformance.test.ts).
import { type FieldIssue, isDomainError, money } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import {
  isSepaText,
  type SepaCreditTransferInput,
  type SepaPayment,
  writeSepaCreditTransfer,
} from '../src/payment-files/index.js';
import { Pain001Reader, samplePaymentFile } from './support/payment-files.js';

const eur = (amount: string) => money(amount, 'EUR');

function payment(
  endToEndId: string,
  documents: [string, string][],
  overrides: Partial<SepaPayment> = {},
): SepaPayment {
  return {
    endToEndId,
    creditor: { name: 'Bureau Plus SARL', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
    documents: documents.map(([documentNumber, amount]) => ({ documentNumber, amount: eur(amount) })),
    ...overrides,
  };
}

function file(
  payments: SepaPayment[],
  overrides: Partial<SepaCreditTransferInput> = {},
): SepaCreditTransferInput {
  return {
    messageId: 'MSG-1',
    createdAt: new Date('2026-03-19T08:00:00Z'),
    initiatingPartyName: 'Altiva SAS',
    instructions: [
      {
        paymentInformationId: 'PMT-1',
        requestedExecutionDate: '2026-03-20',
        debtor: { name: 'Altiva SAS', iban: 'FR7610107001011234567890129', bic: 'BREDFRPPXXX' },
        payments,
      },
    ],
    ...overrides,
  };
}

function invalidIssues(input: SepaCreditTransferInput) {
  try {
    writeSepaCreditTransfer(input);
  } catch (error) {
    if (isDomainError(error, 'payment_file_invalid') && Array.isArray(error.details))
      return error.details as readonly FieldIssue[];
    throw error;
  }
  throw new Error('expected payment_file_invalid');
}

describe('writeSepaCreditTransfer: the sample payment run read back', () => {
  const written = writeSepaCreditTransfer(samplePaymentFile());
  const reader = new Pain001Reader(written.xml);
  const transactions = reader.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf');
  const read = transactions.map((transaction) => ({
    endToEndId: reader.text('PmtId/EndToEndId', transaction),
    amount: reader.text('Amt/InstdAmt', transaction),
    currency: reader.all('Amt/InstdAmt', transaction)[0]?.getAttribute('Ccy'),
    bic: reader.all('CdtrAgt/FinInstnId/BICFI', transaction)[0]?.textContent ?? null,
    name: reader.text('Cdtr/Nm', transaction),
    iban: reader.text('CdtrAcct/Id/IBAN', transaction),
    remittance: reader.text('RmtInf/Ustrd', transaction),
  }));

  it('writes the group header: message id, creation time to the second, number of transactions and control sum', () => {
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/MsgId')).toBe('PR-2026-0031');
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/CreDtTm')).toBe('2026-03-19T16:45:12Z');
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/NbOfTxs')).toBe('6');
    // 1200.00 + 300.50 − 120.25 (Bureau Plus) + 845.99 (Müller) + 24 × 10.00 − 5.00 (Crêperie)
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/CtrlSum')).toBe('2461.24');
    expect(reader.text('CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm')).toBe('Altiva SAS');
    expect(written.numberOfTransactions).toBe(6);
    expect(written.controlSum).toEqual(eur('2461.24'));
  });

  it('writes the payment information: SEPA transfer, execution date, debtor, charges shared', () => {
    const [instruction] = reader.all('CstmrCdtTrfInitn/PmtInf');
    if (!instruction) throw new Error('no PmtInf');
    expect(reader.text('PmtInfId', instruction)).toBe('PR-2026-0031-1');
    expect(reader.text('PmtMtd', instruction)).toBe('TRF');
    expect(reader.text('NbOfTxs', instruction)).toBe('6');
    expect(reader.text('CtrlSum', instruction)).toBe('2461.24');
    expect(reader.text('PmtTpInf/SvcLvl/Cd', instruction)).toBe('SEPA');
    expect(reader.text('ReqdExctnDt/Dt', instruction)).toBe('2026-03-20');
    expect(reader.text('Dbtr/Nm', instruction)).toBe('Altiva SAS');
    expect(reader.text('DbtrAcct/Id/IBAN', instruction)).toBe('FR7610107001011234567890129');
    expect(reader.text('DbtrAgt/FinInstnId/BICFI', instruction)).toBe('BREDFRPPXXX');
    expect(reader.text('ChrgBr', instruction)).toBe('SLEV');
  });

  it('writes each transaction with its amount, creditor and the invoice numbers it pays', () => {
    expect(read.slice(0, 2)).toEqual([
      {
        endToEndId: 'PR-2026-0031-P1',
        amount: '1380.25',
        currency: 'EUR',
        bic: 'AGRIFRPP',
        name: 'Bureau Plus + Fils SARL',
        iban: 'FR7630006000011234567890189',
        remittance: 'F2026-0042, F2026-0043, AV2026-0007',
      },
      expect.objectContaining({ endToEndId: 'PR-2026-0031-P2-1', name: "Creperie ' Chez Zoe ' - Traiteur" }),
    ]);
    expect(read.at(-1)).toEqual({
      endToEndId: 'PR-2026-0031-P3',
      amount: '845.99',
      currency: 'EUR',
      bic: null,
      name: 'Muller Burobedarf GmbH',
      iban: 'DE89370400440532013000',
      remittance: 'RE-2026/118',
    });
  });

  it('leaves the creditor agent out without a BIC, and writes no held or undue invoice', () => {
    expect(reader.all('CdtrAgt', transactions.at(-1))).toEqual([]);
    expect(written.xml).not.toContain('F2026-0050');
    expect(written.xml).not.toContain('F2026-0051');
  });

  it('splits the 25 documents of one supplier into transactions of at most 140 characters that name each once', () => {
    const split = read.filter((transaction) => transaction.endToEndId.startsWith('PR-2026-0031-P2-'));
    expect(split.map((transaction) => transaction.endToEndId)).toEqual([
      'PR-2026-0031-P2-1',
      'PR-2026-0031-P2-2',
      'PR-2026-0031-P2-3',
      'PR-2026-0031-P2-4',
    ]);
    for (const transaction of split) expect(transaction.remittance.length).toBeLessThanOrEqual(140);
    const named = split.flatMap((transaction) => transaction.remittance.split(', '));
    expect(named.toSorted()).toEqual(
      [
        ...Array.from({ length: 24 }, (_, i) => `FAC-2026-${String(i + 1).padStart(5, '0')}`),
        'AVOIR-2026-00001',
      ].toSorted(),
    );
    // The credit note travels with invoices in the first transaction; amounts still add up.
    expect(split[0]?.remittance).toContain('AVOIR-2026-00001');
    expect(split.map((transaction) => transaction.amount)).toEqual(['65.00', '80.00', '80.00', '10.00']);
  });

  it('adds up: the control sums equal the sum of the transactions read back', () => {
    const total = read.reduce((sum, transaction) => sum.add(eur(transaction.amount)), eur('0'));
    expect(total.toDecimalString(2)).toBe(reader.text('CstmrCdtTrfInitn/GrpHdr/CtrlSum'));
    expect(String(read.length)).toBe(reader.text('CstmrCdtTrfInitn/GrpHdr/NbOfTxs'));
  });

  it('returns what it wrote, transaction by transaction', () => {
    expect(
      written.transactions[0]?.map((transaction) => [
        transaction.endToEndId,
        transaction.amount.toDecimalString(2),
        transaction.remittanceInformation,
      ]),
    ).toEqual(
      read.map((transaction) => [transaction.endToEndId, transaction.amount, transaction.remittance]),
    );
  });

  it('writes nothing outside SEPA’s character set', () => {
    const texts = Array.from(reader.document.getElementsByTagName('*'))
      .filter((element) => element.childNodes.length === 1 && element.firstChild?.nodeType === 3)
      .map((element) => element.textContent ?? '');
    expect(texts).toEqual(expect.arrayContaining(['Muller Burobedarf GmbH', 'Bureau Plus + Fils SARL']));
    for (const text of texts) expect(isSepaText(text), text).toBe(true);
  });
});

describe('writeSepaCreditTransfer: limits', () => {
  it('cuts creditor names to 70 characters', () => {
    const long = 'Société Anonyme des Établissements Industriels et Commerciaux du Grand Ouest Atlantique';
    const written = writeSepaCreditTransfer(
      file([payment('E2E-1', [['F1', '10']], { creditor: { name: long, iban: 'DE89370400440532013000' } })]),
    );
    const name = new Pain001Reader(written.xml).text('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Cdtr/Nm');
    expect(name).toBe('Societe Anonyme des Etablissements Industriels et Commerciaux du Grand');
    expect(name.length).toBeLessThanOrEqual(70);
  });

  it('fits exactly 140 characters of invoice numbers in one transaction', () => {
    // 10 numbers of 12 characters and 9 separators of 2: 138; one more character makes 139, then 140.
    const numbers = Array.from({ length: 10 }, (_, i) => `INV-2026-${String(i).padStart(3, '0')}`);
    numbers[9] = `${numbers[9]}AB`;
    const written = writeSepaCreditTransfer(
      file([
        payment(
          'E2E-1',
          numbers.map((n) => [n, '1.00']),
        ),
      ]),
    );
    expect(written.transactions[0]).toHaveLength(1);
    expect(written.transactions[0]?.[0]?.remittanceInformation).toHaveLength(140);
  });

  it('splits at 141 characters', () => {
    const numbers = Array.from({ length: 10 }, (_, i) => `INV-2026-${String(i).padStart(3, '0')}`);
    numbers[9] = `${numbers[9]}ABC`;
    const written = writeSepaCreditTransfer(
      file([
        payment(
          'E2E-1',
          numbers.map((n) => [n, '1.00']),
        ),
      ]),
    );
    expect(written.transactions[0]?.map((transaction) => transaction.endToEndId)).toEqual([
      'E2E-1-1',
      'E2E-1-2',
    ]);
    expect(written.controlSum).toEqual(eur('10.00'));
  });

  it('keeps a payment whole and names what fits then "+N" when its credit notes alone outweigh the first transaction', () => {
    const credits: [string, string][] = Array.from({ length: 9 }, (_, i) => [`CREDIT-NOTE-${i}`, '-10.00']);
    const invoices: [string, string][] = Array.from({ length: 9 }, (_, i) => [`INVOICE-00${i}`, '20.00']);
    const written = writeSepaCreditTransfer(file([payment('E2E-1', [...invoices, ...credits])]));
    const [transaction] = written.transactions[0] ?? [];
    expect(written.transactions[0]).toHaveLength(1);
    expect(transaction?.amount).toEqual(eur('90.00'));
    expect(transaction?.remittanceInformation.length).toBeLessThanOrEqual(140);
    expect(transaction?.remittanceInformation).toMatch(/^INVOICE-000, INVOICE-001, .*, \+\d+$/);
    const listed = transaction?.remittanceInformation.split(', ') ?? [];
    expect(listed.length - 1 + Number(listed.at(-1)?.slice(1))).toBe(18);
  });

  it('transliterates invoice numbers in the remittance information', () => {
    const written = writeSepaCreditTransfer(file([payment('E2E-1', [['FACT-№12_é', '5.00']])]));
    expect(written.transactions[0]?.[0]?.remittanceInformation).toBe('FACT-.12-e');
  });
});

describe('writeSepaCreditTransfer: refusals', () => {
  it('refuses anything but euros', () => {
    const input = file([
      payment('E2E-1', [], {
        documents: [{ documentNumber: 'F1', amount: money('10.00', 'USD') }],
      }),
    ]);
    expect(invalidIssues(input)).toEqual([
      { field: 'instructions[0].payments[0].documents', reason: 'SEPA pays euros only, not USD' },
    ]);
  });

  it('refuses a payment that comes to zero or less, and one above 999,999,999.99', () => {
    expect(
      invalidIssues(
        file([
          payment('E2E-1', [
            ['F1', '10.00'],
            ['AV1', '-10.00'],
          ]),
        ]),
      ),
    ).toEqual([
      {
        field: 'instructions[0].payments[0].documents',
        reason: 'add up to 0.00, outside 0.01 to 999999999.99 EUR',
      },
    ]);
    expect(invalidIssues(file([payment('E2E-1', [['F1', '1000000000.00']])]))[0]).toMatchObject({
      reason: 'add up to 1000000000.00, outside 0.01 to 999999999.99 EUR',
    });
  });

  it('refuses amounts that are not whole cents', () => {
    expect(invalidIssues(file([payment('E2E-1', [['F1', '10.005']])]))).toEqual([
      { field: 'instructions[0].payments[0].documents', reason: 'add up to 10.005, not whole cents' },
    ]);
  });

  it('refuses identifiers over 35 characters, outside the character set, or with "//", naming each', () => {
    const issues = invalidIssues(
      file([payment('E2E/1', [['F1', '1.00']]), payment('/E2E-2', [['F2', '1.00']])], {
        messageId: 'M'.repeat(36),
        instructions: [
          {
            paymentInformationId: 'PMT//1',
            requestedExecutionDate: '20/03/2026',
            debtor: { name: 'Altiva SAS', iban: 'FR7610107001011234567890129' },
            payments: [payment('E2E_3', [['F3', '1.00']])],
          },
        ],
      }),
    );
    expect(issues).toEqual([
      { field: 'messageId', reason: 'must have 1 to 35 characters' },
      {
        field: 'instructions[0].paymentInformationId',
        reason: 'must not start or end with "/" nor contain "//"',
      },
      { field: 'instructions[0].requestedExecutionDate', reason: 'must be a date YYYY-MM-DD' },
      {
        field: 'instructions[0].payments[0].endToEndId',
        reason: "must use only A-Z a-z 0-9 / - ? : ( ) . , ' + and space",
      },
    ]);
  });

  it('refuses the same end-to-end id twice in a file', () => {
    expect(
      invalidIssues(file([payment('E2E-1', [['F1', '1.00']]), payment('E2E-1', [['F2', '1.00']])])),
    ).toEqual([
      { field: 'instructions[0].payments[1].endToEndId', reason: '"E2E-1" is used twice in the file' },
    ]);
  });

  it('refuses a split that would push an end-to-end id past 35 characters, and lets the same id through unsplit', () => {
    const numbers: [string, string][] = Array.from({ length: 12 }, (_, i) => [`INVOICE-NUMBER-${i}`, '1.00']);
    expect(invalidIssues(file([payment('E'.repeat(34), numbers)]))).toEqual([
      { field: 'instructions[0].payments[0].endToEndId', reason: 'must have 1 to 35 characters' },
    ]);
    expect(
      writeSepaCreditTransfer(file([payment('E'.repeat(34), numbers.slice(0, 7))])).numberOfTransactions,
    ).toBe(1);
  });

  it('refuses a bad creditor IBAN or BIC, naming the field', () => {
    const issues = invalidIssues(
      file([
        payment('E2E-1', [['F1', '1.00']], {
          creditor: { name: 'X', iban: 'FR7630006000011234567890188', bic: 'AGRI' },
        }),
      ]),
    );
    expect(issues).toEqual([
      { field: 'instructions[0].payments[0].creditor.iban', reason: expect.stringContaining('mod-97') },
      { field: 'instructions[0].payments[0].creditor.bic', reason: expect.stringContaining('8 or 11') },
    ]);
  });

  it('refuses a file without instructions or a payment without documents', () => {
    expect(invalidIssues(file([], { instructions: [] }))).toEqual([
      { field: 'instructions', reason: 'must not be empty' },
    ]);
    expect(invalidIssues(file([payment('E2E-1', [])]))).toEqual([
      { field: 'instructions[0].payments[0].documents', reason: 'must not be empty' },
    ]);
  });
});
