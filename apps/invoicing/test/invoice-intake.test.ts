// Supplier invoices through the API, file in → stored and matched, or an exception with its reason:
// UBL invoice and credit note, CII over two orders, a Factur-X PDF, JSON keyed in, a scanned PDF queued
// for keying; the files kept whatever they hold; the refusals (malformed, DOCTYPE, too large, EN 16931
// rules); duplicates, also two uploads at once; who may do what.
import type { InvoicingDatabase } from '@procura/db';
import { resolveLimits } from '@procura/einvoice';
import {
  ciiDocument,
  facturX,
  type InvoiceSpec,
  keyedInvoice,
  pdfWithAttachments,
  type Seller,
  ublDocument,
} from '@procura/einvoice/samples';
import { demoIdentity, integrationIdentity, routesLettingThrough } from '@procura/http/testing';
import { sql, type Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInvoiceFile, receiveInvoiceFile } from '../src/services/invoice-intake.service.js';
import {
  accountant,
  administrator,
  auditor,
  employee,
  intakeTestbed,
  martin,
  numeria,
  stranger,
  testMaxBytes,
} from './support/intake.js';

const bed = intakeTestbed();
const xml = 'application/xml';
const martinSeller: Seller = {
  name: martin.name,
  vatNumber: martin.vatNumber,
  siren: martin.siren,
  siret: martin.siret,
  endpoint: { scheme: '0225', value: martin.siren },
};
const numeriaSeller: Seller = { name: numeria.name, vatNumber: numeria.vatNumber, siren: numeria.siren };

const paper = (overrides: Partial<InvoiceSpec['lines'][number]> = {}) => ({
  id: '1',
  name: 'Ramette papier A4',
  quantity: '10',
  unit: 'C62',
  price: '4.90',
  rate: '20',
  orderLine: '1',
  item: 'PAP-A4',
  ...overrides,
});

async function storedFile(fileId: string) {
  return bed.db
    .selectFrom('invoicing.invoice_file')
    .selectAll()
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
}

