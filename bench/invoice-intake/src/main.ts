// bench/invoice-intake: supplier invoices ingested and matched per second through the invoicing
// service's HTTP API (POST /api/v1/invoices, as an integration with invoices:write, its identity
// signed as the gateway signs it), with 4 concurrent clients: UBL 2.1 invoices, then Factur-X PDFs
// (CII embedded), each run `RUNS` times on fresh invoices. Every invoice refers to its own purchase
// order of two goods lines, issued and fully received in invoicing's projection (through its own
// event handlers, as purchasing's events would arrive), so each one must come back matched. Prints
// each run's rate, the median rate per syntax, and p50/p95 milliseconds per invoice.
//
//   pnpm --filter @procura/bench-invoice-intake bench      (INVOICES=200 RUNS=5 CLIENTS=4 WARMUP=30)
//
// Runs on a fresh database on an embedded PostgreSQL in a temporary folder, or on the server of
// DATABASE_URL (a role that may create databases), where the database is dropped afterwards. The
// service runs in this process and listens on a loopback port; the clients speak HTTP to it. The
// files are written before the clock starts.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  median,
  openBenchDatabase,
  percentile,
  type Run,
  rate,
  runConcurrently,
} from '@procura/bench-support';
import type { InvoicingDatabase } from '@procura/db';
import { facturX, type InvoiceSpec, type Seller, ublDocument } from '@procura/einvoice/samples';
import { applyEventOnce, type EventEnvelope, type EventPayload, type EventType } from '@procura/events';
import {
  createLogger,
  generateIdentityKeyPair,
  IdentityTokenSigner,
  identityHeader,
  importSigningKey,
  importVerifyKey,
  type TIdentity,
} from '@procura/http';
import { createApp } from '@procura/invoicing/app';
import { purchaseOrderHandlers, supplierHandlers } from '@procura/invoicing/consumers';
import { type Kysely, sql } from 'kysely';

const invoicesPerRun = Number(process.env.INVOICES ?? 200);
const runsPerSyntax = Number(process.env.RUNS ?? 5);
const clients = Number(process.env.CLIENTS ?? 4);
const warmup = Number(process.env.WARMUP ?? 30);
const syntaxes = ['UBL', 'Factur-X'] as const;
type Syntax = (typeof syntaxes)[number];

const entityId = 'e1000000-0000-4000-8000-000000000001';
const person = 'e1000000-0000-4000-8000-0000000000aa';
const supplier = {
  supplierId: 'b1000000-0000-4000-8000-000000000001',
  name: 'Papeterie Martin SAS',
  vatNumber: 'FR44732829320',
  siren: '732829320',
  siret: '73282932000074',
} as const;
const seller: Seller = {
  name: supplier.name,
  vatNumber: supplier.vatNumber,
  siren: supplier.siren,
  siret: supplier.siret,
};
/** An e-invoicing platform posting invoices, as the gateway forwards its API token. */
const platform: TIdentity = {
  kind: 'integration',
  userId: 'e1000000-0000-4000-8000-0000000000bb',
  email: null,
  displayName: 'Plateforme de dématérialisation partenaire',
  roles: [],
  scopes: ['invoices:write'],
  actingFor: [],
  entityId,
  siteId: null,
  costCentreIds: [],
  locale: 'fr',
};

type Db = Kysely<InvoicingDatabase>;

const envelope = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope<T> => ({
  id: randomUUID(),
  type,
  source: type.split('.')[0] ?? 'bench',
  aggregateId: randomUUID(),
  occurredAt: new Date().toISOString(),
  payload,
});

