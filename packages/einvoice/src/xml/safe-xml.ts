// Reads untrusted XML without the classic traps: the bytes are decoded strictly, a DOCTYPE or ENTITY
// declaration is refused before any parser sees it (no entity expansion, no external entity, no network),
// depth and element count are bounded in one linear scan, and only the five predefined entities and
// character references are decoded. fast-xml-parser checks well-formedness and builds the tree.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { einvoiceError } from '../errors.js';
import type { EInvoiceLimits } from '../limits.js';
import type { XmlElement } from './xml-element.js';

const utf8Bom = [0xef, 0xbb, 0xbf];

/** Decodes XML bytes: a byte order mark, else the encoding of the XML declaration, else UTF-8. */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (!utf8Bom.every((byte, index) => bytes[index] === byte)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    if (declared !== undefined) label = declared.toLowerCase();
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw einvoiceError(
      'einvoice_malformed_xml',
      `The XML declares the encoding "${label}", which Procura cannot read`,
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw einvoiceError(
      'einvoice_malformed_xml',
      `The XML is not valid ${label.toUpperCase()}: it holds bytes that are not text`,
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * One pass over the text that refuses DOCTYPE and ENTITY declarations and counts element depth and
 * number, before any parser builds anything. It skips comments, CDATA sections, processing instructions
 * and quoted attribute values, so markup inside them does not count.
 */
export function scanXml(text: string, limits: EInvoiceLimits): void {
  let depth = 0;
  let elements = 0;
  let rootClosed = false;
  let index = 0;
  const unterminated = (what: string, at: number) =>
    einvoiceError(
      'einvoice_malformed_xml',
      `The XML has an unterminated ${what} at ${lineAndColumn(text, at)}`,
    );
  while (true) {
    const start = text.indexOf('<', index);
    if (start === -1) break;
    if (text.startsWith('<!--', start)) {
      const end = text.indexOf('-->', start + 4);
      if (end === -1) throw unterminated('comment', start);
      index = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', start)) {
      const end = text.indexOf(']]>', start + 9);
      if (end === -1) throw unterminated('CDATA section', start);
      index = end + 3;
      continue;
    }
    if (text[start + 1] === '!') {
      const declaration = /^<!\s*([A-Za-z]*)/.exec(text.slice(start, start + 20))?.[1]?.toUpperCase() ?? '';
      if (declaration === 'DOCTYPE' || declaration === 'ENTITY') {
        throw einvoiceError(
          'einvoice_doctype_forbidden',
          `The XML declares <!${declaration}> at ${lineAndColumn(text, start)}: e-invoices never need one, and Procura refuses them (entity expansion and external entities)`,
        );
      }
      throw einvoiceError(
        'einvoice_malformed_xml',
        `The XML has an unexpected <!${declaration} at ${lineAndColumn(text, start)}`,
      );
    }
    if (text[start + 1] === '?') {
      const end = text.indexOf('?>', start + 2);
      if (end === -1) throw unterminated('processing instruction', start);
      index = end + 2;
      continue;
    }
    let end = start + 1;
    let quote: string | undefined;
    for (; end < text.length; end++) {
      const char = text[end];
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '>') break;
    }
    if (end >= text.length) throw unterminated('tag', start);
    index = end + 1;
    if (text[start + 1] === '/') {
      depth--;
      if (depth === 0) rootClosed = true;
      continue;
    }
    if (rootClosed) {
      throw einvoiceError(
        'einvoice_malformed_xml',
        `The XML has a second root element at ${lineAndColumn(text, start)}: a document has exactly one`,
      );
    }
    elements++;
    if (elements > limits.maxElements) {
      throw einvoiceError(
        'einvoice_too_many_elements',
        `The XML has more than ${limits.maxElements} elements, the most Procura reads in one invoice`,
      );
    }
    if (text[end - 1] === '/') {
      if (depth === 0) rootClosed = true;
      continue;
    }
    depth++;
    if (depth > limits.maxDepth) {
      throw einvoiceError(
        'einvoice_too_deep',
        `The XML nests elements more than ${limits.maxDepth} levels deep (at ${lineAndColumn(text, start)})`,
      );
    }
  }
}

const predefinedEntities: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes the predefined entities and character references; any other entity is undeclared, so malformed. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&\s]*);?/g, (reference, name: string) => {
    if (!reference.endsWith(';')) {
      throw einvoiceError('einvoice_malformed_xml', `The XML has a bare "&" in "${value.slice(0, 60)}"`);
    }
    const predefined = predefinedEntities[name];
    if (predefined !== undefined && Object.hasOwn(predefinedEntities, name)) return predefined;
    const codePoint = /^#x[0-9a-fA-F]{1,6}$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(name)
        ? Number.parseInt(name.slice(1), 10)
        : undefined;
    if (codePoint === undefined) {
      throw einvoiceError('einvoice_malformed_xml', `The XML uses the undeclared entity ${reference}`);
    }
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint === 0) {
      throw einvoiceError(
        'einvoice_malformed_xml',
        `The XML refers to ${reference}, which is not a character`,
      );
    }
    return String.fromCodePoint(codePoint);
  });
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const textKey = '#text';
const cdataKey = '#cdata';

