import { describe, expect, it } from 'vitest';
import { identifyOrderLine, type OrderLineCandidate } from './order-line-identification.js';

const line = (
  purchaseOrderNumber: string,
  lineNo: number,
  reference: string,
  extra: Partial<OrderLineCandidate> = {},
): OrderLineCandidate => ({
  purchaseOrderLineId: `00000000-0000-4000-8000-0000000${purchaseOrderNumber.slice(-3)}${String(lineNo).padStart(2, '0')}`,
  purchaseOrderId: `order-${purchaseOrderNumber}`,
  purchaseOrderNumber,
  lineNo,
  reference,
  cancelled: false,
  ...extra,
});
const paper = line('PO-2026-000123', 1, 'PAP-A4');
const envelopes = line('PO-2026-000123', 2, 'ENV-C5');
const audit = line('PO-2026-000131', 1, 'AUDIT');
const candidates = [paper, envelopes, audit];

describe('identifyOrderLine', () => {
  it("takes the line's own order reference before the invoice's, and the order line by its number", () => {
    expect(
      identifyOrderLine({ orderReference: 'PO-2026-000131', orderLineId: '1' }, 'PO-2026-000123', candidates),
    ).toEqual({ lookup: 'found', orderReference: 'PO-2026-000131', orderLine: audit });
    expect(identifyOrderLine({ orderLineId: '02' }, ' PO-2026-000123 ', candidates)).toMatchObject({
      orderReference: 'PO-2026-000123',
      orderLine: envelopes,
    });
  });

  it("reads an order line reference that is the order line's id", () => {
    expect(
      identifyOrderLine(
        { orderLineId: envelopes.purchaseOrderLineId.toUpperCase() },
        'PO-2026-000123',
        candidates,
      ),
    ).toMatchObject({ lookup: 'found', orderLine: envelopes });
  });

  it('without a line reference (or "NA"), takes the only open line, or the one line of the quoted item', () => {
    const cancelledEnvelopes = { ...envelopes, cancelled: true };
    expect(identifyOrderLine({}, 'PO-2026-000123', [paper, cancelledEnvelopes])).toMatchObject({
      lookup: 'found',
      orderLine: paper,
    });
    expect(
      identifyOrderLine({ orderLineId: 'NA', sellerItemId: 'ENV-C5' }, 'PO-2026-000123', candidates),
    ).toMatchObject({
      lookup: 'found',
      orderLine: envelopes,
    });
    expect(identifyOrderLine({ sellerItemId: 'STYLO' }, 'PO-2026-000123', candidates)).toMatchObject({
      lookup: 'ambiguous',
      orderLine: null,
    });
  });

  it('says why a line is not identified: no reference, no such order, no such line, two orders of that number', () => {
    expect(identifyOrderLine({ orderLineId: '1' }, undefined, candidates)).toEqual({
      lookup: 'no_reference',
      orderReference: null,
      orderLine: null,
    });
    expect(identifyOrderLine({}, 'PO-2026-999999', candidates).lookup).toBe('unknown_order');
    expect(identifyOrderLine({ orderLineId: '7' }, 'PO-2026-000123', candidates).lookup).toBe('unknown_line');
    const otherEntity = line('PO-2026-000131', 1, 'AUDIT', { purchaseOrderId: 'order-of-another-entity' });
    expect(identifyOrderLine({ orderLineId: '1' }, 'PO-2026-000131', [audit, otherEntity]).lookup).toBe(
      'ambiguous',
    );
  });
});
