// Reads rendered PDFs back the way a person's viewer would: the text of each page with PDF.js, and
// the font dictionaries from the file itself.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page, in drawing order, lines joined by spaces, every kind of space made a plain one. */
export async function readPdfPages(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await document.destroy();
  return pages;
}

/** Text without any whitespace, to compare a paragraph with the lines it was broken into. */
export const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

export interface PdfObject {
  readonly id: number;
  /** The object's dictionary, as written. */
  readonly dictionary: string;
  /** The length of its stream, when it has one. */
  readonly streamLength: number | undefined;
}

/** Every object of an uncompressed-structure PDF (as pdfkit writes them: no object streams). */
export function pdfObjects(pdf: Uint8Array): Map<number, PdfObject> {
  const source = Buffer.from(pdf).toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of source.matchAll(/(\d+) 0 obj\s([\s\S]*?)\sendobj/g)) {
    const id = Number(match[1]);
    const body = match[2] ?? '';
    const streamAt = body.indexOf('stream');
    const dictionary = streamAt === -1 ? body : body.slice(0, streamAt);
    const length = /\/Length (\d+)/.exec(dictionary)?.[1];
    objects.set(id, { id, dictionary, streamLength: streamAt === -1 ? undefined : Number(length) });
  }
  return objects;
}
