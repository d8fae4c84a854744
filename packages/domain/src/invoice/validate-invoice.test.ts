import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineNetAmount } from '../money/line-amount.js';
import { money } from '../money/money.js';
import { computeVatBreakdown } from '../tax/vat-breakdown.js';
import { parseVatRate } from '../tax/vat-rate.js';
import { d, invoiceLine, sampleInvoice } from '../testing/invoice.js';
import type { Invoice, InvoiceLine } from './invoice.js';
import { invoiceRules } from './invoice-rules.js';
import { type InvoiceRuleViolation, validateInvoice } from './validate-invoice.js';

const violationsOf = (invoice: Invoice, peppol?: boolean): readonly InvoiceRuleViolation[] =>
  validateInvoice(invoice, peppol === undefined ? {} : { peppol }).violations;

const ruleIds = (invoice: Invoice, peppol?: boolean): string[] =>
  violationsOf(invoice, peppol).map((violation) => violation.ruleId);

/** The sample invoice with one line replaced: line 1 (10 × 12.50 = 125.00) by default. */
function withLine(overrides: Partial<InvoiceLine>, index = 0): Invoice {
  const invoice = sampleInvoice();
  return {
    ...invoice,
    lines: invoice.lines.map((line, at) => (at === index ? { ...line, ...overrides } : line)),
  };
}

/** A one-line invoice whose totals and breakdown follow the line, for arithmetic at the boundaries. */
function singleLineInvoice(line: InvoiceLine, vatAmount: string): Invoice {
  const invoice = sampleInvoice();
  const net = line.netAmount ?? d('0');
  const gross = d(money(net, 'EUR').add(money(vatAmount, 'EUR')).toDecimalString());
  return {
    ...invoice,
    lines: [line],
    allowances: [],
    charges: [],
    vatBreakdown: [{ category: 'S', rate: line.vatRate, taxableAmount: net, taxAmount: d(vatAmount) }],
    totals: {
      lineNetTotal: net,
      taxExclusiveTotal: net,
      vatTotal: d(vatAmount),
      taxInclusiveTotal: gross,
      payableAmount: gross,
    },
  };
}

describe('validateInvoice', () => {
  it('accepts a complete invoice and hands it back typed as valid', () => {
    const result = validateInvoice(sampleInvoice());

    expect(result.violations).toEqual([]);
    expect(result.valid).toBe(true);
    if (result.valid) expect(result.invoice.totals.payableAmount).toBe('389.57');
  });

  it('names each violation by its official rule id, with a message and the field at fault', () => {
    const result = validateInvoice({ ...sampleInvoice(), number: undefined });

    expect(result.valid).toBe(false);
    expect(result.violations).toEqual([
      {
        ruleId: 'BR-02',
        severity: 'fatal',
        message: 'The invoice number (BT-1) is missing',
        field: 'number',
      },
    ]);
  });

  it('only reports rules it documents in invoiceRules', () => {
    const broken: Invoice = {
      ...sampleInvoice(),
      specificationId: '',
      currency: 'XYZ',
      lines: [invoiceLine({ id: undefined, quantity: undefined, netPrice: d('-1'), vatCategory: 'X' })],
      vatBreakdown: [{}],
      paymentMeans: [{ creditTransfers: [{}] }],
    };

    const reported = ruleIds(broken);

    expect(reported.length).toBeGreaterThan(10);
    for (const ruleId of reported) expect(invoiceRules, ruleId).toHaveProperty(ruleId);
  });
});

