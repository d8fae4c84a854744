// Conformance of @procura/einvoice and the domain's validateInvoice with the public e-invoice samples of
// the shared corpus: every file parses to the facts its manifest lists, valid invoices are accepted, and
// invalid ones are refused under the rule ids the official validators gave. The corpus stays outside the
// repository (PROCURA_CONFORMANCE_DIR, by default ../shared/conformance beside it): `npm run conformance`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Invoice,
  type InvoiceRuleViolation,
  invoiceRules,
  isDomainError,
  toDecimal,
  toDecimalString,
} from '@procura/domain';
import { describe, expect, it } from 'vitest';
import {
  einvoiceSyntaxRules,
  type ParsedEInvoice,
  parseEInvoice,
  validateParsedEInvoice,
} from '../src/index.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const conformanceDir =
  process.env.PROCURA_CONFORMANCE_DIR ?? join(repositoryRoot, '..', 'shared', 'conformance');
const corpusDir = join(conformanceDir, 'einvoice');
const manifestPath = join(corpusDir, 'manifest.json');

if (!existsSync(manifestPath)) {
  throw new Error(
    `The e-invoice conformance corpus is missing: no ${manifestPath}. Set PROCURA_CONFORMANCE_DIR to the folder holding einvoice/manifest.json.`,
  );
}

type Amount = string | number | null;

interface ManifestFacts {
  readonly invoiceNumber: string;
  readonly issueDate: string;
  readonly currency: string;
  readonly taxCurrency: string | null;
  readonly sellerName: string | null;
  readonly sellerVatId: string | null;
  readonly buyerName: string | null;
  readonly buyerReference: string | null;
  readonly purchaseOrderReference: string | null;
  readonly salesOrderReference: string | null;
  readonly precedingInvoiceReferences: readonly string[];
  readonly lineCount: number;
  readonly linesWithOrderLineReference: number | null;
  readonly lineLevelOrderDocumentIds: readonly string[];
  readonly sumOfLineQuantities: Amount;
  readonly documentAllowances: number | null;
  readonly documentCharges: number | null;
  readonly lineAllowancesCharges: number | null;
  readonly vatBreakdown: readonly string[];
  readonly lineExtensionTotal: Amount;
  readonly taxExclusiveTotal: Amount;
  readonly taxTotal: Amount;
  readonly taxInclusiveTotal: Amount;
  readonly prepaidAmount: Amount;
  readonly payableAmount: Amount;
}

interface ManifestEntry {
  readonly file: string;
  readonly syntax: string;
  readonly docType: string;
  readonly typeCode: string | null;
  readonly expectedValidity: string;
  readonly validation: {
    readonly en16931FatalRules: readonly string[];
    readonly peppolBis2026_5: { readonly fatal: readonly string[] } | null;
    readonly pdf: string | null;
  };
  readonly pdf?: { readonly invoiceAttachment: string | null };
  readonly facts: ManifestFacts | null;
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: ManifestEntry[] };

/**
 * Facts of the manifest that the XML contradicts, with the value the XML holds. Each is asserted both
 * ways: Procura reads the XML's value, and the manifest still says otherwise (so a corrected corpus
 * shows up here as a failure to remove the erratum).
 */
const corpusErrata: readonly {
  readonly file: string;
  readonly fact: keyof ManifestFacts;
  readonly manifestValue: unknown;
  readonly xmlValue: unknown;
  readonly reason: string;
}[] = [
  {
    file: 'ubl/cef-ubl-tc434-example2.xml',
    fact: 'documentAllowances',
    manifestValue: 0,
    xmlValue: 1,
    reason:
      'its "Promotion discount" (100.00 NOK) has <cbc:ChargeIndicator>0</cbc:ChargeIndicator>: xs:boolean 0 is false, an allowance, which AllowanceTotalAmount 100.00 confirms; the extractor only matched the text "false"',
  },
];

/** Rule ids Procura checks: an expected rule outside this set cannot be asserted. */
const implementedRules = new Set([...Object.keys(invoiceRules), ...Object.keys(einvoiceSyntaxRules)]);

