// A small XML writer for the files Procura produces: elements, attributes and text, escaped, in
// UTF-8, indented by two spaces. Mixed content and comments are not needed, so not offered.

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Text content, or child elements; absent or undefined children are left out. */
  readonly content: string | readonly (XmlElement | undefined)[];
}

/** An element; `content` is its text or its children (undefined children are skipped). */
export function xml(
  name: string,
  content: XmlElement['content'],
  attributes?: Readonly<Record<string, string>>,
): XmlElement {
  return attributes === undefined ? { name, content } : { name, content, attributes };
}

// XML 1.0 allows tab, line feed, carriage return and the characters from U+0020 on, except the
// surrogates and U+FFFE / U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finds the characters XML 1.0 forbids
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function escapeXml(value: string, quote: boolean): string {
  if (forbidden.test(value))
    throw new Error(`XML cannot carry the control characters in ${JSON.stringify(value)}`);
  const escaped = value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return quote ? escaped.replaceAll('"', '&quot;') : escaped;
}

function render(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value, true)}"`)
    .join('');
  if (typeof element.content === 'string') {
    lines.push(
      `${indent}<${element.name}${attributes}>${escapeXml(element.content, false)}</${element.name}>`,
    );
    return;
  }
  const children = element.content.filter((child): child is XmlElement => child !== undefined);
  if (children.length === 0) {
    lines.push(`${indent}<${element.name}${attributes}/>`);
    return;
  }
  lines.push(`${indent}<${element.name}${attributes}>`);
  for (const child of children) render(child, depth + 1, lines);
  lines.push(`${indent}</${element.name}>`);
}

/** The document with its XML declaration, ending with a line feed. */
export function renderXmlDocument(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, lines);
  return `${lines.join('\n')}\n`;
}