describe('mandatory terms (BR-01 to BR-16)', () => {
  it.each([
    ['BR-01', { specificationId: '' }],
    ['BR-02', { number: '  ' }],
    ['BR-03', { issueDate: undefined }],
    ['BR-04', { typeCode: undefined }],
    ['BR-05', { currency: undefined }],
    ['BR-16', { lines: [] }],
  ] as const)('reports %s for a missing or blank term', (ruleId, change) => {
    expect(ruleIds({ ...sampleInvoice(), ...change })).toContain(ruleId);
  });

  it('reports BR-06 and BR-07 for nameless parties, BR-08 to BR-11 for missing addresses and countries', () => {
    const invoice = sampleInvoice();
    const reported = ruleIds({
      ...invoice,
      seller: { ...invoice.seller, name: undefined, postalAddress: undefined },
      buyer: { ...invoice.buyer, name: '', postalAddress: { lines: ['1 rue X'] } },
    });

    expect(reported).toEqual(expect.arrayContaining(['BR-06', 'BR-07', 'BR-08', 'BR-09', 'BR-11']));
    expect(reported).not.toContain('BR-10');
  });

  it('reports BR-12 to BR-15 for each missing total', () => {
    const reported = ruleIds({ ...sampleInvoice(), totals: {} });

    expect(reported).toEqual(expect.arrayContaining(['BR-12', 'BR-13', 'BR-14', 'BR-15']));
  });

  it('reports BR-21 to BR-26 and BR-CO-04 for each missing line term', () => {
    const reported = ruleIds(
      withLine({
        id: undefined,
        quantity: undefined,
        unitCode: '',
        netAmount: undefined,
        itemName: undefined,
        netPrice: undefined,
        vatCategory: undefined,
      }),
    );

    expect(reported).toEqual(
      expect.arrayContaining(['BR-21', 'BR-22', 'BR-23', 'BR-24', 'BR-25', 'BR-26', 'BR-CO-04']),
    );
  });

  it('refuses a negative item net price (BR-27) and gross price (BR-28), accepts 0', () => {
    expect(ruleIds(withLine({ netPrice: d('-0.01') }))).toContain('BR-27');
    expect(ruleIds(withLine({ grossPrice: d('-0.01') }))).toContain('BR-28');
    expect(
      ruleIds(
        singleLineInvoice(invoiceLine({ netPrice: d('0'), netAmount: d('0'), grossPrice: d('0') }), '0'),
      ),
    ).toEqual([]);
  });

  it('requires a scheme for the item standard identifier (BR-64) and electronic addresses (BR-62, BR-63)', () => {
    const invoice = withLine({ standardItemId: { id: '3017620422003' } });
    const reported = ruleIds({
      ...invoice,
      seller: { ...invoice.seller, electronicAddress: { value: 'factures@martin.fr' } },
      buyer: { ...invoice.buyer, electronicAddress: { value: '404833048', scheme: '' } },
    });

    expect(reported).toEqual(expect.arrayContaining(['BR-64', 'BR-62', 'BR-63']));
  });

  it('refuses a currency Procura does not know (BR-CL-04) and a VAT category outside UNCL5305 (BR-CL-18)', () => {
    expect(ruleIds({ ...sampleInvoice(), currency: 'XYZ' })).toContain('BR-CL-04');
    expect(ruleIds(withLine({ vatCategory: 'B' }))).toContain('BR-CL-18');
  });

  it('requires the VAT total in accounting currency when one is named (BR-53)', () => {
    const invoice = { ...sampleInvoice(), vatAccountingCurrency: 'GBP' };

    expect(ruleIds(invoice)).toContain('BR-53');
    expect(
      ruleIds({ ...invoice, totals: { ...invoice.totals, vatTotalInAccountingCurrency: d('54.71') } }),
    ).toEqual([]);
    expect(ruleIds({ ...sampleInvoice(), vatAccountingCurrency: 'EUR' })).toEqual([]);
  });

  it('requires the number of a preceding invoice (BR-55)', () => {
    expect(ruleIds({ ...sampleInvoice(), precedingInvoices: [{ issueDate: '2026-01-02' }] })).toContain(
      'BR-55',
    );
  });
});

