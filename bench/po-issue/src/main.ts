// bench/po-issue: purchase orders issued per second from approved requests, each client looping
// over the next request in its own transaction (issueOrdersFromRequisitions: locks, checks, gapless
// number, order and lines, terms chosen, revision with the document's input, ledger, event,
// dispatch), with 1, 4 and 16 concurrent clients; and, in the same run, a plain Kysely transaction
// inserting the same rows (a number from the same counter, the order, its lines, the revision with a
// ready document, the ledger entries, the outbox event, the dispatch row; no checks) with 4 clients.
// Then the PDFs of the orders issued, rendered one after the other as the dispatch renders them
// after the commit (the first rendering records the hash), and rendered again against that hash.
// Prints orders per second, median and p95 milliseconds per order, the ratio of issuing to the plain
// transaction with 4 clients, and the PDFs rendered per second.
//
//   pnpm --filter @procura/bench-po-issue bench      (ORDERS=300 BASELINE_ORDERS=3000 LINES=3 WARMUP=40)
//
// Runs on a fresh database on an embedded PostgreSQL in a temporary folder, or on the server of
// DATABASE_URL (a role that may create databases), where the database is dropped afterwards.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openBenchDatabase, percentile, type Run, rate, runConcurrently } from '@procura/bench-support';
import type { PurchasingDatabase } from '@procura/db';
import { demoSupplierIds } from '@procura/demo-data';
import { formatPurchaseOrderNumber, purchaseOrderYear } from '@procura/domain';
import { demoIdentity } from '@procura/http/testing';
import { submitRequisition } from '@procura/purchasing/approvals';
import { loadDemoDirectory } from '@procura/purchasing/demo-directory';
import { loadOrderingData } from '@procura/purchasing/ordering-data';
import { renderIssuedRevision } from '@procura/purchasing/purchase-order-document';
import { issueOrdersFromRequisitions } from '@procura/purchasing/purchase-orders';
import { createRequisition, type RequisitionLineDraft } from '@procura/purchasing/requisitions';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';

const ordersPerRun = Number(process.env.ORDERS ?? 300);
const baselineOrders = Number(process.env.BASELINE_ORDERS ?? 3_000);
const lineCount = Number(process.env.LINES ?? 3);
const warmup = Number(process.env.WARMUP ?? 40);
const clientCounts = [1, 4, 16] as const;
const baselineClients = 4;

type Db = Kysely<PurchasingDatabase>;
type Trx = Transaction<PurchasingDatabase>;

const employee = demoIdentity('employee');
const buyer = demoIdentity('buyer');

// ---------------------------------------------------------------------------------------------
// The database: fresh, migrated, with what issuing needs (as purchasing's test support loads it).

/**
 * The lines of the n-th request: office supplies from Lemaire (French, no annex) for even ones,
 * IT services from Numéria (English, with the confidentiality annex) for odd ones.
 */
