import { type DomainError, isDomainError } from '@procura/domain';
import { describe, expect, it } from 'vitest';
import { defaultEInvoiceLimits, type EInvoiceLimits } from '../limits.js';
import { decodeXml, parseXmlBytes, parseXmlText } from './safe-xml.js';
import { find, textAt } from './xml-element.js';

function refusal(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const limits = (overrides: Partial<EInvoiceLimits> = {}): EInvoiceLimits => ({
  ...defaultEInvoiceLimits,
  ...overrides,
});
const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;

describe('parseXmlText', () => {
  it('resolves default and prefixed namespaces, whatever the prefixes', () => {
    const root = parseXmlText(
      '<Invoice xmlns="urn:i" xmlns:b="urn:basic"><b:ID schemeID="0088">42</b:ID><x:ID xmlns:x="urn:basic">43</x:ID></Invoice>',
      limits(),
    );

    expect([root.namespace, root.name]).toEqual(['urn:i', 'Invoice']);
    expect(root.children.map((child) => [child.namespace, child.name, child.text])).toEqual([
      ['urn:basic', 'ID', '42'],
      ['urn:basic', 'ID', '43'],
    ]);
    expect(find(root, ['urn:basic', 'ID'])?.attributes.get('schemeID')).toBe('0088');
  });

  it('decodes the predefined entities and character references, in text and attributes, but not CDATA', () => {
    const root = parseXmlText(
      '<r a="AT&amp;T &#x2013; &#233;"><n>Martin &amp; fils &lt;SAS&gt; &quot;&apos; &#8364;</n><c><![CDATA[a &amp; <b>]]></c></r>',
      limits(),
    );

    expect(root.attributes.get('a')).toBe('AT&T – é');
    expect(textAt(root, ['', 'n'])).toBe('Martin & fils <SAS> "\' €');
    expect(textAt(root, ['', 'c'])).toBe('a &amp; <b>');
  });

  it('keeps a present but empty element as an empty text', () => {
    const root = parseXmlText('<r><BuyerReference/><ID>  </ID></r>', limits());

    expect(textAt(root, ['', 'BuyerReference'])).toBe('');
    expect(textAt(root, ['', 'ID'])).toBe('');
    expect(textAt(root, ['', 'Missing'])).toBeUndefined();
  });

  it('refuses a DOCTYPE before any parser sees it: entity expansion ("billion laughs")', () => {
    const billionLaughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    const error = refusal(() => parseXmlText(billionLaughs, limits()));

    expect(error.code).toBe('einvoice_doctype_forbidden');
    expect(error.message).toContain('<!DOCTYPE> at line 1');
  });

  it('refuses an external entity (XXE) and a lower-case doctype with einvoice_doctype_forbidden', () => {
    const xxe = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';

    expect(refusal(() => parseXmlText(xxe, limits())).code).toBe('einvoice_doctype_forbidden');
    expect(refusal(() => parseXmlText('<!doctype r><r/>', limits())).code).toBe('einvoice_doctype_forbidden');
    expect(refusal(() => parseXmlText('<r><!ENTITY x "y"></r>', limits())).code).toBe(
      'einvoice_doctype_forbidden',
    );
  });

  it('does not mistake a DOCTYPE written inside a comment or CDATA for one', () => {
    const root = parseXmlText('<r><!-- <!DOCTYPE x> --><c><![CDATA[<!DOCTYPE y>]]></c></r>', limits());

    expect(textAt(root, ['', 'c'])).toBe('<!DOCTYPE y>');
  });

  it('accepts elements nested exactly maxDepth deep and refuses one level more', () => {
    expect(() => parseXmlText(nested(10), limits({ maxDepth: 10 }))).not.toThrow();

    const error = refusal(() => parseXmlText(nested(11), limits({ maxDepth: 10 })));
    expect(error.code).toBe('einvoice_too_deep');
    expect(error.message).toContain('more than 10 levels');
  });

  it('accepts exactly maxElements elements and refuses one more', () => {
    const withChildren = (count: number) => `<r>${'<e/>'.repeat(count - 1)}</r>`;

    expect(() => parseXmlText(withChildren(100), limits({ maxElements: 100 }))).not.toThrow();
    expect(refusal(() => parseXmlText(withChildren(101), limits({ maxElements: 100 }))).code).toBe(
      'einvoice_too_many_elements',
    );
  });

  it('counts neither quoted ">" in attributes nor markup in comments as elements', () => {
    const root = parseXmlText('<r a="x > y"><!-- <e><e><e> --><e b=\'<\'/></r>', limits({ maxElements: 2 }));

    expect(root.children).toHaveLength(1);
  });

  it.each([
    ['an unclosed element', '<r><a></r>', 'line 1'],
    ['a second root element', '<r/><s/>', 'second root element'],
    ['an undeclared entity', '<r>&nbsp;</r>', 'undeclared entity &nbsp;'],
    ['an undeclared namespace prefix', '<x:r/>', 'undeclared namespace prefix "x"'],
    ['a repeated attribute', '<r a="1" a="2"/>', 'repeated'],
    ['text only', 'invoice', "char 'i' is not expected"],
    ['an unterminated comment', '<r><!-- </r>', 'unterminated comment'],
  ])('refuses %s with einvoice_malformed_xml naming the problem', (_, xml, detail) => {
    const error = refusal(() => parseXmlText(xml, limits()));

    expect(error.code).toBe('einvoice_malformed_xml');
    expect(error.message).toContain(detail);
  });

  it('refuses more than maxBytes with einvoice_too_large, and exactly maxBytes is read', () => {
    const xml = Buffer.from('<r>12345</r>');

    expect(parseXmlBytes(xml, limits({ maxBytes: xml.byteLength })).text).toBe('12345');
    expect(refusal(() => parseXmlBytes(xml, limits({ maxBytes: xml.byteLength - 1 }))).code).toBe(
      'einvoice_too_large',
    );
  });
});

describe('decodeXml', () => {
  it('reads UTF-8 with or without a byte order mark', () => {
    expect(decodeXml(Buffer.from('\uFEFF<r>é</r>'))).toBe('<r>é</r>');
    expect(decodeXml(Buffer.from('<r>é</r>'))).toBe('<r>é</r>');
  });

  it('reads the encoding the XML declaration names (ISO-8859-1) and UTF-16 with its byte order mark', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>\xe9</r>', 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r>é</r>', 'utf16le')]);

    expect(decodeXml(latin1)).toContain('<r>é</r>');
    expect(decodeXml(utf16)).toBe('<r>é</r>');
  });

  it('refuses bytes that are not UTF-8 and an encoding nobody can read', () => {
    expect(
      refusal(() => decodeXml(Buffer.from([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]))).message,
    ).toContain('not valid UTF-8');
    expect(refusal(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="EBCDIC-X"?><r/>'))).code).toBe(
      'einvoice_malformed_xml',
    );
  });
});