describe('parties', () => {
  it('requires a VAT identifier to start with a country code, Greece writing EL (BR-CO-09)', () => {
    const invoice = sampleInvoice();

    expect(ruleIds({ ...invoice, seller: { ...invoice.seller, vatNumber: '44732829320' } })).toContain(
      'BR-CO-09',
    );
    expect(ruleIds({ ...invoice, buyer: { ...invoice.buyer, vatNumber: 'EL094259216' } })).toEqual([]);
  });

  it('requires a seller identifier, legal registration or VAT identifier (BR-CO-26)', () => {
    const { seller, ...invoice } = sampleInvoice();
    const anonymous = { ...seller, identifiers: [], legalRegistration: undefined, vatNumber: undefined };

    expect(ruleIds({ ...invoice, seller: anonymous })).toContain('BR-CO-26');
    expect(ruleIds({ ...invoice, seller: { ...anonymous, vatNumber: 'FR44732829320' } })).toEqual([]);
  });

  it('accepts a named payee other than the seller, refuses a nameless one or the seller itself (BR-17)', () => {
    const invoice = sampleInvoice();
    const factor = { name: 'Affacturage Crédit SA', identifiers: [{ id: '55208131766522', scheme: '0009' }] };

    expect(ruleIds({ ...invoice, payee: factor })).toEqual([]);
    expect(ruleIds({ ...invoice, payee: { ...factor, name: undefined } })).toContain('BR-17');
    expect(ruleIds({ ...invoice, payee: { ...factor, name: 'Papeterie Martin SAS' } })).toContain('BR-17');
    expect(
      ruleIds({ ...invoice, payee: { ...factor, identifiers: [{ id: '73282932000074', scheme: '0009' }] } }),
    ).toContain('BR-17');
  });
});

describe('line arithmetic (PEPPOL-EN16931-R120, R121, R046)', () => {
  it('accepts a line net amount 0.02 away from quantity × net price, refuses 0.03', () => {
    // 3 × 19.99 = 59.97
    const line = (netAmount: string) =>
      invoiceLine({ quantity: d('3'), netPrice: d('19.99'), netAmount: d(netAmount) });

    expect(ruleIds(singleLineInvoice(line('59.99'), '12.00'))).toEqual([]);
    expect(ruleIds(singleLineInvoice(line('59.95'), '11.99'))).toEqual([]);
    expect(ruleIds(singleLineInvoice(line('60.00'), '12.00'))).toEqual(['PEPPOL-EN16931-R120']);
    expect(ruleIds(singleLineInvoice(line('59.94'), '11.99'))).toEqual(['PEPPOL-EN16931-R120']);
  });

  it('divides by the price base quantity: 250 at 12.34 per 100 is 30.85', () => {
    expect(ruleIds(withLine({ netAmount: d('3085.00') }, 1))).toContain('PEPPOL-EN16931-R120');
    expect(ruleIds(sampleInvoice())).toEqual([]);
  });

  it('adds line charges and subtracts line allowances: 2 × 80 − 10 + 5 = 155', () => {
    const line = invoiceLine({
      quantity: d('2'),
      netPrice: d('80'),
      netAmount: d('155.00'),
      allowances: [{ amount: d('10.00'), reason: 'Remise' }],
      charges: [{ amount: d('5.00'), reason: 'Emballage' }],
    });

    expect(ruleIds(singleLineInvoice(line, '31.00'))).toEqual([]);
    expect(ruleIds(singleLineInvoice({ ...line, netAmount: d('160.00') }, '32.00'))).toEqual([
      'PEPPOL-EN16931-R120',
    ]);
  });

  it('flags 2 × 160.00 written as 160.00, naming the values', () => {
    const line = invoiceLine({ quantity: d('2'), netPrice: d('160.00'), netAmount: d('160.00') });
    const [violation] = violationsOf(singleLineInvoice(line, '32.00'));

    expect(violation).toEqual({
      ruleId: 'PEPPOL-EN16931-R120',
      severity: 'warning',
      message: 'The line net amount 160 is not 2 × 160 = 320',
      field: 'lines[0].netAmount',
    });
  });

  it('flags a line that does not add up as a warning, and refuses it on a Peppol invoice', () => {
    const line = invoiceLine({ quantity: d('2'), netPrice: d('160.00'), netAmount: d('160.00') });
    const invoice = singleLineInvoice(line, '32.00');

    expect(validateInvoice(invoice)).toMatchObject({ valid: true, violations: [{ severity: 'warning' }] });
    expect(validateInvoice(invoice, { peppol: true })).toMatchObject({
      valid: false,
      violations: [{ ruleId: 'PEPPOL-EN16931-R120', severity: 'fatal' }],
    });
  });

  it('keeps the sign of a returned quantity: -3 × 500 = -1500', () => {
    const line = invoiceLine({ quantity: d('-3'), netPrice: d('500'), netAmount: d('-1500') });

    expect(ruleIds(singleLineInvoice(line, '-300.00'))).toEqual([]);
  });

  it('refuses a price base quantity of 0 (R121) without dividing by it', () => {
    expect(ruleIds(withLine({ priceBaseQuantity: d('0') }))).toEqual(['PEPPOL-EN16931-R121']);
  });

  it('requires the net price to be the gross price less the price discount (R046)', () => {
    expect(ruleIds(withLine({ grossPrice: d('13.00'), priceDiscount: d('0.50') }))).toEqual([]);
    expect(ruleIds(withLine({ grossPrice: d('13.00'), priceDiscount: d('0.49') }))).toEqual([
      'PEPPOL-EN16931-R046',
    ]);
  });

  it('refuses a line net amount with 3 decimals (BR-DEC-23)', () => {
    expect(ruleIds(withLine({ netAmount: d('125.001') }))).toContain('BR-DEC-23');
  });
});

