// The SEPA credit transfer files Procura writes validate against the official pain.001.001.09
// schema of the EPC guidelines, read from PROCURA_CONFORMANCE_DIR/schemas (never copied into the
// repository).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { writeSepaCreditTransfer } from '../src/payment-files/index.js';
import { Pain001Reader, samplePaymentFile } from './support/payment-files.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const conformanceDir =
  process.env.PROCURA_CONFORMANCE_DIR ?? join(repositoryRoot, '..', 'shared', 'conformance');
const schemaPath = join(conformanceDir, 'schemas', 'pain.001.001.09.xsd');
if (!existsSync(schemaPath))
  throw new Error(
    `No pain.001.001.09 schema at ${schemaPath}: set PROCURA_CONFORMANCE_DIR to the conformance folder`,
  );
const schema = readFileSync(schemaPath, 'utf8');

async function validate(xml: string) {
  const result = await validateXML({
    xml: [{ fileName: 'payment.xml', contents: xml }],
    schema: [{ fileName: 'pain.001.001.09.xsd', contents: schema }],
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.message) };
}

describe('pain.001.001.09 against the official EPC schema', () => {
  it('validates the sample payment run: several suppliers, a credit note, a split remittance, no BIC', async () => {
    const file = writeSepaCreditTransfer(samplePaymentFile());
    // The sample exercises what the schema constrains most: several transactions, the optional
    // creditor agent present and absent.
    const reader = new Pain001Reader(file.xml);
    expect(reader.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf').length).toBeGreaterThan(3);
    expect(reader.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAgt').length).toBeGreaterThan(0);
    expect(await validate(file.xml)).toEqual({ valid: true, errors: [] });
  });

  it('validates a file with several instructions and a debtor bank without BIC', async () => {
    const sample = samplePaymentFile();
    const [instruction] = sample.instructions;
    if (!instruction) throw new Error('sample changed');
    const file = writeSepaCreditTransfer({
      ...sample,
      instructions: [
        instruction,
        {
          ...instruction,
          paymentInformationId: 'PR-2026-0031-2',
          debtor: { ...instruction.debtor, bic: null },
          payments: instruction.payments.map((payment) => ({
            ...payment,
            endToEndId: `${payment.endToEndId}B`,
          })),
        },
      ],
    });
    expect(file.xml).toContain('<Id>NOTPROVIDED</Id>');
    expect(await validate(file.xml)).toEqual({ valid: true, errors: [] });
  });

  it('is a real validation: the schema refuses a file whose amount has three decimals', async () => {
    const file = writeSepaCreditTransfer(samplePaymentFile());
    const broken = file.xml.replace(
      /<InstdAmt Ccy="EUR">([\d.]+)<\/InstdAmt>/,
      (_, amount: string) => `<InstdAmt Ccy="EUR">${amount}1</InstdAmt>`,
    );
    const result = await validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('InstdAmt');
  });
});