const invoiceCount = async () =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from invoicing.invoice`.execute(bed.db)).rows[0]?.n ?? '0',
  );

/** Receives a one-line UBL invoice in the caller's transaction, as the route does. */
async function receiveDirectly(
  trx: Transaction<InvoicingDatabase>,
  invoice: { number: string; order: string; quantity: string },
) {
  const bytes = Buffer.from(
    ublDocument({
      number: invoice.number,
      issueDate: '2026-11-14',
      seller: martinSeller,
      order: invoice.order,
      lines: [paper({ quantity: invoice.quantity })],
    }),
  );
  const upload = {
    bytes,
    contentType: xml,
    fileName: null,
    keyedFromFileId: null,
    receivedBy: { id: accountant.userId, name: accountant.displayName, kind: 'user' as const },
    receivedAt: new Date(),
  };
  return receiveInvoiceFile(trx, upload, await readInvoiceFile(bytes, xml, resolveLimits()));
}

/** Runs `second` while `first` is still open, checks it waits, then commits `first`. */
async function whileOpen<T, U>(
  first: (trx: Transaction<InvoicingDatabase>) => Promise<T>,
  second: (trx: Transaction<InvoicingDatabase>) => Promise<U>,
): Promise<[T, U]> {
  const open = await bed.db.startTransaction().execute();
  const firstResult = await first(open);
  let secondDone = false;
  const pending = bed.db
    .transaction()
    .execute(second)
    .finally(() => {
      secondDone = true;
    });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(secondDone, 'the second waits for the first').toBe(false);
  await open.commit().execute();
  return [firstResult, await pending];
}

beforeAll(async () => {
  await bed.announceSupplier(martin);
  await bed.announceSupplier(numeria, { paymentTermsDays: 30 });
});

describe('each syntax, end to end', () => {
  it('takes a UBL invoice for received goods: stored, identified, due on the agreed terms, matched', async () => {
    const lines = await bed.issueOrder('PO-2026-000101', martin.supplierId, [
      { lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' },
      { lineNo: 2, reference: 'ENV-C5', quantity: '5', unitCode: 'C62', unitPrice: '12.00' },
    ]);
    await bed.receive('PO-2026-000101', [
      { purchaseOrderLineId: lines[1] ?? '', quantity: '10' },
      { purchaseOrderLineId: lines[2] ?? '', quantity: '5' },
    ]);
    const document = ublDocument({
      number: 'F-2026-0101',
      issueDate: '2026-11-02',
      dueDate: '2026-11-30',
      seller: martinSeller,
      order: 'PO-2026-000101',
      lines: [
        paper(),
        {
          id: '2',
          name: 'Enveloppes C5',
          quantity: '5',
          unit: 'C62',
          price: '12.00',
          rate: '20',
          orderLine: '2',
        },
      ],
    });

    const answer = await bed.upload(accountant, document, 'application/xml; charset=utf-8', {
      query: 'fileName=F-2026-0101.xml',
    });

    expect(answer.status).toBe(201);
    expect(answer.headers.location).toBe(`/api/v1/invoices/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      kind: 'invoice',
      number: 'F-2026-0101',
      issueDate: '2026-11-02',
      // Every line matched: approved at intake by Procura itself.
      status: 'approved',
      reformStatus: { code: '205', label: 'Approuvée' },
      supplier: { id: martin.supplierId, name: martin.name },
      seller: { vatNumber: 'FR44732829320', siren: '732829320', siret: '73282932000074' },
      payable: { amount: '130.80', currency: 'EUR' },
      totals: { lineNet: { amount: '109.00', currency: 'EUR' }, vat: { amount: '21.80', currency: 'EUR' } },
      // The agreed 45 days win over the date the invoice states.
      due: { date: '2026-12-17', source: 'payment_terms', statedOnInvoice: '2026-11-30', cappedByLaw: false },
      payment: { meansCode: '58', iban: 'FR7630006000011234567890189' },
      match: { status: 'matched', reasons: [], owner: null },
      intakeReasons: [],
      totalsCheck: { consistent: true, differences: [] },
      violations: [],
    });
    expect(answer.body.lines).toMatchObject([
      {
        lineId: '1',
        quantity: '10',
        unitCode: 'C62',
        netPrice: '4.9',
        netAmount: { amount: '49.00', currency: 'EUR' },
        vat: { category: 'S', rate: '20' },
        order: {
          reference: 'PO-2026-000101',
          lineReference: '1',
          purchaseOrderLineId: lines[1],
          lookup: 'found',
        },
        match: {
          status: 'matched',
          mode: 'three_way',
          findings: [],
          quantities: { ordered: '10', received: '10', invoiced: '10' },
        },
      },
      { lineId: '2', order: { purchaseOrderLineId: lines[2] }, match: { status: 'matched' } },
    ]);

    const file = await storedFile(answer.body.fileId);
    expect(file).toMatchObject({
      status: 'accepted',
      syntax: 'ubl',
      container: 'xml',
      content_type: 'application/xml; charset=utf-8',
      file_name: 'F-2026-0101.xml',
      document_number: 'F-2026-0101',
      received_by: accountant.userId,
      received_by_kind: 'user',
    });
    expect(file.content.toString('utf8')).toBe(document);
    const canonical = await bed.db
      .selectFrom('invoicing.invoice')
      .select(['canonical', 'entity_id', 'seller_key'])
      .where('id', '=', answer.body.id)
      .executeTakeFirstOrThrow();
    expect(canonical.canonical).toMatchObject({
      number: 'F-2026-0101',
      purchaseOrderReference: 'PO-2026-000101',
    });
    expect(canonical).toMatchObject({
      entity_id: accountant.entityId,
      seller_key: `supplier:${martin.supplierId}`,
    });
  });

  it('takes a UBL credit note on part of an invoiced line, counted negative against the order line', async () => {
    const lines = await bed.issueOrder('PO-2026-000102', martin.supplierId, [
      { lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' },
    ]);
    await bed.receive('PO-2026-000102', [{ purchaseOrderLineId: lines[1] ?? '', quantity: '10' }]);
    const invoice = {
      number: 'F-2026-0102',
      issueDate: '2026-11-03',
      seller: martinSeller,
      order: 'PO-2026-000102',
    };
    expect((await bed.upload(accountant, ublDocument({ ...invoice, lines: [paper()] }), xml)).status).toBe(
      201,
    );

    const credit = await bed.upload(
      accountant,
      ublDocument({
        ...invoice,
        kind: 'credit_note',
        number: 'AV-2026-0007',
        lines: [paper({ quantity: '3' })],
      }),
      xml,
    );

    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({
      kind: 'credit_note',
      typeCode: '381',
      number: 'AV-2026-0007',
      payable: { amount: '17.64', currency: 'EUR' },
      match: { status: 'matched', reasons: [] },
    });
    expect(credit.body.lines[0].match).toMatchObject({
      status: 'matched',
      quantities: { ordered: '10', received: '10', invoiced: '7' },
    });

    // Crediting more than is left invoiced on the line is an exception for accounts payable.
    const tooMuch = await bed.upload(
      accountant,
      ublDocument({
        ...invoice,
        kind: 'credit_note',
        number: 'AV-2026-0008',
        lines: [paper({ quantity: '8' })],
      }),
      xml,
    );
    expect(tooMuch.body.match).toEqual({
      status: 'exception',
      reasons: ['credit_exceeds_invoiced'],
      owner: 'accounts_payable',
      matchedAt: expect.any(String),
    });
  });

  it('takes a CII invoice whose lines refer to two orders (French CIUS), finding each line and a price variance', async () => {
    const goods = await bed.issueOrder('PO-2026-000103', numeria.supplierId, [
      { lineNo: 1, reference: 'ECRAN-27', quantity: '2', unitCode: 'C62', unitPrice: '240.00' },
    ]);
    const service = await bed.issueOrder('PO-2026-000104', numeria.supplierId, [
      {
        lineNo: 1,
        reference: 'AUDIT',
        quantity: '3',
        unitCode: 'HUR',
        unitPrice: '850.00',
        receiptRequired: false,
      },
    ]);
    await bed.receive('PO-2026-000103', [{ purchaseOrderLineId: goods[1] ?? '', quantity: '2' }]);

    const answer = await bed.upload(
      accountant,
      ciiDocument({
        number: 'NS-2026-311',
        issueDate: '2026-11-04',
        seller: numeriaSeller,
        lines: [
          {
            id: '1',
            name: 'Écran 27 pouces',
            quantity: '2',
            unit: 'C62',
            price: '245.00',
            rate: '20',
            order: 'PO-2026-000103',
            orderLine: '1',
          },
          {
            id: '2',
            name: 'Audit réseau',
            quantity: '3',
            unit: 'HUR',
            price: '850.00',
            rate: '20',
            order: 'PO-2026-000104',
          },
        ],
      }),
      'text/xml',
    );

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      supplier: { id: numeria.supplierId },
      purchaseOrderReference: null,
      due: { date: '2026-12-04', source: 'payment_terms' },
      match: { status: 'exception', reasons: ['price_variance'], owner: 'buyer' },
    });
    const [screens, audit] = answer.body.lines;
    expect(screens).toMatchObject({
      order: { reference: 'PO-2026-000103', purchaseOrderLineId: goods[1], lookup: 'found' },
      match: { status: 'price_variance', mode: 'three_way' },
    });
    expect(screens.match.findings).toEqual([
      expect.objectContaining({
        reason: 'price_variance',
        expected: '240',
        actual: '245',
        difference: '5',
        allowed: '0',
        impact: { amount: '10.00', currency: 'EUR' },
      }),
    ]);
    // The only line of the order, though the invoice line does not give its number.
    expect(audit).toMatchObject({
      order: { reference: 'PO-2026-000104', purchaseOrderLineId: service[1], lookup: 'found' },
      match: { status: 'matched', mode: 'two_way' },
    });
    expect((await storedFile(answer.body.fileId)).syntax).toBe('cii');
  });

  it('takes a Factur-X PDF: the attached CII is read, the goods not yet received wait for their receipt', async () => {
    await bed.issueOrder('PO-2026-000105', martin.supplierId, [
      { lineNo: 1, reference: 'TONER', quantity: '2', unitCode: 'C62', unitPrice: '89.00' },
    ]);
    const pdf = await facturX({
      number: 'F-2026-0105',
      issueDate: '2026-11-05',
      seller: martinSeller,
      order: 'PO-2026-000105',
      lines: [
        {
          id: '1',
          name: 'Toner noir',
          quantity: '2',
          unit: 'C62',
          price: '89.00',
          rate: '20',
          order: 'PO-2026-000105',
          orderLine: '1',
        },
      ],
    });

    const answer = await bed.upload(accountant, pdf, 'application/pdf');

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      number: 'F-2026-0105',
      match: { status: 'exception', reasons: ['awaiting_receipt'], owner: 'requester' },
    });
    expect(answer.body.lines[0].match).toMatchObject({ status: 'awaiting_receipt', mode: 'three_way' });
    const file = await storedFile(answer.body.fileId);
    expect(file).toMatchObject({ container: 'pdf', syntax: 'cii', attachment_name: 'factur-x.xml' });
    expect(Buffer.compare(file.content, pdf)).toBe(0);
  });

  it('takes an invoice keyed in as JSON, kept byte for byte as sent', async () => {
    await bed.issueOrder('PO-2026-000106', numeria.supplierId, [
      {
        lineNo: 1,
        reference: 'FORMATION',
        quantity: '1',
        unitCode: 'DAY',
        unitPrice: '1200.00',
        receiptRequired: false,
      },
    ]);
    const body = `${JSON.stringify(
      keyedInvoice({
        number: 'NS-2026-0420',
        issueDate: '2026-11-06',
        seller: numeriaSeller,
        order: 'PO-2026-000106',
        lines: [
          { id: '1', name: 'Formation sécurité', quantity: '1', unit: 'DAY', price: '1200.00', rate: '20' },
        ],
      }),
      null,
      2,
    )}\n`;

    const answer = await bed.upload(accountant, body, 'application/json');

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ number: 'NS-2026-0420', match: { status: 'matched' } });
    const file = await storedFile(answer.body.fileId);
    expect(file).toMatchObject({ syntax: 'json', container: 'json' });
    expect(file.content.toString('utf8')).toBe(body);
  });

  it('keeps a PDF without invoice XML for keying, then takes it off the queue once keyed in', async () => {
    const scan = await pdfWithAttachments([]);
    const queued = await bed.upload(accountant, scan);

    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'awaiting_keying', attachmentNames: [] });
    expect(queued.headers.location).toBe(`/api/v1/invoices/files/${queued.body.fileId}`);
    const queue = await bed.get(accountant, '/files?status=awaiting_keying');
    expect(queue.body.files.map((f: { id: string }) => f.id)).toContain(queued.body.fileId);

    await bed.issueOrder('PO-2026-000107', numeria.supplierId, [
      {
        lineNo: 1,
        reference: 'LICENCE',
        quantity: '5',
        unitCode: 'C62',
        unitPrice: '60.00',
        receiptRequired: false,
      },
    ]);
    const keyed = keyedInvoice({
      number: 'NS-2026-0431',
      issueDate: '2026-11-07',
      seller: numeriaSeller,
      order: 'PO-2026-000107',
      lines: [{ id: '1', name: 'Licence', quantity: '5', unit: 'C62', price: '60.00', rate: '20' }],
    });
    const answer = await bed.upload(accountant, JSON.stringify(keyed), 'application/json', {
      query: `keyedFrom=${queued.body.fileId}`,
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ keyedFromFileId: queued.body.fileId, match: { status: 'matched' } });
    expect((await storedFile(queued.body.fileId)).status).toBe('keyed');
    const again = await bed.upload(
      accountant,
      JSON.stringify({ ...keyed, number: 'NS-2026-0432' }),
      'application/json',
      { query: `keyedFrom=${queued.body.fileId}` },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invoice_file_not_awaiting_keying');
  });
});