describe('allowances and charges', () => {
  it('accepts an allowance within 0.02 of base × percentage, refuses 0.03 off (PEPPOL-EN16931-R040)', () => {
    const withAllowance = (amount: string): Invoice => {
      const invoice = sampleInvoice();
      return {
        ...invoice,
        allowances: [
          { ...invoice.allowances[0], amount: d(amount), baseAmount: d('100'), percentage: d('5') },
        ],
      };
    };
    const totalsFor = (invoice: Invoice, amount: string): Invoice => {
      const allowance = money(amount, 'EUR');
      const exclusive = money('330.85', 'EUR').subtract(allowance);
      const taxable = money('320.85', 'EUR').subtract(allowance);
      const vat = taxable.multiply('0.2').roundEn16931();
      const totalVat = vat.add(money('0.55', 'EUR'));
      const gross = exclusive.add(totalVat).toDecimalString();
      return {
        ...invoice,
        vatBreakdown: [
          {
            category: 'S',
            rate: d('20'),
            taxableAmount: d(taxable.toDecimalString()),
            taxAmount: d(vat.toDecimalString()),
          },
          invoice.vatBreakdown[1] ?? {},
        ],
        totals: {
          ...invoice.totals,
          allowanceTotal: d(amount),
          taxExclusiveTotal: d(exclusive.toDecimalString()),
          vatTotal: d(totalVat.toDecimalString()),
          taxInclusiveTotal: d(gross),
          payableAmount: d(gross),
        },
      };
    };

    expect(ruleIds(totalsFor(withAllowance('5.02'), '5.02'))).toEqual([]);
    expect(ruleIds(totalsFor(withAllowance('4.98'), '4.98'))).toEqual([]);
    expect(ruleIds(totalsFor(withAllowance('5.03'), '5.03'))).toEqual(['PEPPOL-EN16931-R040']);
  });

  it('requires an amount, a VAT category and a reason on document level allowances and charges', () => {
    const reported = ruleIds({
      ...sampleInvoice(),
      allowances: [{ vatCategory: 'S', vatRate: d('20') }],
      charges: [{ amount: d('15.00'), reasonCode: 'DL' }],
    });

    expect(reported).toEqual(expect.arrayContaining(['BR-31', 'BR-33', 'BR-37']));
    expect(reported).not.toContain('BR-38');
  });

  it('requires the allowance and charge totals to add up (BR-CO-11, BR-CO-12)', () => {
    const invoice = sampleInvoice();

    expect(ruleIds({ ...invoice, totals: { ...invoice.totals, allowanceTotal: d('5.01') } })).toContain(
      'BR-CO-11',
    );
    expect(ruleIds({ ...invoice, totals: { ...invoice.totals, chargeTotal: undefined } })).toContain(
      'BR-CO-12',
    );
  });

  it('accepts an allowance total of 0 with no allowance', () => {
    const invoice = singleLineInvoice(invoiceLine(), '25.00');

    expect(ruleIds({ ...invoice, totals: { ...invoice.totals, allowanceTotal: d('0.00') } })).toEqual([]);
  });

  it('requires line allowances and charges to have an amount and a reason (BR-41 to BR-44)', () => {
    const reported = ruleIds(withLine({ allowances: [{ reason: 'Remise' }], charges: [{ amount: d('1') }] }));

    expect(reported).toEqual(expect.arrayContaining(['BR-41', 'BR-44']));
  });
});

