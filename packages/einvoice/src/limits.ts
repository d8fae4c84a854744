/** How much an e-invoice may weigh before Procura refuses to read it. */
export interface EInvoiceLimits {
  /** Bytes of the file, and of the XML inside a PDF. */
  readonly maxBytes: number;
  /** Nesting depth of XML elements or JSON values. */
  readonly maxDepth: number;
  /** XML elements in one document. */
  readonly maxElements: number;
}

/**
 * 10 MiB, 64 levels, 250,000 elements: a UBL or CII invoice nests about 8 levels deep and uses some
 * 40 elements per line, so these leave room for a few thousand lines and refuse what only an attack needs.
 */
export const defaultEInvoiceLimits: EInvoiceLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 250_000,
});

/** Above this, recursion over the element tree could exhaust the stack: no configuration may go there. */
const hardMaxDepth = 1000;

export function resolveLimits(overrides: Partial<EInvoiceLimits> = {}): EInvoiceLimits {
  const limits = { ...defaultEInvoiceLimits, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`e-invoice limit ${name} must be a positive integer`);
  }
  return { ...limits, maxDepth: Math.min(limits.maxDepth, hardMaxDepth) };
}