describe('files that are not invoices Procura can take', () => {
  it('answers 400 naming the problem for malformed XML, and keeps the file', async () => {
    const broken = '<?xml version="1.0"?><Invoice><cbc:ID>F-1</Invoice>';
    const answer = await bed.upload(accountant, broken, xml);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'einvoice_malformed_xml', fileId: expect.any(String) });
    expect(answer.body.detail).toMatch(/./);
    const file = await storedFile(answer.body.fileId);
    expect(file).toMatchObject({ status: 'unreadable', problem_code: 'einvoice_malformed_xml' });
    expect(file.content.toString('utf8')).toBe(broken);
    const original = await bed.fileBytes(accountant, answer.body.fileId);
    expect(original.status).toBe(200);
    expect((original.body as Buffer).toString('utf8')).toBe(broken);
  });

  it('refuses XML that declares a DOCTYPE or an entity, before reading it', async () => {
    const attack = `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`;
    const answer = await bed.upload(accountant, attack, xml);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('einvoice_doctype_forbidden');
    expect((await storedFile(answer.body.fileId)).status).toBe('unreadable');
  });

  it('answers 413 to a file over the size limit without reading it, and 415 to what is no e-invoice', async () => {
    const before = await bed.db.selectFrom('invoicing.invoice_file').select('id').execute();
    const tooLarge = await bed.upload(accountant, Buffer.alloc(testMaxBytes + 1, 0x20), xml);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('payload_too_large');
    expect(await bed.db.selectFrom('invoicing.invoice_file').select('id').execute()).toHaveLength(
      before.length,
    );

    const text = await bed.upload(accountant, 'Bonjour, voici notre facture.', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('einvoice_unsupported_syntax');
    const empty = await bed.upload(accountant, '', xml);
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invoice_file_empty');
  });

  it('refuses XML nested beyond the depth limit, and a PDF whose attached XML is over the size limit, keeping both', async () => {
    const deep = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">${'<a>'.repeat(100)}${'</a>'.repeat(100)}</Invoice>`;
    const tooDeep = await bed.upload(accountant, deep, xml);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.code).toBe('einvoice_too_deep');

    const padded = ciiDocument({
      number: 'F-2026-0999',
      issueDate: '2026-11-08',
      seller: martinSeller,
      lines: [paper({ name: `Ramette ${'papier '.repeat(50_000)}` })],
    });
    const pdf = await pdfWithAttachments([{ name: 'factur-x.xml', content: padded }]);
    expect(pdf.byteLength).toBeLessThan(testMaxBytes);
    const bomb = await bed.upload(accountant, pdf, 'application/pdf');
    expect(bomb.status).toBe(413);
    expect(bomb.body.code).toBe('einvoice_too_large');
    expect(await storedFile(bomb.body.fileId)).toMatchObject({
      status: 'unreadable',
      byte_size: pdf.byteLength,
    });
  });

  it('rejects an invoice breaking EN 16931 rules with 422 and every rule id, keeping only the file', async () => {
    const before = await invoiceCount();
    const answer = await bed.upload(
      accountant,
      ublDocument({
        number: 'F-2026-0666',
        issueDate: '2026-11-08',
        seller: martinSeller,
        order: 'PO-2026-000101',
        lines: [paper()],
        payableOverride: '999.99',
      }),
      xml,
    );

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'einvoice_rules_violated',
      status: 422,
      fileStatus: 'rejected',
      reformStatus: { code: '213', label: 'Rejetée' },
    });
    const ruleIds = answer.body.violations.map((v: { ruleId: string }) => v.ruleId);
    expect(ruleIds).toContain('BR-CO-16');
    expect(answer.body.errors[0].reason).toMatch(/^BR-CO-16: /);
    const file = await storedFile(answer.body.fileId);
    expect(file).toMatchObject({
      status: 'rejected',
      problem_code: 'einvoice_rules_violated',
      document_number: 'F-2026-0666',
    });
    const stored = await bed.db
      .selectFrom('invoicing.invoice_file_violation')
      .select(['rule_id', 'severity'])
      .where('file_id', '=', answer.body.fileId)
      .execute();
    expect(stored.map((v) => v.rule_id)).toEqual(ruleIds);
    expect(await invoiceCount()).toBe(before);
  });
});