describe('totals (BR-CO-10 to BR-CO-16)', () => {
  const totalsChange = (change: Partial<Invoice['totals']>): Invoice => {
    const invoice = sampleInvoice();
    return { ...invoice, totals: { ...invoice.totals, ...change } };
  };

  it('refuses a sum of line net amounts one cent off (BR-CO-10) and says what the lines add up to', () => {
    const violation = violationsOf(totalsChange({ lineNetTotal: d('315.84') })).find(
      (found) => found.ruleId === 'BR-CO-10',
    );

    expect(violation?.message).toBe(
      'The sum of line net amounts (BT-106) is 315.84 but the lines add up to 315.85',
    );
  });

  it('refuses a total without VAT that is not line total − allowances + charges (BR-CO-13)', () => {
    expect(ruleIds(totalsChange({ taxExclusiveTotal: d('335.85') }))).toContain('BR-CO-13');
  });

  it('refuses a VAT total that is not the sum of the breakdown (BR-CO-14)', () => {
    expect(ruleIds(totalsChange({ vatTotal: d('63.71') }))).toContain('BR-CO-14');
  });

  it('refuses a total with VAT one cent off (BR-CO-15)', () => {
    expect(ruleIds(totalsChange({ taxInclusiveTotal: d('389.58'), payableAmount: d('389.58') }))).toEqual([
      'BR-CO-15',
    ]);
  });

  it('takes the paid amount and the rounding amount into the amount due (BR-CO-16)', () => {
    expect(
      ruleIds(
        totalsChange({ prepaidAmount: d('100.00'), roundingAmount: d('0.43'), payableAmount: d('290.00') }),
      ),
    ).toEqual([]);
    expect(ruleIds(totalsChange({ prepaidAmount: d('100.00'), payableAmount: d('289.56') }))).toEqual([
      'BR-CO-16',
    ]);
  });

  it('refuses totals with more than 2 decimals (BR-DEC-*)', () => {
    expect(ruleIds(totalsChange({ prepaidAmount: d('0.001'), payableAmount: d('389.569') }))).toEqual(
      expect.arrayContaining(['BR-DEC-16', 'BR-DEC-18']),
    );
  });
});