/** Catalog's supplier, and for each invoice an order of two goods lines, issued and received. */
async function loadProjection(db: Db, orderCount: number): Promise<void> {
  await applyEventOnce(
    { db, schema: 'invoicing', queue: 'invoicing.suppliers', handlers: supplierHandlers },
    envelope('catalog.supplier.ordering-details', {
      ...supplier,
      legalForm: 'SAS',
      address: { line: '12 rue des Écoles', postalCode: '69002', city: 'Lyon', country: 'FR' },
      language: 'fr',
      paymentTermsDays: 45,
      orderEmail: 'commandes@martin.example',
      contact: null,
      approvedAt: '2026-01-05T09:00:00.000Z',
    }),
  );
  const fromPurchasing = (event: EventEnvelope) =>
    applyEventOnce(
      { db, schema: 'invoicing', queue: 'invoicing.purchase-orders', handlers: purchaseOrderHandlers },
      event,
    );
  await runConcurrently(orderCount, 4, async (n) => {
    const purchaseOrderId = randomUUID();
    const lineIds = [randomUUID(), randomUUID()] as const;
    const number = orderNumber(n);
    await fromPurchasing(
      envelope('purchasing.purchase-order.issued', {
        purchaseOrderId,
        number,
        revision: 1,
        entityId,
        supplierId: supplier.supplierId,
        supplierName: supplier.name,
        currency: 'EUR',
        status: 'issued',
        buyerUserId: person,
        requesterUserIds: [person],
        lines: [
          orderLine(lineIds[0], 1, 'PAP-A4', 'Ramette papier A4', paperQuantity(n), '4.90'),
          orderLine(lineIds[1], 2, 'ENV-C5', 'Enveloppes C5', '5', '12.00'),
        ],
        changedAt: '2026-10-01T09:00:00.000Z',
      }),
    );
    await fromPurchasing(
      envelope('purchasing.goods.received', {
        receiptId: randomUUID(),
        purchaseOrderId,
        purchaseOrderNumber: number,
        entityId,
        receivedOn: '2026-10-20',
        recordedBy: person,
        lines: [
          { purchaseOrderLineId: lineIds[0], quantity: paperQuantity(n) },
          { purchaseOrderLineId: lineIds[1], quantity: '5' },
        ],
        recordedAt: '2026-10-20T10:00:00.000Z',
      }),
    );
  });
}

const orderNumber = (n: number) => `PO-2026-${String(n + 1).padStart(6, '0')}`;
/**
 * Each order's paper quantity differs, so no two invoices of the supplier carry the same amount on
 * the same day (intake would flag them as possible duplicates, for a person to decide).
 */
const paperQuantity = (n: number) => String(10 + n);

function orderLine(
  id: string,
  lineNo: number,
  reference: string,
  description: string,
  quantity: string,
  unitPrice: string,
) {
  return {
    purchaseOrderLineId: id,
    lineNo,
    reference,
    description,
    categoryCode: '44121600',
    quantity,
    unitCode: 'C62',
    unitPrice,
    vatRate: '20',
    amount: '0.00',
    receiptRequired: true,
    cancelled: false,
    costCentreId: person,
    budgetCategory: '606400',
  };
}

/** The invoice of the n-th order: both lines, as ordered and received. */
function invoiceOf(n: number): InvoiceSpec {
  return {
    number: `F-2026-${String(n + 1).padStart(6, '0')}`,
    issueDate: '2026-11-02',
    seller,
    order: orderNumber(n),
    lines: [
      {
        id: '1',
        name: 'Ramette papier A4',
        quantity: paperQuantity(n),
        unit: 'C62',
        price: '4.90',
        rate: '20',
        orderLine: '1',
        item: 'PAP-A4',
      },
      {
        id: '2',
        name: 'Enveloppes C5',
        quantity: '5',
        unit: 'C62',
        price: '12.00',
        rate: '20',
        orderLine: '2',
        item: 'ENV-C5',
      },
    ],
  };
}

interface Upload {
  readonly body: Buffer;
  readonly contentType: string;
}

async function fileOf(syntax: Syntax, n: number): Promise<Upload> {
  return syntax === 'UBL'
    ? { body: Buffer.from(ublDocument(invoiceOf(n))), contentType: 'application/xml' }
    : { body: await facturX(invoiceOf(n)), contentType: 'application/pdf' };
}

// ---------------------------------------------------------------------------------------------