describe('duplicates', () => {
  it('takes one of three uploads of the same invoice at the same moment (UBL twice, CII once) and refuses the others with 409', async () => {
    const spec = {
      number: 'F-2026-0200',
      issueDate: '2026-11-09',
      seller: martinSeller,
      order: 'PO-2026-000101',
      lines: [paper()],
    };
    const platform = integrationIdentity(['invoices:write'], accountant.entityId);

    const answers = await Promise.all([
      bed.upload(accountant, ublDocument(spec), xml),
      bed.upload(administrator, ublDocument(spec), xml),
      bed.upload(platform, ciiDocument(spec), xml),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const taken = answers.find((a) => a.status === 201);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.body).toMatchObject({ code: 'invoice_duplicate', invoiceId: taken?.body.id });
    expect(await storedFile(refused?.body.fileId)).toMatchObject({
      status: 'duplicate',
      duplicate_of: taken?.body.id,
    });
    const same = await bed.db
      .selectFrom('invoicing.invoice')
      .select('id')
      .where('number', '=', 'F-2026-0200')
      .execute();
    expect(same).toHaveLength(1);
  });

  it('makes the second of two intakes of one invoice wait for the first, then keeps it as a duplicate', async () => {
    const same = { number: 'F-2026-0210', order: 'PO-2026-000101', quantity: '1' };
    const [taken, refused] = await whileOpen(
      (trx) => receiveDirectly(trx, same),
      (trx) => receiveDirectly(trx, same),
    );

    expect(taken.outcome).toBe('accepted');
    expect(refused).toMatchObject({
      outcome: 'duplicate',
      invoiceId: taken.outcome === 'accepted' ? taken.invoiceId : 'none',
    });
    expect(await storedFile(refused.fileId)).toMatchObject({
      status: 'duplicate',
      problem_code: 'invoice_duplicate',
    });
  });

  it('takes the same number again in another fiscal year', async () => {
    const spec = { number: 'F-0201', seller: martinSeller, order: 'PO-2026-000101', lines: [paper()] };
    expect(
      (await bed.upload(accountant, ublDocument({ ...spec, issueDate: '2026-12-30' }), xml)).status,
    ).toBe(201);
    expect(
      (await bed.upload(accountant, ublDocument({ ...spec, issueDate: '2027-01-04' }), xml)).status,
    ).toBe(201);
    expect(
      (await bed.upload(accountant, ublDocument({ ...spec, issueDate: '2027-03-01' }), xml)).status,
    ).toBe(409);
  });

  it('flags a possible duplicate arriving while the first is being received', async () => {
    const [first, second] = await whileOpen(
      (trx) => receiveDirectly(trx, { number: 'F-2026-0310', order: 'PO-2026-000101', quantity: '3' }),
      (trx) => receiveDirectly(trx, { number: 'F-2026-0311', order: 'PO-2026-000101', quantity: '3' }),
    );

    const flagged = await bed.db
      .selectFrom('invoicing.invoice')
      .select(['intake_reasons', 'possible_duplicate_of'])
      .where('id', '=', second.outcome === 'accepted' ? second.invoiceId : '')
      .executeTakeFirstOrThrow();
    expect(flagged).toEqual({
      intake_reasons: ['possible_duplicate'],
      possible_duplicate_of: [first.outcome === 'accepted' ? first.invoiceId : ''],
    });
  });

  it('flags the same supplier, amount and day under another number as a possible duplicate', async () => {
    const spec = { issueDate: '2026-11-10', seller: martinSeller, order: 'PO-2026-000101', lines: [paper()] };
    const first = await bed.upload(accountant, ublDocument({ ...spec, number: 'F-2026-0300' }), xml);
    const second = await bed.upload(accountant, ublDocument({ ...spec, number: 'F-2026-0300-BIS' }), xml);

    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      intakeReasons: ['possible_duplicate'],
      possibleDuplicateOf: [first.body.id],
      match: { status: 'exception', owner: 'accounts_payable' },
    });
    expect(second.body.match.reasons[0]).toBe('possible_duplicate');
  });
});