describe('VAT breakdown', () => {
  it('requires at least one VAT breakdown (BR-CO-18) and its terms (BR-45 to BR-48)', () => {
    expect(ruleIds({ ...sampleInvoice(), vatBreakdown: [] })).toContain('BR-CO-18');
    expect(ruleIds({ ...sampleInvoice(), vatBreakdown: [{}] })).toEqual(
      expect.arrayContaining(['BR-45', 'BR-46', 'BR-47', 'BR-48']),
    );
  });

  it('refuses a taxable amount that leaves out a document level charge (BR-S-08)', () => {
    const invoice = sampleInvoice();
    const [standard, reduced] = invoice.vatBreakdown;
    const breakdown = [{ ...standard, taxableAmount: d('305.85'), taxAmount: d('61.17') }, reduced ?? {}];

    expect(ruleIds({ ...invoice, vatBreakdown: breakdown })).toContain('BR-S-08');
  });

  it('accepts a VAT amount up to 1.00 from taxable amount × rate, as the CEN schematron does, refuses 1.01', () => {
    const withVat = (vat: string, total: string): Invoice => {
      const invoice = sampleInvoice();
      const [standard, reduced] = invoice.vatBreakdown;
      const gross = money('325.85', 'EUR').add(money(total, 'EUR')).toDecimalString();
      return {
        ...invoice,
        vatBreakdown: [{ ...standard, taxAmount: d(vat) }, reduced ?? {}],
        totals: {
          ...invoice.totals,
          vatTotal: d(total),
          taxInclusiveTotal: d(gross),
          payableAmount: d(gross),
        },
      };
    };

    expect(ruleIds(withVat('64.17', '64.72'))).toEqual([]);
    expect(ruleIds(withVat('62.17', '62.72'))).toEqual([]);
    expect(ruleIds(withVat('64.18', '64.73'))).toEqual(['BR-CO-17', 'BR-S-09']);
    expect(ruleIds(withVat('62.16', '62.71'))).toEqual(['BR-CO-17', 'BR-S-09']);
  });

  it('accepts VAT rounded to whole forints: 69180 × 27 % = 18678.60 written 18679', () => {
    const invoice = { ...sampleInvoice(), currency: 'HUF' };
    const line = invoiceLine({
      quantity: d('1'),
      netPrice: d('69180'),
      netAmount: d('69180'),
      vatRate: d('27'),
    });

    expect(ruleIds({ ...singleLineInvoice(line, '18679'), currency: invoice.currency })).toEqual([]);
  });

  it('refuses a standard rated line at 0 % (BR-S-05) and an exempt line at 5.5 % (BR-E-05)', () => {
    expect(ruleIds(withLine({ vatRate: d('0') }))).toContain('BR-S-05');
    expect(ruleIds(withLine({ vatCategory: 'E', vatRate: d('5.5') }))).toContain('BR-E-05');
  });

  it('refuses a rate on an item not subject to VAT (BR-O-05)', () => {
    expect(ruleIds(withLine({ vatCategory: 'O', vatRate: d('0') }))).toContain('BR-O-05');
  });

  it('requires exactly one breakdown row for an exempt category in use (BR-E-01)', () => {
    expect(ruleIds(withLine({ vatCategory: 'E', vatRate: d('0') }))).toContain('BR-E-01');
  });

  it('refuses VAT on an exempt breakdown row (BR-E-09)', () => {
    const line = invoiceLine({ vatCategory: 'E', vatRate: d('0') });
    const invoice = singleLineInvoice(line, '0');
    const exempt = {
      ...invoice,
      vatBreakdown: [{ category: 'E', rate: d('0'), taxableAmount: d('125.00'), taxAmount: d('0') }],
    };

    expect(ruleIds(exempt)).toEqual([]);
    expect(
      ruleIds({
        ...exempt,
        vatBreakdown: [{ category: 'E', rate: d('0'), taxableAmount: d('125.00'), taxAmount: d('0.01') }],
        totals: {
          ...exempt.totals,
          vatTotal: d('0.01'),
          taxInclusiveTotal: d('125.01'),
          payableAmount: d('125.01'),
        },
      }),
    ).toEqual(['BR-E-09']);
  });

  it('refuses a standard rated breakdown row with no standard rated line (BR-S-01)', () => {
    const line = invoiceLine({ vatCategory: 'Z', vatRate: d('0') });
    const invoice = singleLineInvoice(line, '0');

    expect(ruleIds({ ...invoice, vatBreakdown: [...invoice.vatBreakdown] })).toEqual(
      expect.arrayContaining(['BR-S-01', 'BR-Z-01']),
    );
  });
});