function requestLines(n: number): RequisitionLineDraft[] {
  const services = n % 2 === 1;
  return Array.from({ length: lineCount }, (_, index) => ({
    source: 'catalog' as const,
    catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    freeTextRequestId: null,
    supplierId: services ? demoSupplierIds.numeria : demoSupplierIds.lemaire,
    supplierName: services ? 'Numéria Systèmes' : 'Lemaire Bureau Distribution',
    description: services
      ? `Audit de sécurité du réseau, lot ${index + 1}`
      : `Ramette papier A4 80 g, carton ${index + 1}`,
    categoryCode: services ? '81111800' : '44121600',
    quantity: services ? '3' : '10',
    unitCode: services ? 'HUR' : 'C62',
    unitPrice: { amount: services ? '850.00' : '4.90', currency: 'EUR' },
    vatRate: '20',
    costCentreId: employee.costCentreIds[0] ?? '',
    budgetCategory: '606400',
    deliverySiteId: null,
    wishedDate: null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Running and measuring.

function report(name: string, run: Run): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  console.log(
    `${name.padEnd(30)} ${rate(run).toFixed(0).padStart(6)} orders/s   median ${ms(percentile(run.latencies, 50))}   p95 ${ms(percentile(run.latencies, 95))}   (${run.latencies.length} orders)`,
  );
}

function issue(db: Db, requisitionId: string) {
  return db
    .transaction()
    .execute((trx) => issueOrdersFromRequisitions(trx, buyer, [requisitionId], {}, new Date()));
}

// ---------------------------------------------------------------------------------------------
// The plain transaction: the rows an issued order writes, copied from one issued in the warm-up.

interface Template {
  order: Selectable<PurchasingDatabase['purchasing.purchase_order']>;
  lines: Selectable<PurchasingDatabase['purchasing.purchase_order_line']>[];
  revision: { document: Record<string, unknown>; terms: unknown; pdf_sha256: string | null };
  ledger: Selectable<PurchasingDatabase['purchasing.commitment_entry']>[];
  event: Record<string, unknown>;
  recipient: string | null;
}

async function templateOf(db: Db, supplierId: string): Promise<Template> {
  const order = await db
    .selectFrom('purchasing.purchase_order')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const [lines, revision, ledger, event, dispatch] = await Promise.all([
    db
      .selectFrom('purchasing.purchase_order_line')
      .selectAll()
      .where('purchase_order_id', '=', order.id)
      .orderBy('line_no')
      .execute(),
    db
      .selectFrom('purchasing.purchase_order_revision')
      .select(['document', 'terms', 'pdf_sha256'])
      .where('purchase_order_id', '=', order.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('purchasing.commitment_entry')
      .selectAll()
      .where('document_id', '=', order.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('purchasing.outbox_event')
      .select('payload')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('purchasing.purchase_order_dispatch')
      .select('recipient')
      .where('purchase_order_id', '=', order.id)
      .executeTakeFirstOrThrow(),
  ]);
  return { order, lines, revision, ledger, event: event.payload, recipient: dispatch.recipient };
}

async function insertPlainOrder(trx: Trx, t: Template, now: Date): Promise<void> {
  const year = purchaseOrderYear(now);
  const counter = await trx
    .insertInto('purchasing.document_counter')
    .values({ entity_id: t.order.entity_id, kind: 'purchase_order', year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['entity_id', 'kind', 'year'])
        .doUpdateSet({ last_value: sql`purchasing.document_counter.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  const number = formatPurchaseOrderNumber(year, counter.last_value);
  const o = t.order;
  const order = await trx
    .insertInto('purchasing.purchase_order')
    .values({
      entity_id: o.entity_id,
      number,
      supplier_id: o.supplier_id,
      supplier_name: o.supplier_name,
      currency: o.currency,
      status: 'issued',
      origin: 'requisition',
      buyer_user_id: o.buyer_user_id,
      buyer_name: o.buyer_name,
      buyer_email: o.buyer_email,
      delivery_site_id: o.delivery_site_id,
      delivery_date: o.delivery_date,
      entity_currency: o.entity_currency,
      exchange_rate: o.exchange_rate,
      issued_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The request's lines are already ordered by the issued template: these point at the request,
  // not at its lines (each request line is ordered once).
  const lines = await trx
    .insertInto('purchasing.purchase_order_line')
    .values(
      t.lines.map((l) => ({
        purchase_order_id: order.id,
        line_no: l.line_no,
        requisition_id: l.requisition_id,
        requisition_line_id: null,
        reference: l.reference,
        description: l.description,
        category_code: l.category_code,
        quantity: l.quantity,
        unit_code: l.unit_code,
        unit_price: l.unit_price,
        vat_rate: l.vat_rate,
        amount: l.amount,
        receipt_required: l.receipt_required,
        cost_centre_id: l.cost_centre_id,
        budget_category: l.budget_category,
      })),
    )
    .returning('id')
    .execute();
  const lineId = new Map(t.lines.map((l, index) => [l.id, lines[index]?.id ?? '']));
  await trx
    .insertInto('purchasing.purchase_order_revision')
    .values({
      purchase_order_id: order.id,
      revision: 1,
      status: 'issued',
      document: JSON.stringify({ ...t.revision.document, number }),
      terms: JSON.stringify(t.revision.terms),
      pdf_sha256: t.revision.pdf_sha256,
      changes: JSON.stringify([]),
      created_by: o.buyer_user_id,
      created_by_name: o.buyer_name,
      issued_at: now,
    })
    .execute();
  const occurredOn = now.toISOString().slice(0, 10);
  await trx
    .insertInto('purchasing.commitment_entry')
    .values(
      t.ledger.map((e) => {
        const ofOrder = e.commitment_kind === 'purchase_order';
        return {
          budget_line_id: e.budget_line_id,
          entity_id: e.entity_id,
          cost_centre_id: e.cost_centre_id,
          budget_category: e.budget_category,
          period_key: e.period_key,
          event: e.event,
          document_kind: e.document_kind,
          document_id: order.id,
          document_line_id: e.document_line_id ? (lineId.get(e.document_line_id) ?? null) : null,
          commitment_kind: e.commitment_kind,
          commitment_id: ofOrder ? order.id : e.commitment_id,
          commitment_line_id:
            ofOrder && e.commitment_line_id
              ? (lineId.get(e.commitment_line_id) ?? null)
              : e.commitment_line_id,
          requested: e.requested,
          committed: e.committed,
          received: e.received,
          invoiced: e.invoiced,
          paid: e.paid,
          currency: e.currency,
          occurred_on: occurredOn,
        };
      }),
    )
    .execute();
  const eventLines = (t.event.lines as { purchaseOrderLineId: string }[]).map((l) => ({
    ...l,
    purchaseOrderLineId: lineId.get(l.purchaseOrderLineId),
  }));
  await trx
    .insertInto('purchasing.outbox_event')
    .values({
      event_type: 'purchasing.purchase-order.issued',
      aggregate_id: order.id,
      payload: JSON.stringify({
        ...t.event,
        purchaseOrderId: order.id,
        number,
        lines: eventLines,
        changedAt: now.toISOString(),
      }),
    })
    .execute();
  await trx
    .insertInto('purchasing.purchase_order_dispatch')
    .values({
      purchase_order_id: order.id,
      revision: 1,
      kind: 'order',
      recipient: t.recipient,
      queued_at: now,
      next_attempt_at: now,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------

// Every client holds a connection for its whole transaction: one each, and a spare.
const database = await openBenchDatabase<PurchasingDatabase>({
  bench: 'po-issue',
  schema: 'purchasing',
  maxConnections: Math.max(...clientCounts) + 2,
});
const { db } = database;
try {
  const requests = warmup + clientCounts.length * ordersPerRun;
  console.log(`Preparing ${database.where}: the demo directory, suppliers, terms and annex rules…`);
  await loadDemoDirectory(db);
  // Numéria reads English (its orders carry the confidentiality annex); no approval rule, so a
  // request is approved when submitted.
  await loadOrderingData(db, [demoSupplierIds.numeria]);
  await db.deleteFrom('purchasing.approval_rule').execute();
  console.log(`Creating and submitting ${requests} requests of ${lineCount} lines (approved on submission)…`);
  const t0 = performance.now();
  const ids: string[] = new Array(requests);
  await runConcurrently(requests, 4, async (n) => {
    ids[n] = await db.transaction().execute(async (trx) => {
      const now = new Date();
      const id = await createRequisition(
        trx,
        employee,
        { title: `Bench ${n + 1}`, justification: null, currency: 'EUR', lines: requestLines(n) },
        now,
      );
      const { status } = await submitRequisition(trx, employee, id, now);
      if (status !== 'approved') throw new Error(`request ${n + 1} is ${status}, not approved`);
      return id;
    });
  });
  await sql`analyze`.execute(db);
  console.log(`  ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  console.log('Warming up…');
  await runConcurrently(warmup, 4, (n) => issue(db, ids[n] as string));
  const templates = [
    await templateOf(db, demoSupplierIds.lemaire),
    await templateOf(db, demoSupplierIds.numeria),
  ];
  const plain = (n: number) =>
    db.transaction().execute((trx) => insertPlainOrder(trx, templates[n % 2] as Template, new Date()));
  await runConcurrently(Math.min(200, baselineOrders), baselineClients, plain);

  // Issuing with 1, 4 and 16 clients, each on its own requests; the plain transaction runs right
  // after issuing with 4 clients, so the two figures compared see the same machine.
  const runs = new Map<string, Run>();
  const loadBefore = loadavg()[0] ?? 0;
  let offset = warmup;
  for (const clients of clientCounts) {
    const batch = ids.slice(offset, offset + ordersPerRun);
    offset += ordersPerRun;
    runs.set(
      `issuing, ${clients} client${clients > 1 ? 's' : ''}`,
      await runConcurrently(batch.length, clients, (n) => issue(db, batch[n] as string)),
    );
    if (clients === baselineClients)
      runs.set(
        `plain transaction, ${baselineClients} clients`,
        await runConcurrently(baselineOrders, baselineClients, plain),
      );
  }

  // The PDFs of orders just issued, as the dispatch renders them after the commit, one after the
  // other: the first rendering records each hash; rendered again, each must give it.
  const issued = await db
    .selectFrom('purchasing.purchase_order_revision as r')
    .innerJoin('purchasing.purchase_order as o', 'o.id', 'r.purchase_order_id')
    .select(['r.purchase_order_id', 'r.revision', 'r.document', 'r.terms', 'r.pdf_sha256'])
    .where('o.id', 'in', (eb) =>
      eb
        .selectFrom('purchasing.purchase_order_line')
        .select('purchase_order_id')
        .where('requisition_line_id', 'is not', null),
    )
    .orderBy('o.number', 'desc')
    .limit(Math.min(100, ordersPerRun))
    .execute();
  const firstHashes: string[] = [];
  const rendering = await runConcurrently(issued.length, 1, async (n) => {
    const revision = issued[n];
    if (!revision) return;
    if (revision.pdf_sha256 !== null) throw new Error('an order was rendered before its dispatch');
    firstHashes[n] = (await renderIssuedRevision(db, revision)).sha256;
  });
  const rendered = await db
    .selectFrom('purchasing.purchase_order_revision')
    .select(['purchase_order_id', 'revision', 'document', 'terms', 'pdf_sha256'])
    .where(
      'purchase_order_id',
      'in',
      issued.map((r) => r.purchase_order_id),
    )
    .execute();
  for (const revision of rendered)
    if ((await renderIssuedRevision(db, revision)).sha256 !== revision.pdf_sha256)
      throw new Error('an order renders with another hash');
  const loadAfter = loadavg()[0] ?? 0;

  // The numbers handed out by the counter, issued and plain alike, run from 1 without a gap.
  const numbers = await db
    .selectFrom('purchasing.purchase_order')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.max('number').as('last')])
    .where('entity_id', '=', buyer.entityId)
    .executeTakeFirstOrThrow();
  const gapless = Number(numbers.count) === Number(numbers.last?.slice(-6));
  console.log(
    `\n${lineCount} lines per request, one order per request (Lemaire in French, Numéria in English with an annex, alternately), pool of ${Math.max(...clientCounts) + 2} connections`,
  );
  for (const [name, run] of runs) report(name, run);
  const issuing = runs.get(`issuing, ${baselineClients} clients`);
  const baseline = runs.get(`plain transaction, ${baselineClients} clients`);
  if (issuing && baseline)
    console.log(
      `ratio: issuing runs at ${((100 * rate(issuing)) / rate(baseline)).toFixed(1)} % of the plain transaction's rate with ${baselineClients} clients (aim: 40 % or more)`,
    );
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `PDF of an issued order, rendered after the commit as the dispatch does: median ${ms(percentile(rendering.latencies, 50))}, p95 ${ms(percentile(rendering.latencies, 95))}, ${rate(rendering).toFixed(1)} per second on one client (${rendering.latencies.length} orders, each hash recorded at the first rendering and matched by a second)`,
  );
  console.log(`numbers: ${numbers.count} orders, last ${numbers.last}, ${gapless ? 'no gap' : 'GAPS FOUND'}`);
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} before the runs, ${loadAfter.toFixed(1)} after (other work slows both sides)`,
  );
  if (!gapless) process.exitCode = 1;
} finally {
  await database.close();
}
