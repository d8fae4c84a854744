// The documents behind a budget figure: which requests, orders and invoices hold the amounts that
// the figures add up. Each entry's amounts sit on its commitment line, so summing per document the
// entries of a set of budget lines gives exactly those lines' figures, spread over their documents.

import { type CurrencyCode, type Money, money } from '../money/index.js';
import type { LedgerDocumentKind, LedgerEntry } from './commitment-ledger.js';

/** What one document holds on the budget lines asked about: its lines together. */
export interface DocumentFigures {
  readonly kind: LedgerDocumentKind;
  readonly id: string;
  readonly currency: CurrencyCode;
  readonly requested: Money;
  readonly committed: Money;
  readonly received: Money;
  readonly invoiced: Money;
  /** The day the ledger first mentions the document. */
  readonly firstOn: string;
  /** The day of its latest entry. */
  readonly lastOn: string;
}

/**
 * The figures of every document holding amounts in `entries`, whatever its kind (requests today,
 * orders and invoices as they come), in the order the ledger first mentions them. A document whose
 * amounts were all released (a withdrawn request, a request fully ordered) is listed with zeros.
 * Throws `currency_mismatch` should one document's entries mix currencies.
 */
export function documentFigures(entries: readonly LedgerEntry[]): DocumentFigures[] {
  const documents = new Map<string, DocumentFigures>();
  for (const { commitmentLine, deltas, occurredOn } of entries) {
    const currency = Object.values(deltas).find((amount) => amount !== undefined)?.currency;
    if (currency === undefined) continue;
    const key = JSON.stringify([commitmentLine.kind, commitmentLine.id]);
    const zero = money('0', currency);
    const current = documents.get(key) ?? {
      kind: commitmentLine.kind,
      id: commitmentLine.id,
      currency,
      requested: zero,
      committed: zero,
      received: zero,
      invoiced: zero,
      firstOn: occurredOn,
      lastOn: occurredOn,
    };
    const plus = (held: Money, delta: Money | undefined) => (delta ? held.add(delta) : held);
    documents.set(key, {
      ...current,
      requested: plus(current.requested, deltas.requested),
      committed: plus(current.committed, deltas.committed),
      received: plus(current.received, deltas.received),
      invoiced: plus(current.invoiced, deltas.invoiced),
      firstOn: [current.firstOn, occurredOn].sort()[0] ?? occurredOn,
      lastOn: [current.lastOn, occurredOn].sort()[1] ?? occurredOn,
    });
  }
  return [...documents.values()];
}