// Each client's request holds one connection for its transaction: one each, and spares.
const database = await openBenchDatabase<InvoicingDatabase>({
  bench: 'invoice-intake',
  schema: 'invoicing',
  maxConnections: clients + 4,
});
const { db } = database;
const pair = await generateIdentityKeyPair();
const signer = new IdentityTokenSigner(await importSigningKey(pair.privateKeyPem));
const app = createApp({
  db,
  logger: createLogger('invoicing', { level: 'silent' }),
  identityKey: await importVerifyKey(pair.publicKeyPem),
  readiness: [],
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/invoices`;

let unmatched = 0;
const unmatchedReasons = new Map<string, number>();
async function post(upload: Upload): Promise<void> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': upload.contentType,
      [identityHeader]: await signer.sign(platform, 'invoicing'),
    },
    body: upload.body,
  });
  const body = (await response.json()) as {
    match?: { status?: string; reasons?: string[] };
    detail?: string;
  };
  if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${body.detail ?? ''}`);
  if (body.match?.status !== 'matched') {
    unmatched += 1;
    const reasons = (body.match?.reasons ?? []).join('+') || 'none';
    unmatchedReasons.set(reasons, (unmatchedReasons.get(reasons) ?? 0) + 1);
  }
}

try {
  const total = warmup + syntaxes.length * runsPerSyntax * invoicesPerRun;
  console.log(`Preparing ${database.where}: ${total} orders of two goods lines, issued and received…`);
  const t0 = performance.now();
  await loadProjection(db, total);
  await sql`analyze`.execute(db);
  console.log(`  ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  console.log(`Writing the files, then warming up with ${warmup} invoices…`);
  let next = 0;
  const take = async (syntax: Syntax, count: number) => {
    const first = next;
    next += count;
    return Promise.all(Array.from({ length: count }, (_, i) => fileOf(syntax, first + i)));
  };
  const warm = [
    ...(await take('UBL', Math.ceil(warmup / 2))),
    ...(await take('Factur-X', Math.floor(warmup / 2))),
  ];
  await runConcurrently(warm.length, clients, (n) => post(warm[n] as Upload));

  const loadBefore = loadavg()[0] ?? 0;
  const runs = new Map<Syntax, Run[]>(syntaxes.map((s) => [s, []]));
  // The syntaxes take turns, so both see the same machine.
  for (let round = 0; round < runsPerSyntax; round += 1)
    for (const syntax of syntaxes) {
      const files = await take(syntax, invoicesPerRun);
      const run = await runConcurrently(files.length, clients, (n) => post(files[n] as Upload));
      runs.get(syntax)?.push(run);
      console.log(`  ${syntax.padEnd(8)} run ${round + 1}: ${rate(run).toFixed(1)} invoices/s`);
    }
  const loadAfter = loadavg()[0] ?? 0;

  const matched = await db
    .selectFrom('invoicing.invoice')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('match_status', '=', 'matched')
    .executeTakeFirstOrThrow();
  console.log(
    `\n${invoicesPerRun} invoices per run, ${runsPerSyntax} runs per syntax, ${clients} concurrent clients, two goods lines per invoice (three-way matched)`,
  );
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  for (const [syntax, list] of runs) {
    const latencies = list.flatMap((run) => run.latencies).sort((a, b) => a - b);
    console.log(
      `${syntax.padEnd(8)} ${median(list.map(rate)).toFixed(1).padStart(7)} invoices/s (median of ${list.length} runs; from ${Math.min(...list.map(rate)).toFixed(1)} to ${Math.max(...list.map(rate)).toFixed(1)})   p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))} per invoice`,
    );
  }
  console.log(
    `matched: ${matched.count} invoices stored as matched, ${unmatched} answered otherwise${unmatched > 0 ? ` (${[...unmatchedReasons].map(([r, c]) => `${r}: ${c}`).join(', ')})` : ''}`,
  );
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} before the runs, ${loadAfter.toFixed(1)} after (other work slows every figure)`,
  );
  if (unmatched > 0) process.exitCode = 1;
} finally {
  server.close();
  await database.close();
}