describe('matching as invoices arrive', () => {
  it('makes an invoice on an order line wait for one being received on it, then counts it: together they exceed the receipt', async () => {
    const lines = await bed.issueOrder('PO-2026-000110', martin.supplierId, [
      { lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' },
    ]);
    await bed.receive('PO-2026-000110', [{ purchaseOrderLineId: lines[1] ?? '', quantity: '10' }]);
    const lineOf = (invoiceId: string) =>
      bed.db
        .selectFrom('invoicing.invoice_line')
        .select(['match_status', 'match_quantities'])
        .where('invoice_id', '=', invoiceId)
        .executeTakeFirstOrThrow();

    // The first invoice is being received (its transaction open) when the second arrives.
    const [taken, waited] = await whileOpen(
      (trx) => receiveDirectly(trx, { number: 'F-2026-0110-A', order: 'PO-2026-000110', quantity: '6' }),
      (trx) => receiveDirectly(trx, { number: 'F-2026-0110-B', order: 'PO-2026-000110', quantity: '5' }),
    );

    expect(taken.outcome === 'accepted' && (await lineOf(taken.invoiceId))).toMatchObject({
      match_status: 'matched',
    });
    expect(waited.outcome === 'accepted' && (await lineOf(waited.invoiceId))).toEqual({
      match_status: 'quantity_over_received',
      match_quantities: { ordered: '10', received: '10', invoiced: '11' },
    });
  });
});

describe('identification', () => {
  it('does not guess a supplier catalog never announced: unknown supplier, no order line looked up', async () => {
    const answer = await bed.upload(
      accountant,
      ublDocument({
        number: 'X-1',
        issueDate: '2026-11-11',
        seller: stranger,
        order: 'PO-2026-000101',
        lines: [paper()],
      }),
      xml,
    );

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      supplier: null,
      seller: { name: 'Inconnu SARL', vatNumber: 'FR59890123458' },
      intakeReasons: ['unknown_supplier'],
      due: { source: 'statutory_default', date: '2026-12-11' },
      match: {
        status: 'exception',
        reasons: ['unknown_supplier', 'no_order_line'],
        owner: 'accounts_payable',
      },
    });
    expect(answer.body.lines[0]).toMatchObject({
      order: { reference: 'PO-2026-000101', purchaseOrderLineId: null, lookup: 'supplier_unknown' },
      match: { status: 'no_order_line' },
    });
  });

  it('recognises a supplier by its electronic address alone, and says which order or line is unknown', async () => {
    // A VAT number catalog does not know; the address under 0002 carries Numéria's SIREN.
    const byAddress: Seller = {
      name: 'Numéria',
      vatNumber: 'LU26375245',
      endpoint: { scheme: '0002', value: numeria.siren },
    };
    const answer = await bed.upload(
      accountant,
      ublDocument({
        number: 'NS-2026-0999',
        issueDate: '2026-11-12',
        seller: byAddress,
        lines: [
          {
            id: '1',
            name: 'Audit',
            quantity: '1',
            unit: 'HUR',
            price: '850.00',
            rate: '20',
            order: 'PO-2026-999999',
          },
          {
            id: '2',
            name: 'Audit',
            quantity: '1',
            unit: 'HUR',
            price: '850.00',
            rate: '20',
            order: 'PO-2026-000104',
            orderLine: '9',
          },
        ],
      }),
      xml,
    );

    expect(answer.body.supplier).toEqual({ id: numeria.supplierId, name: numeria.name });
    expect(answer.body.match.reasons).toEqual(['no_order_line']);
    expect(answer.body.lines.map((l: { order: { lookup: string } }) => l.order.lookup)).toEqual([
      'unknown_order',
      'unknown_line',
    ]);
  });
});