const decimal = (value: Amount | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : toDecimalString(String(value));
const text = (value: string | null | undefined): string | null =>
  value === undefined || value === '' ? null : value;
const sumOf = (values: readonly (string | undefined)[]): string =>
  toDecimalString(values.reduce((total, value) => total.plus(toDecimal(value ?? '0')), toDecimal('0')));

/** "S25.0" → "S 25", "O" → "O": category and rate, the rate compared as a number. */
const vatKey = (category: string | undefined, rate: string | undefined) =>
  rate === undefined ? `${category}` : `${category} ${toDecimalString(rate)}`;

function expectedFacts(facts: ManifestFacts) {
  return {
    invoiceNumber: facts.invoiceNumber,
    issueDate: facts.issueDate,
    currency: facts.currency,
    taxCurrency: text(facts.taxCurrency),
    sellerName: text(facts.sellerName),
    sellerVatId: text(facts.sellerVatId),
    buyerName: text(facts.buyerName),
    buyerReference: text(facts.buyerReference),
    purchaseOrderReference: text(facts.purchaseOrderReference),
    salesOrderReference: text(facts.salesOrderReference),
    precedingInvoiceReferences: facts.precedingInvoiceReferences,
    lineCount: facts.lineCount,
    linesWithOrderLineReference: facts.linesWithOrderLineReference,
    lineLevelOrderDocumentIds: facts.lineLevelOrderDocumentIds,
    sumOfLineQuantities: decimal(facts.sumOfLineQuantities),
    documentAllowances: facts.documentAllowances,
    documentCharges: facts.documentCharges,
    lineAllowancesCharges: facts.lineAllowancesCharges,
    vatBreakdown: facts.vatBreakdown.map((entry) => {
      const [, category, rate] = /^([A-Z]+)(.*)$/.exec(entry) ?? [];
      return vatKey(category, rate === '' ? undefined : rate);
    }),
    lineExtensionTotal: decimal(facts.lineExtensionTotal),
    taxExclusiveTotal: decimal(facts.taxExclusiveTotal),
    taxTotal: decimal(facts.taxTotal),
    taxInclusiveTotal: decimal(facts.taxInclusiveTotal),
    prepaidAmount: decimal(facts.prepaidAmount),
    payableAmount: decimal(facts.payableAmount),
  };
}

/** The same facts read from the canonical invoice, the way the corpus extracted them from the XML. */
function actualFacts(invoice: Invoice) {
  const lineOrders = invoice.lines.map((line) => text(line.orderReference)).filter((id) => id !== null);
  return {
    invoiceNumber: invoice.number,
    issueDate: invoice.issueDate,
    currency: invoice.currency,
    taxCurrency: text(invoice.vatAccountingCurrency),
    sellerName: text(invoice.seller.name),
    sellerVatId: text(invoice.seller.vatNumber),
    buyerName: text(invoice.buyer.name),
    buyerReference: text(invoice.buyerReference),
    purchaseOrderReference: text(invoice.purchaseOrderReference),
    salesOrderReference: text(invoice.salesOrderReference),
    precedingInvoiceReferences: invoice.precedingInvoices.map((preceding) => preceding.number),
    lineCount: invoice.lines.length,
    // The corpus counts lines that carry the element, empty or not.
    linesWithOrderLineReference: invoice.lines.filter((line) => line.orderLineId !== undefined).length,
    lineLevelOrderDocumentIds: [...new Set(lineOrders)],
    sumOfLineQuantities: sumOf(invoice.lines.map((line) => line.quantity)),
    documentAllowances: invoice.allowances.length,
    documentCharges: invoice.charges.length,
    lineAllowancesCharges: invoice.lines.reduce(
      (count, line) => count + line.allowances.length + line.charges.length,
      0,
    ),
    vatBreakdown: invoice.vatBreakdown.map((row) => vatKey(row.category, row.rate)),
    lineExtensionTotal: decimal(invoice.totals.lineNetTotal),
    taxExclusiveTotal: decimal(invoice.totals.taxExclusiveTotal),
    taxTotal: decimal(invoice.totals.vatTotal),
    taxInclusiveTotal: decimal(invoice.totals.taxInclusiveTotal),
    prepaidAmount: decimal(invoice.totals.prepaidAmount),
    payableAmount: decimal(invoice.totals.payableAmount),
  };
}

const fatalIds = (violations: readonly InvoiceRuleViolation[]) =>
  new Set(
    violations.filter((violation) => violation.severity === 'fatal').map((violation) => violation.ruleId),
  );

async function parseInvoiceFile(entry: ManifestEntry): Promise<ParsedEInvoice> {
  const result = await parseEInvoice(readFileSync(join(corpusDir, entry.file)));
  expect(result.outcome).toBe('invoice');
  return result as ParsedEInvoice;
}

function assertSyntax(entry: ManifestEntry, parsed: ParsedEInvoice): void {
  if (entry.syntax === 'UBL') expect([parsed.syntax, parsed.container]).toEqual(['ubl', 'xml']);
  else if (entry.syntax === 'CII') expect([parsed.syntax, parsed.container]).toEqual(['cii', 'xml']);
  else {
    expect(entry.syntax).toMatch(/PDF \(CII\)$/);
    expect([parsed.syntax, parsed.container]).toEqual(['cii', 'pdf']);
    expect(parsed.attachmentName).toBe(entry.pdf?.invoiceAttachment);
  }
  expect(parsed.invoice.typeCode).toBe(entry.typeCode);
  expect(parsed.invoice.kind).toBe(entry.docType.startsWith('credit note') ? 'credit_note' : 'invoice');
}

/**
 * The official validators' fatal rules that Procura implements must all be reported as fatal; a file
 * they found valid must be accepted; and on an EN 16931 invoice Procura refuses for no rule they did not.
 * MINIMUM and BASIC WL files are no EN 16931 invoices: there Procura may refuse for more.
 */
function assertValidation(entry: ManifestEntry, parsed: ParsedEInvoice): void {
  const validation = validateParsedEInvoice(parsed);
  const official = new Set([
    ...entry.validation.en16931FatalRules,
    ...(entry.validation.peppolBis2026_5?.fatal ?? []),
  ]);
  const expected = [...official].filter((ruleId) => implementedRules.has(ruleId));
  const fatal = fatalIds(validation.violations);

  expect(
    expected.filter((ruleId) => !fatal.has(ruleId)),
    'official fatal rules not reported',
  ).toEqual([]);
  expect(validation.valid, 'accepted').toBe(expected.length === 0);
  if (!entry.expectedValidity.includes('not EN 16931')) {
    expect(
      [...fatal].filter((ruleId) => !official.has(ruleId)),
      'fatal rules the official validators did not report',
    ).toEqual([]);
  }
  if (entry.expectedValidity.includes('ARITHMETIC ERROR')) {
    expect(validation.violations.map((violation) => violation.ruleId)).toContain('PEPPOL-EN16931-R120');
  }
}

interface TestSetCase {
  readonly expectation: 'success' | 'error';
  readonly ruleId: string;
  readonly document: string;
}

/** The <test> cases of a vefa test set: each an invoice fragment and the rule it must pass or break. */
function testSetCases(xml: string): TestSetCase[] {
  return [...xml.matchAll(/<test>([\s\S]*?)<\/test>/g)].map(([, body = '']) => {
    const [, expectation = '', ruleId = ''] = /<(success|error)>\s*([^<\s]+)\s*<\/\1>/.exec(body) ?? [];
    const [document = ''] = /<(Invoice|CreditNote|CrossIndustryInvoice)\b[\s\S]*<\/\1>/.exec(body) ?? [];
    return { expectation: expectation as TestSetCase['expectation'], ruleId, document };
  });
}

async function assertTestSet(entry: ManifestEntry): Promise<void> {
  const xml = readFileSync(join(corpusDir, entry.file), 'utf8');
  const peppol = /configuration="peppolbis/.test(xml);
  const cases = testSetCases(xml);
  expect(cases.length).toBeGreaterThan(0);
  for (const [index, testCase] of cases.entries()) {
    expect(implementedRules.has(testCase.ruleId), `${testCase.ruleId} is implemented`).toBe(true);
    const parsed = (await parseEInvoice(Buffer.from(testCase.document), {
      contentType: 'application/xml',
    })) as ParsedEInvoice;
    const reported = validateParsedEInvoice(parsed, { peppol }).violations.map(
      (violation) => violation.ruleId,
    );
    const label = `test ${index + 1} expects ${testCase.expectation} for ${testCase.ruleId}`;
    if (testCase.expectation === 'error') expect(reported, label).toContain(testCase.ruleId);
    else expect(reported, label).not.toContain(testCase.ruleId);
  }
}

async function errorCodeOf(entry: ManifestEntry): Promise<string> {
  try {
    await parseEInvoice(readFileSync(join(corpusDir, entry.file)));
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error(`${entry.file} was read, but should have been refused`);
}

describe('e-invoice conformance corpus', () => {
  it('lists 70 files, each of them present', () => {
    expect(manifest.files).toHaveLength(70);
    for (const entry of manifest.files)
      expect(existsSync(join(corpusDir, entry.file)), entry.file).toBe(true);
  });

  for (const entry of manifest.files) {
    it(entry.file, async () => {
      if (entry.file.endsWith('.testset.xml')) return assertTestSet(entry);
      if (entry.validation.pdf?.startsWith('unreadable PDF')) {
        return expect(await errorCodeOf(entry)).toBe('einvoice_unreadable_pdf');
      }
      if (entry.validation.pdf === 'no e-invoice XML attachment') {
        const result = await parseEInvoice(readFileSync(join(corpusDir, entry.file)));
        return expect(result).toEqual({ outcome: 'pdf_without_xml', attachmentNames: [] });
      }
      if (entry.expectedValidity.includes('unsupported')) {
        return expect(await errorCodeOf(entry)).toBe('einvoice_unsupported_syntax');
      }
      const parsed = await parseInvoiceFile(entry);
      assertSyntax(entry, parsed);
      const facts = { ...(entry.facts as ManifestFacts) };
      for (const erratum of corpusErrata.filter((candidate) => candidate.file === entry.file)) {
        expect(facts[erratum.fact], `erratum: ${erratum.reason}`).toEqual(erratum.manifestValue);
        Object.assign(facts, { [erratum.fact]: erratum.xmlValue });
      }
      expect(actualFacts(parsed.invoice)).toEqual(expectedFacts(facts));
      assertValidation(entry, parsed);
    });
  }
});
