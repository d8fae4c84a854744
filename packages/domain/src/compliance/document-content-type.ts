/** The only file types accepted as compliance documents, recognised by their first bytes, not their name. */
export type DocumentContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

const signatures: { type: DocumentContentType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The content type the file's magic bytes show, or undefined for anything else (HTML, scripts, archives...). */
export function detectDocumentContentType(content: Uint8Array): DocumentContentType | undefined {
  return signatures.find(({ bytes }) => bytes.every((byte, i) => content[i] === byte))?.type;
}