function buildParser(limits: EInvoiceLimits): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    cdataPropName: cdataKey,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: limits.maxDepth + 1,
  });
}

interface Scope {
  readonly namespaces: ReadonlyMap<string, string>;
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function toElement(node: OrderedNode, scope: Scope, parent: XmlElement | undefined): XmlElement {
  const qualifiedName = elementName(node) as string;
  const rawAttributes = node[':@'] ?? {};
  const namespaces = new Map(scope.namespaces);
  const attributes = new Map<string, string>();
  for (const [name, raw] of Object.entries(rawAttributes)) {
    const value = decodeEntities(raw);
    if (name === 'xmlns') namespaces.set('', value);
    else if (name.startsWith('xmlns:')) namespaces.set(name.slice(6), value);
    else attributes.set(name, value);
  }
  const colon = qualifiedName.indexOf(':');
  const prefix = colon === -1 ? '' : qualifiedName.slice(0, colon);
  const namespace = namespaces.get(prefix);
  if (namespace === undefined && prefix !== '') {
    throw einvoiceError(
      'einvoice_malformed_xml',
      `The XML uses the undeclared namespace prefix "${prefix}" in <${qualifiedName}>`,
    );
  }
  const children: XmlElement[] = [];
  let text = '';
  const element: XmlElement = {
    namespace: namespace ?? '',
    name: colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1),
    qualifiedName,
    attributes,
    children,
    text: '',
    parent,
  };
  const content = node[qualifiedName];
  for (const child of Array.isArray(content) ? (content as OrderedNode[]) : []) {
    if (textKey in child) text += decodeEntities(String(child[textKey]));
    else if (cdataKey in child) {
      const parts = child[cdataKey];
      for (const part of Array.isArray(parts) ? (parts as OrderedNode[]) : [])
        text += String(part[textKey] ?? '');
    } else if (elementName(child) !== undefined) {
      children.push(toElement(child, { namespaces }, element));
    }
  }
  return Object.assign(element, { text: text.trim() });
}

/**
 * Parses untrusted XML text into a namespace-resolved element tree, within `limits`. Throws DomainError
 * `einvoice_doctype_forbidden`, `einvoice_too_deep`, `einvoice_too_many_elements` or
 * `einvoice_malformed_xml` (with the line and column) otherwise.
 */
export function parseXmlText(text: string, limits: EInvoiceLimits): XmlElement {
  scanXml(text, limits);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw einvoiceError(
      'einvoice_malformed_xml',
      `The XML is not well-formed at line ${line}, column ${col}: ${msg}`,
    );
  }
  let nodes: OrderedNode[];
  try {
    nodes = buildParser(limits).parse(text) as OrderedNode[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw einvoiceError('einvoice_malformed_xml', `The XML cannot be parsed: ${reason}`);
  }
  const roots = nodes.filter((node) => {
    const name = elementName(node);
    return name !== undefined && name !== textKey && name !== cdataKey;
  });
  const [root] = roots;
  if (root === undefined || roots.length > 1) {
    throw einvoiceError('einvoice_malformed_xml', 'The XML must have exactly one root element');
  }
  return toElement(
    root,
    { namespaces: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) },
    undefined,
  );
}

/** Decodes then parses XML bytes: see {@link parseXmlText}. Refuses more than `limits.maxBytes`. */
export function parseXmlBytes(bytes: Uint8Array, limits: EInvoiceLimits): XmlElement {
  if (bytes.byteLength > limits.maxBytes) {
    throw einvoiceError(
      'einvoice_too_large',
      `The XML is ${bytes.byteLength} bytes, over the limit of ${limits.maxBytes} bytes`,
    );
  }
  return parseXmlText(decodeXml(bytes), limits);
}
