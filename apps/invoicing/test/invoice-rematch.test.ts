// The set-based re-match classifies exactly as the domain does: over many generated cases (tolerance
// boundaries, AND and OR, credit notes, partial invoices over several documents, awaiting receipt, no
// order line, VAT, unit, currency and supplier mismatches, cancelled and closed order lines), every
// open line's status, mode, findings and quantities, and every open invoice's summary, are those of
// matchInvoiceLine and summarizeInvoiceMatch run on the same data.
import { randomUUID } from 'node:crypto';
import type { InvoicingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import {
  allowedDifference,
  type CurrencyCode,
  calendarDate,
  type InvoicedQuantity,
  type LineMatchResult,
  matchInvoiceLine,
  money,
  parseVatCategory,
  selectTolerance,
  summarizeInvoiceMatch,
  type ToleranceRule,
  toDecimal,
} from '@procura/domain';
import { applyEventOnce, type EventEnvelope, type EventPayload, type EventType } from '@procura/events';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseOrderHandlers } from '../src/consumers/purchase-orders.consumer.js';
import {
  insertInvoice,
  insertInvoiceFile,
  insertInvoiceLines,
} from '../src/repositories/invoice.repository.js';
import { rematchInvoiceLines } from '../src/repositories/invoice-rematch.repository.js';
import { insertToleranceRule, liveToleranceRules } from '../src/repositories/tolerance-rule.repository.js';
import { orderLineToMatch } from '../src/services/invoice-matching.js';
import { createToleranceRule, retireRule } from '../src/services/tolerance-rule.service.js';
import { accountant } from './support/intake.js';