describe('payment', () => {
  it('requires a due date or payment terms when something is due (BR-CO-25), not for a credit', () => {
    const invoice = { ...sampleInvoice(), dueDate: undefined, paymentTerms: undefined };
    const line = invoiceLine({ quantity: d('-1'), netAmount: d('-12.50') });

    expect(ruleIds(invoice)).toEqual(['BR-CO-25']);
    expect(
      ruleIds({ ...singleLineInvoice(line, '-2.50'), dueDate: undefined, paymentTerms: undefined }),
    ).toEqual([]);
  });

  it('requires an account to pay into for a SEPA credit transfer (BR-61) and a type code (BR-49)', () => {
    expect(ruleIds({ ...sampleInvoice(), paymentMeans: [{ typeCode: '58', creditTransfers: [] }] })).toEqual([
      'BR-61',
    ]);
    expect(ruleIds({ ...sampleInvoice(), paymentMeans: [{ creditTransfers: [] }] })).toEqual(['BR-49']);
    expect(ruleIds({ ...sampleInvoice(), paymentMeans: [{ typeCode: '49', creditTransfers: [] }] })).toEqual(
      [],
    );
  });
});

describe('Peppol BIS Billing 3.0 (PEPPOL-EN16931-R003)', () => {
  const unreferenced = { ...sampleInvoice(), buyerReference: undefined, purchaseOrderReference: undefined };

  it('requires a buyer or order reference from invoices that claim Peppol BIS Billing 3.0', () => {
    const peppol = {
      ...unreferenced,
      specificationId: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
    };

    expect(ruleIds(peppol)).toEqual(['PEPPOL-EN16931-R003']);
    expect(ruleIds(unreferenced)).toEqual([]);
    expect(ruleIds(unreferenced, true)).toEqual(['PEPPOL-EN16931-R003']);
  });

  it('counts an empty reference as given, as the Peppol rule tests presence', () => {
    expect(ruleIds({ ...unreferenced, buyerReference: '' }, true)).toEqual([]);
  });
});

describe('validateInvoice (properties)', () => {
  const vatGroup = fc.constantFrom<[string, string]>(
    ['S', '20'],
    ['S', '5.5'],
    ['S', '10'],
    ['Z', '0'],
    ['E', '0'],
  );
  const generatedLine = fc.record({
    quantity: fc.integer({ min: -20, max: 500 }).map(String),
    priceMills: fc.integer({ min: 0, max: 5_000_000 }),
    group: vatGroup,
  });

  it('accepts every invoice whose amounts are computed the EN 16931 way', () => {
    fc.assert(
      fc.property(fc.array(generatedLine, { minLength: 1, maxLength: 25 }), (generated) => {
        const lines = generated.map(({ quantity, priceMills, group: [category, rate] }, index) => {
          const price = money(String(priceMills), 'EUR').multiply('0.001');
          return invoiceLine({
            id: String(index + 1),
            quantity: d(quantity),
            netPrice: d(price.toDecimalString()),
            netAmount: d(lineNetAmount(quantity, price).toDecimalString()),
            vatCategory: category,
            vatRate: d(rate),
          });
        });
        const breakdown = computeVatBreakdown(
          lines.map((line) => ({
            netAmount: money(line.netAmount ?? '0', 'EUR'),
            category: line.vatCategory as 'S' | 'Z' | 'E',
            rate: parseVatRate(line.vatRate ?? '0'),
          })),
          'EUR',
        );
        const { netAmount, vatAmount, grossAmount } = breakdown.totals;
        const invoice: Invoice = {
          ...sampleInvoice(),
          lines,
          allowances: [],
          charges: [],
          vatBreakdown: breakdown.subtotals.map((subtotal) => ({
            category: subtotal.category,
            rate: d(subtotal.rate),
            taxableAmount: d(subtotal.taxableAmount.toDecimalString()),
            taxAmount: d(subtotal.vatAmount.toDecimalString()),
          })),
          totals: {
            lineNetTotal: d(netAmount.toDecimalString()),
            taxExclusiveTotal: d(netAmount.toDecimalString()),
            vatTotal: d(vatAmount.toDecimalString()),
            taxInclusiveTotal: d(grossAmount.toDecimalString()),
            payableAmount: d(grossAmount.toDecimalString()),
          },
        };

        expect(violationsOf(invoice)).toEqual([]);
      }),
    );
  });
});
