import { createHash } from 'node:crypto';
import {
  type Addressee,
  type DocumentLanguage,
  DomainError,
  describePaymentTerms,
  documentLanguages,
  type FieldIssue,
  type PurchaseOrderDocument,
  type PurchaseOrderDocumentLine,
  type TermsVersion,
} from '@procura/domain';
import PDFDocument from 'pdfkit';
import { type DocumentFont, documentFonts } from './fonts.js';
import { formatAmount, formatAmountWithCurrency, formatDate, formatNumber, formatPercent } from './format.js';
import { type PurchaseOrderLabels, purchaseOrderLabels } from './labels.js';

// A4 in points, and the frame every page keeps.
const pageWidth = 595.28;
const pageHeight = 841.89;
const margin = 40;
const contentWidth = pageWidth - 2 * margin;
/** The band at the foot of each page for its footer (legal mentions, page number). */
const footerHeight = 34;
const contentBottom = pageHeight - margin - footerHeight;

/** The terms on the back of a page: two columns, the largest size that fits, never below the minimum. */
export const termsTypeSizes = { largest: 8.5, smallest: 6, step: 0.25 } as const;
const termsColumnGap = 14;
const termsColumnWidth = (contentWidth - termsColumnGap) / 2;
const termsHeadingHeight = 22;
const termsTop = margin + termsHeadingHeight;
const termsHeight = pageHeight - margin - 14 - termsTop;

const grey = '#555555';
const rule = '#999999';

interface Column {
  readonly key: keyof PurchaseOrderLabels['columns'];
  readonly width: number;
  readonly align: 'left' | 'right';
  /** Whether the cell may take several lines; the others are one short line. */
  readonly wraps: boolean;
}

const columns: readonly Column[] = [
  { key: 'position', width: 20, align: 'right', wraps: false },
  { key: 'reference', width: 74, align: 'left', wraps: true },
  { key: 'description', width: 0, align: 'left', wraps: true },
  { key: 'quantity', width: 44, align: 'right', wraps: false },
  { key: 'unit', width: 52, align: 'left', wraps: true },
  { key: 'unitPrice', width: 60, align: 'right', wraps: true },
  { key: 'vatRate', width: 38, align: 'right', wraps: false },
  { key: 'netAmount', width: 66, align: 'right', wraps: false },
];
const cellPadding = 3;
const descriptionWidth = contentWidth - columns.reduce((total, column) => total + column.width, 0);
const tableSize = 8;

type Doc = PDFKit.PDFDocument;

