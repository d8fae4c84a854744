// bench/matching: invoice lines re-matched per second by invoicing's set-based re-match
// (rematchInvoiceLines over every open line: status, mode, findings with their figures, tolerance
// and impact, quantities, then every invoice's summary, all stored), beside one hand-written UPDATE
// that classifies and stores the status of the same lines (the same rules and tolerances, no
// findings, no summaries), in the same run, alternately, on the same data. Prints the median of
// RUNS runs of each, lines per second, the ratio, and whether the two agree on every line's status.
//
//   pnpm --filter @procura/bench-matching bench      (ORDER_LINES=100000 INVOICE_LINES=60000 RUNS=5)
//
// The data: ORDER_LINES order lines in invoicing's projection (orders of 4 lines, 200 suppliers, two
// entities, 70 % goods received in full, in part or not yet, with their receipt lines; a few
// cancelled or closed), tolerance rules per entity, category and supplier, and INVOICE_LINES lines on
// invoices of 3 lines: exact, price within and beyond tolerance, quantity beyond what was received,
// VAT rate not as ordered, no order line, orders invoiced in two parts, and credit notes (some
// crediting more than was invoiced). Runs on a fresh database on an embedded PostgreSQL in a temporary
// folder, or on the server of DATABASE_URL (a role that may create databases), dropped afterwards.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { median, openBenchDatabase } from '@procura/bench-support';
import type { InvoicingDatabase } from '@procura/db';
import { rematchInvoiceLines } from '@procura/invoicing/rematch';
import { type Kysely, sql } from 'kysely';
import { classifyInOneStatement, loadData } from './data.js';

const orderLines = Number(process.env.ORDER_LINES ?? 100_000);
const invoiceLines = Number(process.env.INVOICE_LINES ?? 60_000);
const runs = Number(process.env.RUNS ?? 5);

type Db = Kysely<InvoicingDatabase>;

/** Untimed: every line and invoice back to a result the re-match will change. */
async function forgetResults(db: Db): Promise<void> {
  await sql`update invoicing.invoice_line set match_status = 'pending', match_mode = null, match_findings = '[]',
    match_quantities = null`.execute(db);
  await sql`update invoicing.invoice set match_status = 'exception', match_reasons = '{pending}',
    exception_owner = 'accounts_payable'`.execute(db);
  await sql`vacuum invoicing.invoice_line, invoicing.invoice`.execute(db);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function main() {
  const database = await openBenchDatabase<InvoicingDatabase>({
    bench: 'matching',
    schema: 'invoicing',
    maxConnections: 2,
  });
  const { db } = database;
  try {
    console.log(`bench/matching on ${database.where}, ${availableParallelism()} cores`);
    const loading = await timed(() => loadData(db, orderLines, invoiceLines));
    const counts = await sql<{ order_lines: string; invoice_lines: string; open_lines: string }>`
      select (select count(*) from invoicing.order_line) as order_lines,
             (select count(*) from invoicing.invoice_line) as invoice_lines,
             (select count(*) from invoicing.invoice_line l join invoicing.invoice i on i.id = l.invoice_id
              where i.status in ('received', 'on_hold')) as open_lines`.execute(db);
    const { order_lines, invoice_lines, open_lines } = counts.rows[0] ?? {};
    console.log(
      `loaded ${order_lines} order lines with receipts and ${invoice_lines} invoice lines (${open_lines} open) in ${(loading / 1000).toFixed(1)} s`,
    );

    const loadBefore = loadavg();
    const full: number[] = [];
    const single: number[] = [];
    let rematched = { lines: 0, invoices: 0 };
    // A warm-up run of each, then alternately, each followed by a vacuum so neither inherits the other's dead rows.
    for (let run = 0; run <= runs; run++) {
      // Every result rewritten: re-matching leaves a line whose result is unchanged alone.
      await forgetResults(db);
      const fullMs = await timed(async () => {
        rematched = await db
          .transaction()
          .execute((trx) => rematchInvoiceLines(trx, { all: true }, new Date()));
      });
      await sql`vacuum invoicing.invoice_line, invoicing.invoice`.execute(db);
      const singleMs = await timed(() =>
        db.transaction().execute((trx) => classifyInOneStatement.execute(trx)),
      );
      await sql`vacuum invoicing.invoice_line, invoicing.invoice`.execute(db);
      if (run === 0) continue; // warm-up
      full.push(fullMs);
      single.push(singleMs);
    }
    const loadAfter = loadavg();

    // Do they agree? The re-match's statuses, then the single statement's, line by line.
    await forgetResults(db);
    await db.transaction().execute((trx) => rematchInvoiceLines(trx, { all: true }, new Date()));
    await sql`create table invoicing.bench_status as select invoice_id, position, match_status from invoicing.invoice_line`.execute(
      db,
    );
    await classifyInOneStatement.execute(db);
    const agreement = await sql<{ agree: string; total: string }>`
      select count(*) filter (where b.match_status = l.match_status) as agree, count(*) as total
      from invoicing.bench_status b join invoicing.invoice_line l using (invoice_id, position)`.execute(db);
    const outcomes = await sql<{ match_status: string; n: string }>`
      select match_status, count(*) as n from invoicing.bench_status group by 1 order by 2 desc`.execute(db);

    const lines = rematched.lines;
    const fullMedian = median(full);
    const singleMedian = median(single);
    const rate = (ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s`;
    const runsText = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    console.log(`outcomes: ${outcomes.rows.map((r) => `${r.match_status} ${r.n}`).join(', ')}`);
    console.log(
      `full re-match (rematchInvoiceLines, all): ${lines} lines and ${rematched.invoices} invoices, median ${fullMedian.toFixed(0)} ms = ${rate(fullMedian)}   (runs: ${runsText(full)} ms)`,
    );
    console.log(
      `one hand-written statement (status only): median ${singleMedian.toFixed(0)} ms = ${rate(singleMedian)}   (runs: ${runsText(single)} ms)`,
    );
    console.log(`ratio full / single statement: ${(fullMedian / singleMedian).toFixed(2)}`);
    const { agree, total } = agreement.rows[0] ?? { agree: '0', total: '0' };
    console.log(`the two agree on ${agree} of ${total} lines' status`);
    console.log(
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    );
  } finally {
    await database.close();
  }
}

await main();
