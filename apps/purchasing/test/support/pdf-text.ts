// Reads a rendered PDF back as a person's viewer would: the text of each page, with PDF.js.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page, every run of whitespace made one space. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
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