function newDocument(info: PDFKit.DocumentInfo, language: DocumentLanguage): Doc {
  const fonts = documentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    bufferPages: true,
    margin,
    lang: language === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info,
    // No default Helvetica: every font in the document is embedded.
    font: null as unknown as string,
  });
  doc.registerFont('regular', fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('bold', fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('regular');
  return doc;
}

function use(doc: Doc, font: DocumentFont, size: number, color = 'black'): Doc {
  return doc.font(font).fontSize(size).fillColor(color);
}

/** Writes in the footer band, below the bottom margin, without pdfkit starting a new page. */
function inFooter(doc: Doc, draw: () => void): void {
  const { margins } = doc.page;
  const bottom = margins.bottom;
  margins.bottom = 0;
  draw();
  margins.bottom = bottom;
}

function paragraphsOf(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .join('\n');
}

function termsTextOptions(size: number): PDFKit.Mixins.TextOptions {
  return { width: termsColumnWidth, paragraphGap: size * 0.35, lineGap: 0, align: 'left' };
}

const fittedSizes = new Map<string, number | null>();

/**
 * The largest size, from {@link termsTypeSizes}, at which `text` fits the two columns of a back
 * page, or null when it does not fit even at the smallest. Column breaks may each waste up to a
 * line, which the check counts. Sizes found are kept for the process: they depend on the text only.
 */
function fitTermsSize(doc: Doc, text: string): number | null {
  const known = fittedSizes.get(text);
  if (known !== undefined) return known;
  const fits = (size: number) => {
    doc.font('regular').fontSize(size);
    const options = termsTextOptions(size);
    const slack = doc.currentLineHeight(true) + (options.paragraphGap ?? 0);
    return doc.heightOfString(text, options) + slack <= 2 * termsHeight;
  };
  const { largest, smallest, step } = termsTypeSizes;
  let low = 0;
  let high = Math.round((largest - smallest) / step);
  let best: number | null = null;
  // Binary search over the steps: index 0 is the largest size.
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const size = largest - middle * step;
    if (fits(size)) {
      best = size;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  fittedSizes.set(text, best);
  return best;
}

function termsTooLong(version: TermsVersion, languages: readonly DocumentLanguage[]): DomainError {
  const reason = `does not fit on one page at ${termsTypeSizes.smallest} pt, the smallest readable size: shorten it`;
  const issues: FieldIssue[] = languages.map((language) => ({ field: `text.${language}`, reason }));
  return new DomainError(
    'terms_too_long',
    `Version ${version.version} of ${version.code} is too long for the back of a page (${languages.join(', ')}).`,
    issues,
  );
}

/**
 * Checks that a version of the general purchasing terms fits on the back of one page in every
 * language, as the administrator publishes it, and returns the type size each language is printed
 * at. Throws `terms_too_long`, naming each language that does not fit at the smallest readable size.
 */
export function checkTermsFitBackPage(version: TermsVersion): Record<DocumentLanguage, number> {
  const doc = newDocument({}, 'fr');
  const sizes: Partial<Record<DocumentLanguage, number>> = {};
  const tooLong: DocumentLanguage[] = [];
  for (const language of documentLanguages) {
    const size = fitTermsSize(doc, paragraphsOf(version.text[language]));
    if (size === null) tooLong.push(language);
    else sizes[language] = size;
  }
  if (tooLong.length > 0) throw termsTooLong(version, tooLong);
  return sizes as Record<DocumentLanguage, number>;
}

function addressLines(addressee: Addressee, labels: PurchaseOrderLabels, homeCountry: string): string[] {
  const { address } = addressee;
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.postalCode} ${address.city}`,
    ...(address.country === homeCountry ? [] : [labels.countries[address.country] ?? address.country]),
  ];
}

const groupDigits = (digits: string, sizes: readonly number[]) => {
  const compact = digits.replace(/\s/g, '');
  const parts: string[] = [];
  let start = 0;
  for (const size of sizes) {
    parts.push(compact.slice(start, start + size));
    start += size;
  }
  return parts.filter(Boolean).join(' ');
};

function legalMentions(order: PurchaseOrderDocument, labels: PurchaseOrderLabels): string {
  const { buyer, language } = order;
  const { address } = buyer;
  return [
    buyer.name,
    buyer.shareCapital
      ? labels.shareCapital(buyer.legalForm ?? null, formatAmountWithCurrency(buyer.shareCapital, language))
      : null,
    buyer.rcsCity && buyer.siren ? labels.rcs(buyer.rcsCity, groupDigits(buyer.siren, [3, 3, 3])) : null,
    buyer.siret ? `${labels.siret} ${groupDigits(buyer.siret, [3, 3, 3, 5])}` : null,
    buyer.vatNumber ? `${labels.vatNumber} ${buyer.vatNumber}` : null,
    [address.line1, address.line2, `${address.postalCode} ${address.city}`].filter(Boolean).join(', '),
  ]
    .filter((part): part is string => Boolean(part))
    .join(' — ');
}

function lineCells(
  line: PurchaseOrderDocumentLine,
  order: PurchaseOrderDocument,
  labels: PurchaseOrderLabels,
) {
  const { language } = order;
  const base =
    line.priceBaseQuantity === '1'
      ? ''
      : `\n${labels.pricePer(formatNumber(line.priceBaseQuantity, language))}`;
  const rate = formatPercent(line.vatRate, language);
  return {
    position: String(line.position),
    reference: line.reference,
    description: line.description,
    quantity: formatNumber(line.quantity, language),
    unit: line.unitLabel,
    unitPrice: `${formatAmount(line.unitPrice, language)}${base}`,
    vatRate: line.vatCategory === 'S' ? rate : `${rate} ${line.vatCategory}`,
    netAmount: formatAmount(line.netAmount, language),
  } satisfies Record<Column['key'], string>;
}

function columnWidth(column: Column): number {
  return column.key === 'description' ? descriptionWidth : column.width;
}

class PurchaseOrderRenderer {
  readonly #doc: Doc;
  readonly #order: PurchaseOrderDocument;
  readonly #labels: PurchaseOrderLabels;
  readonly #termsText: string;
  readonly #termsSize: number;
  readonly #frontPages: number[] = [];
  readonly #backPages: number[] = [];
  readonly #annexPages: { page: number; title: string }[] = [];
  #termsContent: unknown[] | undefined;
  #y = margin;

  constructor(order: PurchaseOrderDocument) {
    this.#order = order;
    this.#labels = purchaseOrderLabels[order.language];
    const title = `${this.#labels.title} ${order.number}`;
    this.#doc = newDocument(
      {
        Title: order.revision > 1 ? `${title} — ${this.#labels.revision(order.revision)}` : title,
        Author: order.buyer.name,
        Subject: order.supplier.name,
        Creator: 'Procura',
        Producer: 'Procura',
        CreationDate: order.issuedAt,
        ModDate: order.issuedAt,
      },
      order.language,
    );
    const { generalTerms } = order.terms;
    this.#termsText = paragraphsOf(generalTerms.text[order.language]);
    const size = fitTermsSize(this.#doc, this.#termsText);
    if (size === null) throw termsTooLong(generalTerms, [order.language]);
    this.#termsSize = size;
  }

  render(): Promise<Buffer> {
    this.#startFrontPage();
    this.#drawLetterhead();
    this.#drawLines();
    this.#drawTotals();
    this.#drawInvoicingInstructions();
    this.#addBackPage();
    this.#order.terms.annexes.forEach((annex, index) => {
      this.#drawAnnex(annex, index + 1);
    });
    this.#drawFooters();
    return this.#finish();
  }

  #finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const doc = this.#doc;
    return new Promise((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }

  get #pageIndex(): number {
    const { start, count } = this.#doc.bufferedPageRange();
    return start + count - 1;
  }

  #startFrontPage(): void {
    if (this.#frontPages.length > 0) this.#addBackPage();
    this.#doc.addPage();
    this.#frontPages.push(this.#pageIndex);
    this.#y = margin;
    if (this.#frontPages.length > 1) this.#drawContinuationHeader();
  }

  /** Makes room for `height` on the current front page, turning to a new one when it is full. */
  #ensureRoom(height: number): boolean {
    if (this.#y + height <= contentBottom) return false;
    this.#startFrontPage();
    return true;
  }

  #text(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}): void {
    this.#doc.text(text, x, y, { lineBreak: options.width !== undefined, ...options });
  }

  #drawLetterhead(): void {
    const doc = this.#doc;
    const order = this.#order;
    const labels = this.#labels;
    const language = order.language;
    const home = order.buyer.address.country;
    use(doc, 'bold', 14);
    this.#text(order.buyer.name, margin, margin, { width: 260 });
    use(doc, 'regular', 9);
    this.#text(addressLines(order.buyer, labels, home).join('\n'), margin, doc.y + 2, { width: 260 });
    const left = doc.y;

    const right = margin + 300;
    const rightWidth = contentWidth - 300;
    use(doc, 'bold', 15);
    this.#text(labels.title, right, margin, { width: rightWidth, align: 'right' });
    use(doc, 'bold', 11);
    this.#text(`${labels.number} ${order.number}`, right, doc.y + 2, { width: rightWidth, align: 'right' });
    use(doc, 'regular', 9);
    const facts = [
      ...(order.revision > 1 ? [labels.revision(order.revision)] : []),
      labels.field(labels.issueDate, formatDate(order.issueDate, language)),
      labels.field(labels.buyerContact, order.buyerContact.name),
      order.buyerContact.email,
      ...(order.buyerContact.phone ? [order.buyerContact.phone] : []),
    ];
    this.#text(facts.join('\n'), right, doc.y + 2, { width: rightWidth, align: 'right' });
    this.#y = Math.max(left, doc.y) + 14;

    const boxWidth = (contentWidth - 20) / 3;
    const supplierLines = [
      ...addressLines(order.supplier, labels, home),
      ...(order.supplier.vatNumber ? [`${labels.vatNumber} ${order.supplier.vatNumber}`] : []),
      ...(order.supplier.supplierNumber ? [`${labels.supplierNumber} ${order.supplier.supplierNumber}`] : []),
    ];
    const boxes: [string, Addressee, string[]][] = [
      [labels.supplier, order.supplier, supplierLines],
      [labels.deliveryAddress, order.deliveryAddress, addressLines(order.deliveryAddress, labels, home)],
      [labels.invoicingAddress, order.invoicingAddress, addressLines(order.invoicingAddress, labels, home)],
    ];
    const top = this.#y;
    let bottom = top;
    boxes.forEach(([title, addressee, lines], index) => {
      const x = margin + index * (boxWidth + 10);
      use(doc, 'bold', 7.5, grey);
      this.#text(title.toUpperCase(), x + 6, top + 5, { width: boxWidth - 12 });
      use(doc, 'bold', 9);
      this.#text(addressee.name, x + 6, doc.y + 1, { width: boxWidth - 12 });
      use(doc, 'regular', 8.5);
      this.#text(lines.join('\n'), x + 6, doc.y, { width: boxWidth - 12 });
      bottom = Math.max(bottom, doc.y + 5);
    });
    boxes.forEach((_, index) => {
      doc
        .rect(margin + index * (boxWidth + 10), top, boxWidth, bottom - top)
        .lineWidth(0.5)
        .strokeColor(rule)
        .stroke();
    });
    this.#y = bottom + 10;

    use(doc, 'regular', 8.5);
    const terms = [
      [labels.deliveryDate, formatDate(order.deliveryDate, language)],
      [labels.paymentTerms, describePaymentTerms(order.paymentTerms, language)],
      [labels.currency, order.currency],
    ];
    terms.forEach(([label, value], index) => {
      const x = margin + index * (boxWidth + 10);
      use(doc, 'bold', 7.5, grey);
      this.#text(String(label).toUpperCase(), x, this.#y, { width: boxWidth });
      use(doc, 'regular', 9);
      this.#text(String(value), x, doc.y + 1, { width: boxWidth });
    });
    this.#y = doc.y + 14;
  }

  #drawContinuationHeader(): void {
    const doc = this.#doc;
    const labels = this.#labels;
    use(doc, 'bold', 10);
    this.#text(`${labels.title} ${this.#order.number} (${labels.continued})`, margin, margin, { width: 330 });
    use(doc, 'regular', 9);
    this.#text(this.#order.buyer.name, margin + 330, margin, { width: contentWidth - 330, align: 'right' });
    this.#y = margin + 24;
  }

  #drawTableHeader(): void {
    const doc = this.#doc;
    use(doc, 'bold', tableSize);
    const height = doc.currentLineHeight() + 2 * cellPadding;
    doc.rect(margin, this.#y, contentWidth, height).fillColor('#e8e8e8').fill();
    doc.fillColor('black');
    let x = margin;
    for (const column of columns) {
      const width = columnWidth(column);
      this.#text(this.#labels.columns[column.key], x + cellPadding, this.#y + cellPadding, {
        width: width - 2 * cellPadding,
        align: column.align,
      });
      x += width;
    }
    this.#y += height;
  }

  #drawLines(): void {
    const doc = this.#doc;
    this.#drawTableHeader();
    for (const line of this.#order.lines) {
      const cells = lineCells(line, this.#order, this.#labels);
      use(doc, 'regular', tableSize);
      const height =
        Math.max(
          doc.currentLineHeight(),
          ...columns
            .filter((column) => column.wraps)
            .map((column) =>
              doc.heightOfString(cells[column.key], { width: columnWidth(column) - 2 * cellPadding }),
            ),
        ) +
        2 * cellPadding;
      if (this.#ensureRoom(height)) {
        this.#drawTableHeader();
        use(doc, 'regular', tableSize);
      }
      let x = margin;
      for (const column of columns) {
        const width = columnWidth(column);
        this.#text(cells[column.key], x + cellPadding, this.#y + cellPadding, {
          width: width - 2 * cellPadding,
          align: column.align,
        });
        x += width;
      }
      this.#y += height;
      doc
        .moveTo(margin, this.#y)
        .lineTo(margin + contentWidth, this.#y)
        .lineWidth(0.3)
        .strokeColor(rule)
        .stroke();
    }
    this.#y += 10;
  }

  #drawTotals(): void {
    const doc = this.#doc;
    const { language, vatBreakdown } = this.#order;
    const labels = this.#labels;
    const rowHeight = 13;
    const rows = vatBreakdown.subtotals.length + 1;
    this.#ensureRoom((rows + 3) * rowHeight + 16);
    const widths = [90, 100, 100] as const;
    const left = margin + contentWidth - widths.reduce((a, b) => a + b, 0);
    const row = (cells: string[], font: DocumentFont) => {
      use(doc, font, 8.5);
      let x = left;
      cells.forEach((cell, index) => {
        const width = widths[index] ?? 0;
        this.#text(cell, x, this.#y, { width: width - cellPadding, align: 'right' });
        x += width;
      });
      this.#y += rowHeight;
    };
    row([labels.vatBreakdown.rate, labels.vatBreakdown.taxable, labels.vatBreakdown.vat], 'bold');
    for (const subtotal of vatBreakdown.subtotals) {
      const rate = formatPercent(subtotal.rate, language);
      row(
        [
          subtotal.category === 'S' ? rate : `${rate} ${subtotal.category}`,
          formatAmount(subtotal.taxableAmount, language),
          formatAmount(subtotal.vatAmount, language),
        ],
        'regular',
      );
    }
    this.#y += 4;
    const { totals } = vatBreakdown;
    for (const [label, amount, font] of [
      [labels.totalNet, totals.netAmount, 'regular'],
      [labels.totalVat, totals.vatAmount, 'regular'],
      [labels.totalGross, totals.grossAmount, 'bold'],
    ] as const) {
      use(doc, font, font === 'bold' ? 10 : 9);
      this.#text(label, left, this.#y, { width: widths[0] + widths[1] - cellPadding, align: 'right' });
      this.#text(formatAmountWithCurrency(amount, language), left + widths[0] + widths[1], this.#y, {
        width: (widths[2] ?? 0) - cellPadding,
        align: 'right',
      });
      this.#y += rowHeight + (font === 'bold' ? 2 : 0);
    }
    this.#y += 10;
  }

  #drawInvoicingInstructions(): void {
    const doc = this.#doc;
    const { number, invoicing } = this.#order;
    const labels = this.#labels;
    const text = [
      labels.quoteOrderNumber(number),
      labels.sendEInvoices(invoicing.eInvoicingAddress, invoicing.platform ?? null),
    ].join('\n');
    use(doc, 'regular', 8.5);
    const width = contentWidth - 16;
    const height = doc.heightOfString(text, { width }) + 28;
    this.#ensureRoom(height);
    const top = this.#y;
    doc.rect(margin, top, contentWidth, height).lineWidth(0.5).strokeColor(rule).stroke();
    use(doc, 'bold', 9);
    this.#text(labels.invoicingTitle, margin + 8, top + 7, { width });
    use(doc, 'regular', 8.5);
    this.#text(text, margin + 8, doc.y + 2, { width });
    this.#y = top + height + 10;
  }

  #addBackPage(): void {
    const doc = this.#doc;
    const { generalTerms } = this.#order.terms;
    const language = this.#order.language;
    doc.addPage();
    this.#backPages.push(this.#pageIndex);
    use(doc, 'bold', 9.5);
    this.#text(generalTerms.title[language], margin, margin, { width: contentWidth });
    use(doc, 'regular', 8.5, grey);
    const version = this.#labels.version(
      generalTerms.version,
      formatDate(generalTerms.effectiveOn, language),
    );
    this.#text(version, margin, margin + 1, { width: contentWidth, align: 'right' });
    use(doc, 'regular', this.#termsSize);
    if (this.#termsContent) {
      for (const chunk of this.#termsContent) doc.page.write(chunk);
      return;
    }
    // The terms are laid out once per document: every back page has the same frame, so the next
    // ones get the same drawing operations (and both fonts are already in each page's resources).
    const page = doc.page;
    const recorded: unknown[] = [];
    page.write = (chunk: unknown) => {
      recorded.push(chunk);
      Object.getPrototypeOf(page).write.call(page, chunk);
    };
    doc.text(this.#termsText, margin, termsTop, {
      ...termsTextOptions(this.#termsSize),
      width: contentWidth,
      columns: 2,
      columnGap: termsColumnGap,
      height: termsHeight,
    });
    delete (page as { write?: unknown }).write;
    this.#termsContent = recorded;
  }

  #drawAnnex(annex: TermsVersion, position: number): void {
    const doc = this.#doc;
    const language = this.#order.language;
    const heading = `${this.#labels.annex(position)} — ${annex.title[language]}`;
    const version = this.#labels.version(annex.version, formatDate(annex.effectiveOn, language));
    doc.addPage({
      size: 'A4',
      margins: { top: margin, left: margin, right: margin, bottom: margin + footerHeight },
    });
    const first = this.#pageIndex;
    use(doc, 'bold', 12);
    this.#text(heading, margin, margin, { width: contentWidth });
    use(doc, 'regular', 8.5, grey);
    this.#text(version, margin, doc.y + 2, { width: contentWidth });
    use(doc, 'regular', 9);
    doc.text(paragraphsOf(annex.text[language]), margin, doc.y + 10, {
      width: contentWidth,
      paragraphGap: 4,
      align: 'justify',
    });
    for (let page = first; page <= this.#pageIndex; page++) {
      this.#annexPages.push({ page, title: `${this.#order.number} — ${heading}, ${version}` });
    }
  }

  #drawFooters(): void {
    const doc = this.#doc;
    const labels = this.#labels;
    const count = this.#frontPages.length;
    const mentions = legalMentions(this.#order, labels);
    const footerTop = pageHeight - margin - footerHeight + 8;
    this.#frontPages.forEach((page, index) => {
      doc.switchToPage(page);
      inFooter(doc, () => {
        doc
          .moveTo(margin, footerTop - 4)
          .lineTo(margin + contentWidth, footerTop - 4)
          .lineWidth(0.3)
          .strokeColor(rule)
          .stroke();
        use(doc, 'regular', 6.5, grey);
        this.#text(mentions, margin, footerTop, { width: contentWidth - 90 });
        use(doc, 'regular', 7.5);
        this.#text(labels.termsOverleaf, margin, footerTop + 17, { width: contentWidth - 90 });
        use(doc, 'bold', 8);
        this.#text(labels.page(index + 1, count), margin + contentWidth - 85, footerTop, {
          width: 85,
          align: 'right',
        });
      });
    });
    this.#backPages.forEach((page, index) => {
      doc.switchToPage(page);
      inFooter(doc, () => {
        use(doc, 'regular', 6.5, grey);
        this.#text(labels.backOfPage(this.#order.number, index + 1, count), margin, pageHeight - margin - 8, {
          width: contentWidth,
          align: 'right',
        });
      });
    });
    for (const { page, title } of this.#annexPages) {
      doc.switchToPage(page);
      inFooter(doc, () => {
        use(doc, 'regular', 6.5, grey);
        this.#text(title, margin, pageHeight - margin - 8, { width: contentWidth, align: 'right' });
      });
    }
  }
}

/**
 * The purchase order as an A4 PDF in the supplier's language, fonts embedded: front pages with the
 * letterhead, the addresses, the lines (their header repeated on each front page), the totals per VAT
 * rate, the payment terms and the invoicing instructions, "Page x of y"; behind every front page the
 * general purchasing terms the order carries; then each annex, headed with its title and version.
 * The same document always gives the same bytes: dates come from the order, nothing is random.
 * Throws `terms_too_long` when the terms do not fit on the back of a page.
 */
export async function renderPurchaseOrderPdf(order: PurchaseOrderDocument): Promise<Buffer> {
  return new PurchaseOrderRenderer(order).render();
}

/** The SHA-256 of a rendered PDF, in hexadecimal: what an order stores to prove its document. */
export function pdfSha256(pdf: Uint8Array): string {
  return createHash('sha256').update(pdf).digest('hex');
}