/** A small deterministic generator (mulberry32): the same cases on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

const entities = ['c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002'];
const suppliers = [
  'b0000000-0000-4000-8000-000000000001',
  'b0000000-0000-4000-8000-000000000002',
  'b0000000-0000-4000-8000-000000000003',
];
const categories = ['44121600', '43211500', '81111800'];
const person = 'a0000000-0000-4000-8000-0000000000aa';

let database: TestDatabase;
let db: Kysely<InvoicingDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<InvoicingDatabase>();
});
afterAll(() => database.drop());

const envelope = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope<T> => ({
  id: randomUUID(),
  type,
  source: 'purchasing',
  aggregateId: randomUUID(),
  occurredAt: new Date().toISOString(),
  payload,
});
const fromPurchasing = (event: EventEnvelope) =>
  applyEventOnce(
    { db, schema: 'invoicing', queue: 'invoicing.purchase-orders', handlers: purchaseOrderHandlers },
    event,
  );

interface GeneratedLine {
  orderLineId: string | null;
  kind: 'invoice' | 'credit_note';
  quantity: string;
  unitCode: string;
  netPrice: string;
  priceBaseQuantity: string | null;
  vatCategory: string;
  vatRate: string | null;
}

async function insertDocument(
  doc: {
    kind: 'invoice' | 'credit_note';
    supplierId: string | null;
    currency: string;
    status: 'received' | 'on_hold' | 'approved' | 'paid' | 'refused' | 'rejected';
    totalsConsistent: boolean;
    intakeReasons: string[];
  },
  lines: readonly GeneratedLine[],
): Promise<string> {
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const fileId = await insertInvoiceFile(trx, {
      content: Buffer.from('{}'),
      contentType: 'application/json',
      fileName: null,
      sha256: '0'.repeat(64),
      receivedBy: { id: person, name: 'Comptabilité', kind: 'user' },
      receivedAt: now,
      status: 'accepted',
      syntax: 'json',
      container: 'json',
    });
    const number = `F-${randomUUID().slice(0, 8)}`;
    const invoiceId = await insertInvoice(
      trx,
      {
        file_id: fileId,
        keyed_from_file_id: null,
        kind: doc.kind,
        type_code: doc.kind === 'credit_note' ? '381' : '380',
        number,
        issue_date: '2026-11-02',
        currency: doc.currency,
        specification_id: 'urn:cen.eu:en16931:2017',
        supplier_id: doc.supplierId,
        seller_key: `supplier:${doc.supplierId ?? number}`,
        seller_name: 'Fournisseur',
        seller_vat_number: null,
        seller_siren: null,
        seller_siret: null,
        seller_electronic_address: null,
        buyer_name: 'Altiva',
        buyer_vat_number: null,
        buyer_siren: null,
        buyer_siret: null,
        buyer_electronic_address: null,
        buyer_reference: null,
        purchase_order_reference: null,
        line_net_total: '0.00',
        allowance_total: null,
        charge_total: null,
        tax_exclusive_total: '0.00',
        vat_total: null,
        tax_inclusive_total: '0.00',
        prepaid_amount: null,
        payable_amount: '0.00',
        payment_terms: null,
        stated_due_date: null,
        due_date: '2026-12-17',
        due_date_source: 'statutory_default',
        due_date_capped: false,
        payment_means_code: null,
        iban: null,
        bic: null,
        intake_reasons: doc.intakeReasons,
        possible_duplicate_of: [],
        totals_consistent: doc.totalsConsistent,
        totals_differences: '[]',
        canonical: '{}',
        received_at: now,
        received_by: person,
        received_by_name: 'Comptabilité',
      },
      now,
    );
    if (!invoiceId) throw new Error('invoice not inserted');
    await trx
      .updateTable('invoicing.invoice')
      .set({
        status: doc.status,
        held_from: doc.status === 'on_hold' ? 'received' : null,
        paid_on: doc.status === 'paid' ? calendarDate(now) : null,
      })
      .where('id', '=', invoiceId)
      .execute();
    // Placeholder results: re-matching must overwrite those of open invoices and only those.
    await insertInvoiceLines(
      trx,
      lines.map((line, index) => ({
        invoice_id: invoiceId,
        position: index + 1,
        line_id: String(index + 1),
        order_reference: null,
        order_line_reference: null,
        purchase_order_line_id: line.orderLineId,
        order_lookup: line.orderLineId ? 'found' : 'unknown_order',
        quantity: line.quantity,
        unit_code: line.unitCode,
        net_price: line.netPrice,
        price_base_quantity: line.priceBaseQuantity,
        net_amount: '0.00',
        vat_category: line.vatCategory,
        vat_rate: line.vatRate,
        item_name: 'Article',
        seller_item_id: null,
        match_status: 'not_matched_yet',
        match_mode: null,
        match_findings: '[]',
        match_quantities: null,
      })),
    );
    return invoiceId;
  });
}

interface OrderLineFacts {
  id: string;
  entityId: string;
  supplierId: string;
  categoryCode: string;
  currency: string;
  quantity: string;
  unitCode: string;
  unitPrice: string;
  vatRate: string;
  receiptRequired: boolean;
}

/** Orders, receipts, tolerance rules and documents over them, from one seed. */
async function generateCases(seed: number, size: { orders: number; documents: number }) {
  const g = generator(seed);
  const at = new Date('2026-10-01T09:00:00.000Z');
  // Tolerances: company-wide per entity, per supplier, per category, per both; AND and OR; one part absent.
  const rules: ToleranceRule[] = [];
  for (const entityId of entities)
    for (const [supplierId, categoryCode] of [
      [null, null],
      [suppliers[0], null],
      [null, categories[0]],
      [suppliers[1], categories[1]],
    ] as const) {
      for (const measure of ['price', 'quantity'] as const) {
        if (g.chance(0.2)) continue;
        const view = await db.transaction().execute((trx) =>
          insertToleranceRule(trx, {
            entityId,
            content: {
              supplierId: supplierId ?? null,
              categoryCode: categoryCode ?? null,
              measure,
              absolute: g.pick(measure === 'price' ? ['0', '0.05', '0.2', '1.5'] : ['0', '1', '2.5']),
              percent: g.pick(['0', '1', '2', '5.5', '10']),
              join: g.pick(['and', 'or'] as const),
              currency: measure === 'price' ? 'EUR' : null,
            },
            by: person,
            now: at,
          }),
        );
        rules.push({
          id: view.id,
          measure,
          entityId,
          supplierId,
          categoryId: categoryCode,
          absolute: view.absolute,
          percent: view.percent,
          join: view.join,
          currency: view.currency as CurrencyCode | null,
        });
      }
    }

  const orderLines: OrderLineFacts[] = [];
  for (let o = 0; o < size.orders; o++) {
    const entityId = g.pick(entities);
    const supplierId = g.pick(suppliers);
    const currency = g.chance(0.9) ? 'EUR' : 'USD';
    const status = g.pick(['issued', 'issued', 'issued', 'acknowledged', 'closed', 'cancelled'] as const);
    const lines = Array.from({ length: g.pick([1, 2, 3, 4]) }, (_, index) => ({
      purchaseOrderLineId: randomUUID(),
      lineNo: index + 1,
      reference: `REF-${index + 1}`,
      description: 'Article',
      categoryCode: g.pick(categories),
      quantity: g.pick(['1', '10', '12.5', '100', '3']),
      unitCode: g.pick(['EA', 'EA', 'KGM']),
      unitPrice: g.pick(['4.9', '10', '99.99', '0.0125', '1000', '850']),
      vatRate: g.pick(['20', '20', '5.5', '0']),
      amount: '0.00',
      receiptRequired: g.chance(0.7),
      cancelled: g.chance(0.05),
      costCentreId: person,
      budgetCategory: '606400',
    }));
    await fromPurchasing(
      envelope('purchasing.purchase-order.issued', {
        purchaseOrderId: randomUUID(),
        number: `PO-${o}`,
        revision: 1,
        entityId,
        supplierId,
        supplierName: 'Fournisseur',
        currency,
        status,
        buyerUserId: person,
        requesterUserIds: [person],
        lines,
        changedAt: at.toISOString(),
      }),
    );
    for (const line of lines) {
      orderLines.push({ id: line.purchaseOrderLineId, entityId, supplierId, currency, ...line });
      // Nothing, part, all, more, or goods received then partly returned.
      const receipts = g.pick([
        [],
        [],
        ['0.5'],
        ['1'],
        ['0.5', '0.5'],
        ['1.1'],
        ['1', '-0.4'],
        ['0.3', '-0.3'],
      ]);
      for (const share of receipts)
        await fromPurchasing(
          envelope('purchasing.goods.received', {
            receiptId: randomUUID(),
            purchaseOrderId: randomUUID(),
            purchaseOrderNumber: `PO-${o}`,
            entityId,
            receivedOn: '2026-10-20',
            recordedBy: person,
            lines: [
              {
                purchaseOrderLineId: line.purchaseOrderLineId,
                quantity: toDecimal(line.quantity).times(share).round(4).toFixed(),
              },
            ],
            recordedAt: at.toISOString(),
          }),
        );
    }
  }

  // Prices at the boundaries of the line's own tolerance: under, exactly at the limit, a cent over.
  const priceFor = (line: OrderLineFacts) => {
    const tolerance = selectTolerance(rules, 'price', {
      entityId: line.entityId,
      supplierId: line.supplierId,
      categoryId: line.categoryCode,
      currency: line.currency as CurrencyCode,
    });
    const ordered = toDecimal(line.unitPrice);
    const limit = ordered.plus(allowedDifference(tolerance, ordered));
    return g
      .pick([
        ordered.minus('0.01'),
        ordered,
        limit,
        limit,
        limit.plus('0.01'),
        limit.plus('0.0001'),
        ordered.times('1.5'),
      ])
      .toFixed();
  };
  const quantityFor = (line: OrderLineFacts) =>
    toDecimal(line.quantity)
      .times(g.pick(['0.25', '0.5', '1', '1', '1.02', '1.1', '0', '-0.5']))
      .round(4)
      .toFixed();

  for (let d = 0; d < size.documents; d++) {
    const kind = g.chance(0.15) ? 'credit_note' : 'invoice';
    const first = g.pick(orderLines);
    const supplierId = g.chance(0.05) ? null : g.chance(0.05) ? g.pick(suppliers) : first.supplierId;
    const currency = g.chance(0.04) ? 'USD' : first.currency;
    const lines: GeneratedLine[] = Array.from({ length: g.pick([1, 1, 2, 3]) }, () => {
      // Mostly lines of the same supplier's order lines, sometimes the same one twice, sometimes none.
      const orderLine = g.chance(0.08)
        ? null
        : g.chance(0.6)
          ? first
          : g.pick(orderLines.filter((l) => l.supplierId === first.supplierId));
      const base = orderLine ?? first;
      const vatRate = g.chance(0.07)
        ? g.pick(['10', '5.5', null])
        : base.vatRate === '20' && g.chance(0.5)
          ? '20.00'
          : base.vatRate;
      const withBase = g.chance(0.1);
      const price = priceFor(base);
      return {
        orderLineId: orderLine?.id ?? null,
        kind,
        quantity: quantityFor(base),
        unitCode: g.chance(0.04) ? 'LTR' : base.unitCode,
        netPrice: withBase ? toDecimal(price).times('3').toFixed() : price,
        priceBaseQuantity: withBase ? g.pick(['3', '7']) : g.chance(0.05) ? '1' : null,
        vatCategory:
          vatRate === '0' || base.vatRate === '0' ? g.pick(['E', 'Z', 'AE']) : g.chance(0.03) ? 'Z' : 'S',
        vatRate,
      };
    });
    await insertDocument(
      {
        kind,
        supplierId,
        currency,
        status: g.pick([
          'received',
          'received',
          'received',
          'received',
          'on_hold',
          'approved',
          'paid',
          'refused',
          'rejected',
        ]),
        totalsConsistent: g.chance(0.95),
        intakeReasons: g.chance(0.05) ? ['possible_duplicate'] : [],
      },
      lines,
    );
  }
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/** What the domain decides for every open line and invoice, from what the database holds. */
async function domainResults() {
  const orderLines = new Map(
    (await db.selectFrom('invoicing.order_line').selectAll().execute()).map((row) => [
      row.purchase_order_line_id,
      row,
    ]),
  );
  const invoices = await db.selectFrom('invoicing.invoice').selectAll().execute();
  const kindOf = new Map(invoices.map((i) => [i.id, i]));
  const lines = await db
    .selectFrom('invoicing.invoice_line')
    .selectAll()
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const counted = lines.filter(
    (l) => !['rejected', 'refused'].includes(kindOf.get(l.invoice_id)?.status ?? ''),
  );
  const rules = await liveToleranceRules(db, entities);
  const byLine = new Map<string, LineMatchResult>();
  for (const line of lines) {
    const invoice = kindOf.get(line.invoice_id);
    if (!invoice || !['received', 'on_hold'].includes(invoice.status)) continue;
    const orderLine = line.purchase_order_line_id
      ? (orderLines.get(line.purchase_order_line_id) ?? null)
      : null;
    const vatCategory = parseVatCategory(line.vat_category, 'vat_category');
    const received = toDecimal(orderLine?.received_quantity ?? '0');
    const others: InvoicedQuantity[] = counted
      .filter(
        (o) =>
          o.purchase_order_line_id === line.purchase_order_line_id &&
          !(o.invoice_id === line.invoice_id && o.position === line.position),
      )
      .map((o) => ({ documentType: kindOf.get(o.invoice_id)?.kind ?? 'invoice', quantity: o.quantity }));
    byLine.set(
      `${line.invoice_id}/${line.position}`,
      matchInvoiceLine({
        line: {
          documentType: invoice.kind,
          supplierId: invoice.supplier_id ?? '',
          currency: invoice.currency as CurrencyCode,
          quantity: line.quantity,
          unitCode: line.unit_code,
          unitPrice: money(line.net_price, invoice.currency as CurrencyCode),
          ...(line.price_base_quantity ? { priceBaseQuantity: line.price_base_quantity } : {}),
          vatCategory,
          vatRate: line.vat_rate ?? '0',
        },
        orderLine: orderLine ? orderLineToMatch(orderLine, vatCategory) : null,
        receipts: [{ kind: received.lt('0') ? 'return' : 'receipt', quantity: received.abs().toFixed() }],
        otherInvoiceLines: line.purchase_order_line_id ? others : [],
        toleranceRules: rules,
      }),
    );
  }
  const summaries = new Map(
    invoices
      .filter((i) => ['received', 'on_hold'].includes(i.status))
      .map((i) => [
        i.id,
        summarizeInvoiceMatch(
          lines
            .filter((l) => l.invoice_id === i.id)
            .map((l) => byLine.get(`${l.invoice_id}/${l.position}`) as LineMatchResult),
          { consistent: i.totals_consistent, differences: [] },
          i.intake_reasons as ('unknown_supplier' | 'possible_duplicate')[],
        ),
      ]),
  );
  return { byLine, summaries };
}

/** Asserts that every stored result is the domain's; the lines' statuses, counted. */
async function expectStoredResultsAreTheDomains() {
  const { byLine, summaries } = await domainResults();
  const lines = await db.selectFrom('invoicing.invoice_line').selectAll().execute();
  // Invoices a scoped re-match found matching were approved there and then, by Procura itself.
  const approvedOnRematch = new Set(
    (
      await db.selectFrom('invoicing.invoice').select('id').where('approved_at', 'is not', null).execute()
    ).map((i) => i.id),
  );
  const statuses = new Map<string, number>();
  for (const line of lines) {
    const expected = byLine.get(`${line.invoice_id}/${line.position}`);
    if (expected === undefined) {
      // A decided (approved, paid, refused, rejected) invoice keeps what it was decided on.
      expect(line.match_status).toBe(approvedOnRematch.has(line.invoice_id) ? 'matched' : 'not_matched_yet');
      continue;
    }
    const context = {
      line: `${line.invoice_id}/${line.position}`,
      quantity: line.quantity,
      price: line.net_price,
    };
    expect({
      context,
      result: {
        status: line.match_status,
        mode: line.match_mode,
        findings: line.match_findings,
        quantities: line.match_quantities,
      },
    }).toEqual({
      context,
      result: asJson(expected),
    });
    statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
  }
  const invoices = await db.selectFrom('invoicing.invoice').selectAll().execute();
  for (const invoice of invoices) {
    const expected = summaries.get(invoice.id);
    if (!expected) continue;
    expect({
      id: invoice.id,
      status: invoice.match_status,
      reasons: invoice.match_reasons,
      owner: invoice.exception_owner,
    }).toEqual({
      id: invoice.id,
      ...expected,
    });
  }
  return { lines, byLine, statuses };
}

describe('set-based re-matching', () => {
  it('classifies every open line and invoice exactly as matchInvoiceLine and summarizeInvoiceMatch', async () => {
    await generateCases(20261123, { orders: 120, documents: 260 });
    const stored = await db
      .transaction()
      .execute((trx) => rematchInvoiceLines(trx, { all: true }, new Date()));
    const { lines, byLine, statuses } = await expectStoredResultsAreTheDomains();
    expect(stored.lines).toBe(byLine.size);
    expect(stored.invoices).toBeGreaterThan(0);
    // The generated cases reach every outcome, the tolerance boundaries on both sides among them.
    expect([...statuses.keys()].sort()).toEqual(
      [
        'awaiting_receipt',
        'credit_exceeds_invoiced',
        'currency_mismatch',
        'matched',
        'no_order_line',
        'order_line_cancelled',
        'price_variance',
        'quantity_over_ordered',
        'quantity_over_received',
        'supplier_mismatch',
        'unit_mismatch',
        'vat_mismatch',
      ].sort(),
    );
    // Both sides of a tolerance boundary: variances just beyond a non-zero limit (by a cent or less), and
    // lines matched at a price above the order's, within their tolerance.
    const findings = [...byLine.values()].flatMap((r) => r.findings);
    const justBeyond = findings.filter(
      (f) =>
        'allowed' in f &&
        f.allowed !== '0' &&
        toDecimal(f.difference).minus(toDecimal(f.allowed)).lte('0.01'),
    );
    expect(justBeyond.length).toBeGreaterThan(0);
    const orderPrices = new Map(
      (
        await db.selectFrom('invoicing.order_line').select(['purchase_order_line_id', 'unit_price']).execute()
      ).map((o) => [o.purchase_order_line_id, toDecimal(o.unit_price)]),
    );
    const matchedAbove = lines.filter((line) => {
      const ordered = line.purchase_order_line_id ? orderPrices.get(line.purchase_order_line_id) : undefined;
      return (
        line.match_status === 'matched' &&
        line.price_base_quantity === null &&
        ordered !== undefined &&
        toDecimal(line.net_price).gt(ordered)
      );
    });
    expect(matchedAbove.length).toBeGreaterThan(0);
  }, 240_000);

  it('keeps every result the domain’s when receipts arrive and tolerances change (scoped re-matches)', async () => {
    const key = (line: { invoice_id: string; position: number }) => `${line.invoice_id}/${line.position}`;
    const before = new Map(
      (
        await db
          .selectFrom('invoicing.invoice_line')
          .select(['invoice_id', 'position', 'match_status'])
          .execute()
      ).map((line) => [key(line), line.match_status]),
    );
    // Receipts on a third of the goods lines (each re-matching its lines in the consumer), then a new
    // company-wide quantity tolerance and a retired price rule (each re-matching the entity).
    const goods = await db
      .selectFrom('invoicing.order_line')
      .select(['purchase_order_line_id', 'purchase_order_number', 'entity_id', 'quantity'])
      .where('receipt_required', '=', true)
      .orderBy('purchase_order_line_id')
      .execute();
    for (const [index, line] of goods.entries()) {
      if (index % 3 !== 0) continue;
      await fromPurchasing(
        envelope('purchasing.goods.received', {
          receiptId: randomUUID(),
          purchaseOrderId: randomUUID(),
          purchaseOrderNumber: line.purchase_order_number,
          entityId: line.entity_id,
          receivedOn: '2026-11-03',
          recordedBy: person,
          lines: [{ purchaseOrderLineId: line.purchase_order_line_id, quantity: line.quantity }],
          recordedAt: '2026-11-03T10:00:00.000Z',
        }),
      );
    }
    const keeper = { ...accountant, entityId: entities[0] ?? '' };
    const rules = await liveToleranceRules(db, [keeper.entityId]);
    await db.transaction().execute(async (trx) => {
      const wide = rules.find((r) => r.measure === 'quantity' && !r.supplierId && !r.categoryId);
      if (wide) await retireRule(trx, keeper, wide.id, 1, new Date());
      await createToleranceRule(
        trx,
        keeper,
        {
          supplierId: null,
          categoryCode: null,
          measure: 'quantity',
          absolute: '0.5',
          percent: '3',
          join: 'or',
          currency: null,
        },
        new Date(),
      );
    });
    const price = rules.find((r) => r.measure === 'price' && r.categoryId);
    if (price) await db.transaction().execute((trx) => retireRule(trx, keeper, price.id, 1, new Date()));

    const { lines } = await expectStoredResultsAreTheDomains();
    const changed = lines.filter((line) => line.match_status !== before.get(key(line)));
    expect(changed.length).toBeGreaterThan(0);
  }, 240_000);
});
