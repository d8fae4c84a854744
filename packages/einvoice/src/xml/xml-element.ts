/** An XML element with its namespace resolved: what the syntax readers walk. */
export interface XmlElement {
  /** The namespace URI, '' for none. */
  readonly namespace: string;
  /** The local name, without prefix. */
  readonly name: string;
  /** The name as written ("cbc:ID"), for messages. */
  readonly qualifiedName: string;
  /** Attributes by their name as written ("schemeID", "xsi:schemaLocation"), entities decoded. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, entities decoded, trimmed; '' when empty. */
  readonly text: string;
  readonly parent: XmlElement | undefined;
}

/** One step of a path: a child element by namespace and local name. */
export type XmlStep = readonly [namespace: string, name: string];

/** Every element reached by following `steps` from `from`, in document order (XPath child axis). */
export function findAll(from: XmlElement | undefined, ...steps: readonly XmlStep[]): XmlElement[] {
  let current: XmlElement[] = from === undefined ? [] : [from];
  for (const [namespace, name] of steps) {
    current = current.flatMap((element) =>
      element.children.filter((child) => child.name === name && child.namespace === namespace),
    );
  }
  return current;
}

/** The first element reached by following `steps`, or undefined. */
export function find(from: XmlElement | undefined, ...steps: readonly XmlStep[]): XmlElement | undefined {
  return findAll(from, ...steps)[0];
}

/** The text of the first element reached: undefined when there is none, '' when it is empty. */
export function textAt(from: XmlElement | undefined, ...steps: readonly XmlStep[]): string | undefined {
  return find(from, ...steps)?.text;
}

/** Where an element sits, for messages: "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount". */
export function elementPath(element: XmlElement): string {
  const names: string[] = [];
  for (let current: XmlElement | undefined = element; current !== undefined; current = current.parent) {
    names.unshift(current.qualifiedName);
  }
  return `/${names.join('/')}`;
}

/** Every element of the tree, depth first, the root included. */
export function* descendants(root: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as XmlElement;
    yield element;
    for (let index = element.children.length - 1; index >= 0; index--) {
      stack.push(element.children[index] as XmlElement);
    }
  }
}
