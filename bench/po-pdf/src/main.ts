// bench/po-pdf: renders a 20-line purchase order with the general purchasing terms on the back of
// each front page and two annexes, and, in the same run, a bare pdfkit document of the same page
// count (standard Helvetica, not embedded, plain text of the same volume). Prints PDFs per second,
// the median milliseconds of each, and the ratio of the two rates.
//
//   pnpm --filter @procura/bench-po-pdf bench            (RUNS=200 WARMUP=20 LINES=20 LANGUAGE=fr)
import { performance } from 'node:perf_hooks';
import {
  annexSubjectOf,
  buildPurchaseOrderDocument,
  type PurchaseOrderDocument,
  selectAnnexes,
  standardAnnexRules,
} from '@procura/domain';
import { formatAmount, renderPurchaseOrderPdf } from '@procura/pdf';
import { sampleAnnexVersions, sampleGeneralTerms, samplePurchaseOrder } from '@procura/pdf/samples';
import PDFDocument from 'pdfkit';

const runs = Number(process.env.RUNS ?? 200);
const warmup = Number(process.env.WARMUP ?? 20);
const lineCount = Number(process.env.LINES ?? 20);
const language = process.env.LANGUAGE === 'en' ? 'en' : 'fr';

function sampleDocument(): PurchaseOrderDocument {
  const input = samplePurchaseOrder(lineCount, language);
  const annexes = selectAnnexes(
    { rules: standardAnnexRules, annexVersions: sampleAnnexVersions() },
    annexSubjectOf(input),
  );
  return buildPurchaseOrderDocument(input, {
    generalTerms: sampleGeneralTerms(),
    annexes: annexes.map((selected) => selected.annex),
  });
}

/** The pages of the bare document: the same texts, laid out as plain Helvetica paragraphs. */
function barePages(order: PurchaseOrderDocument, frontPages: number): string[] {
  const lines = order.lines.map((line) =>
    [
      line.position,
      line.reference,
      line.description,
      line.quantity,
      line.unitLabel,
      formatAmount(line.unitPrice, language),
      `${line.vatRate} %`,
      formatAmount(line.netAmount, language),
    ].join('  '),
  );
  const perPage = Math.ceil(lines.length / frontPages);
  const terms = order.terms.generalTerms.text[language];
  const pages: string[] = [];
  for (let page = 0; page < frontPages; page++) {
    pages.push(
      `${order.buyer.name}\n${order.number}\n\n${lines.slice(page * perPage, (page + 1) * perPage).join('\n')}`,
    );
    pages.push(terms);
  }
  for (const annex of order.terms.annexes) pages.push(`${annex.title[language]}\n\n${annex.text[language]}`);
  return pages;
}

function renderBare(pages: readonly string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, autoFirstPage: false });
  for (const text of pages) {
    doc.addPage();
    doc.font('Helvetica').fontSize(8).text(text, { width: 515, columns: 2, columnGap: 14, height: 760 });
  }
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const order = sampleDocument();
const ours = await renderPurchaseOrderPdf(order);
const annexPages = order.terms.annexes.length;
const frontPages = (pageCount(ours) - annexPages) / 2;
const pages = barePages(order, frontPages);
const bare = await renderBare(pages);
if (pageCount(bare) !== pageCount(ours))
  throw new Error(`The bare document has ${pageCount(bare)} pages, the purchase order ${pageCount(ours)}`);

for (let i = 0; i < warmup; i++) {
  await renderPurchaseOrderPdf(order);
  await renderBare(pages);
}

// Alternate the two, so that both see the same machine over the run.
const timings = { ours: [] as number[], bare: [] as number[] };
for (let i = 0; i < runs; i++) {
  let started = performance.now();
  await renderPurchaseOrderPdf(order);
  timings.ours.push(performance.now() - started);
  started = performance.now();
  await renderBare(pages);
  timings.bare.push(performance.now() - started);
}

const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / 1000;
const rate = (values: number[]) => values.length / total(values);
const show = (name: string, pdf: Buffer, values: number[]) =>
  console.log(
    `${name.padEnd(34)} ${String(pageCount(pdf)).padStart(2)} pages ${String(Math.round(pdf.length / 1024)).padStart(4)} KiB   ${rate(values).toFixed(1).padStart(6)} PDFs/s   median ${median(values).toFixed(2).padStart(7)} ms`,
  );
console.log(
  `${lineCount} lines, ${language}, ${annexPages} annexes, ${runs} runs after ${warmup} warm-up runs each`,
);
show('purchase order (embedded DejaVu)', ours, timings.ours);
show('bare pdfkit (Helvetica)', bare, timings.bare);
console.log(
  `ratio: the purchase order renders at ${((100 * rate(timings.ours)) / rate(timings.bare)).toFixed(0)} % of the bare document's rate (aim: 70 % or more)`,
);