describe('reading invoices and files', () => {
  it('lists invoices by status, shows one, and gives a file back as it came', async () => {
    const listed = await bed.get(auditor, '/?status=received&limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.invoices.length).toBeGreaterThan(5);
    expect(listed.body.invoices.every((i: { status: string }) => i.status === 'received')).toBe(true);
    expect((await bed.get(auditor, '/?status=paid')).body.invoices).toEqual([]);
    expect((await bed.get(auditor, '/?status=lost')).status).toBe(400);

    const one = listed.body.invoices[0];
    const shown = await bed.get(auditor, `/${one.id}`);
    expect(shown.body).toMatchObject({ id: one.id, fileId: one.fileId, lines: expect.any(Array) });
    expect((await bed.get(auditor, '/6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a')).status).toBe(404);

    const original = await bed.fileBytes(auditor, one.fileId);
    expect(original.status).toBe(200);
    expect(original.headers['content-disposition']).toMatch(/^attachment/);
    expect(Buffer.compare(original.body as Buffer, (await storedFile(one.fileId)).content)).toBe(0);
  });
});

describe('who may receive and read invoices', () => {
  const spec = (number: string) =>
    ublDocument({
      number,
      issueDate: '2026-11-13',
      seller: martinSeller,
      order: 'PO-2026-000101',
      lines: [paper()],
    });

  it('refuses an employee, and lets an integration with invoices:write post', async () => {
    expect((await bed.upload(employee, spec('F-2026-0400'), xml)).status).toBe(403);
    expect((await bed.get(employee, '/')).status).toBe(403);
    const platform = integrationIdentity(['invoices:write'], accountant.entityId);
    const answer = await bed.upload(platform, spec('F-2026-0401'), xml);
    expect(answer.status).toBe(201);
    expect(await storedFile(answer.body.fileId)).toMatchObject({ received_by_kind: 'integration' });
    expect(
      (await bed.upload(integrationIdentity(['read'], accountant.entityId), spec('F-2026-0402'), xml)).status,
    ).toBe(403);
    expect((await bed.upload(auditor, spec('F-2026-0403'), xml)).status).toBe(403);
  });

  it('finds no route that lets through a caller it should refuse', async () => {
    const callers = [
      employee,
      demoIdentity('manager'),
      demoIdentity('buyer'),
      integrationIdentity(['catalog:write'], accountant.entityId),
    ];
    expect(await routesLettingThrough(bed.app, callers, bed.tokenFor)).toEqual([]);
  });

  it('gives the first answer again to a retried upload with the same Idempotency-Key, keeping one file', async () => {
    const before = (await bed.db.selectFrom('invoicing.invoice_file').select('id').execute()).length;
    const headers = { 'idempotency-key': 'upload-F-2026-0404' };
    const first = await bed.upload(accountant, spec('F-2026-0404'), xml, { headers });
    const retried = await bed.upload(accountant, spec('F-2026-0404'), xml, { headers });
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
    expect((await bed.db.selectFrom('invoicing.invoice_file').select('id').execute()).length).toBe(
      before + 1,
    );
  });
});
