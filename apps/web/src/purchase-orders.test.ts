import { describe, expect, it } from 'vitest';
import type { PurchaseOrder, PurchaseOrderLine, PurchaseOrderRevision } from './api.js';
import {
  blankAddedLine,
  buildReceiptBody,
  buildRevisionBody,
  currentRevisionOf,
  linesTotal,
  mayIssueFrom,
  orderActionsFor,
  pendingRevisionOf,
  placeLineErrors,
  receiptFormOf,
  remainingToReceive,
  revisionFormOf,
  typedQuantity,
  withReturnToggled,
} from './purchase-orders.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

function line(id: string, overrides: Partial<PurchaseOrderLine> = {}): PurchaseOrderLine {
  return {
    id,
    lineNo: 1,
    requisitionId: 'req-1',
    reference: `REF-${id}`,
    description: `Article ${id}`,
    categoryCode: '44121600',
    quantity: '10',
    unitCode: 'C62',
    unitPrice: eur('4.9'),
    vatRate: '20.00',
    amount: eur('49.00'),
    receiptRequired: true,
    receivedQuantity: '0',
    invoicedQuantity: '0',
    cancelled: false,
    costCentreId: 'cc-1',
    budgetCategory: '606400',
    ...overrides,
  };
}

function revision(n: number, status: PurchaseOrderRevision['status']): PurchaseOrderRevision {
  return {
    revision: n,
    status,
    terms: [{ code: 'CGA', version: 1 }],
    pdfSha256: null,
    changes: [],
    createdBy: 'Sophie Garnier',
    createdById: 'user-sophie',
    createdAt: '2026-03-02T09:00:00Z',
    issuedAt: status === 'issued' ? '2026-03-02T09:00:00Z' : null,
    approvalRequisitionId: null,
    acknowledgement: { status: 'awaiting', at: null, promisedDate: null, declineReason: null },
  };
}

function order(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return {
    id: 'po-1',
    number: 'PO-2026-000001',
    entityId: 'e-1',
    supplier: { id: 's-1', name: 'Lemaire Bureau Distribution' },
    status: 'issued',
    revision: 1,
    version: 3,
    currency: 'EUR',
    total: eur('49.00'),
    receiptStatus: 'none',
    billingStatus: 'none',
    buyer: { userId: 'u-buyer', name: 'Sophie Garnier' },
    deliveryDate: '2026-03-20',
    issuedAt: '2026-03-02T09:00:00Z',
    requesters: [{ userId: 'user-lea', name: 'Léa Moreau' }],
    deliverySiteId: null,
    origin: 'requisition',
    cancelled: null,
    closed: null,
    lines: [line('a'), line('b', { quantity: '3', receivedQuantity: '1.5' })],
    revisions: [revision(1, 'issued')],
    dispatches: [],
    receipts: [],
    ...overrides,
  };
}

describe('quantities', () => {
  it('reads a typed quantity with a comma or spaces as the API writes it, and refuses what is not one', () => {
    expect(typedQuantity(' 2,50 ')).toBe('2.5');
    expect(typedQuantity('1 000')).toBe('1000');
    expect(typedQuantity('-3')).toBe('-3');
    expect(typedQuantity('0.00005')).toBeNull();
    expect(typedQuantity('abc')).toBeNull();
    expect(typedQuantity('')).toBeNull();
  });

  it('leaves to receive what was ordered less what was received, never below zero, none on a cancelled line', () => {
    expect(remainingToReceive(line('a', { quantity: '10', receivedQuantity: '4' }))).toBe('6');
    expect(remainingToReceive(line('a', { quantity: '3', receivedQuantity: '1.25' }))).toBe('1.75');
    // Over-received within the tolerance: nothing left, not a negative quantity.
    expect(remainingToReceive(line('a', { quantity: '10', receivedQuantity: '10.5' }))).toBe('0');
    expect(remainingToReceive(line('a', { cancelled: true }))).toBe('0');
  });

  it('adds the lines’ amounts exactly (0.1 + 0.2 is 0.3)', () => {
    expect(linesTotal([{ amount: '0.10' }, { amount: '0.20' }])).toBe('0.3');
    expect(linesTotal([{ amount: '24.50' }, { amount: '2550.00' }])).toBe('2574.5');
    expect(linesTotal([])).toBe('0');
  });
});

describe('the receive-goods form', () => {
  const today = '2026-03-10';

  it('opens dated today with each open line prefilled with what remains, a line received in full left empty', () => {
    const form = receiptFormOf(
      order({
        lines: [
          line('a'),
          line('b', { quantity: '3', receivedQuantity: '3' }),
          line('c', { cancelled: true }),
        ],
      }),
      today,
    );
    expect(form.receivedOn).toBe(today);
    expect(form.isReturn).toBe(false);
    expect(form.lines).toEqual([
      { lineId: 'a', quantity: '10', comment: '' },
      { lineId: 'b', quantity: '', comment: '' },
    ]);
  });

  it('sends only the lines with a quantity, and says which order line each sent line is', () => {
    const form = { ...receiptFormOf(order(), today), comment: '  Carton abîmé ' };
    form.lines = [
      { lineId: 'a', quantity: '', comment: '' },
      { lineId: 'b', quantity: '1,5', comment: ' reste à venir ' },
    ];
    const checked = buildReceiptBody(form, today);
    expect(checked).toEqual({
      ok: true,
      body: {
        receivedOn: today,
        comment: 'Carton abîmé',
        lines: [{ purchaseOrderLineId: 'b', quantity: '1.5', comment: 'reste à venir' }],
      },
      sentLineIds: ['b'],
    });
  });

  it('sends a return as negative quantities', () => {
    const form = withReturnToggled(receiptFormOf(order(), today), order(), true);
    expect(form.lines.map((l) => l.quantity)).toEqual(['', '']);
    form.lines[1] = { lineId: 'b', quantity: '1', comment: 'défectueux' };
    const checked = buildReceiptBody(form, today);
    expect(checked.ok && checked.body.lines).toEqual([
      { purchaseOrderLineId: 'b', quantity: '-1', comment: 'défectueux' },
    ]);
    // Back to a receipt: the remaining quantities come back.
    expect(withReturnToggled(form, order(), false).lines.map((l) => l.quantity)).toEqual(['10', '1.5']);
  });

  it('refuses a date in the future, a quantity that is not one, and a receipt of nothing', () => {
    const form = receiptFormOf(order(), today);
    expect(buildReceiptBody({ ...form, receivedOn: '2026-03-11' }, today)).toEqual({
      ok: false,
      errors: [{ field: 'receivedOn', reason: 'dateInFuture' }],
    });
    expect(buildReceiptBody({ ...form, receivedOn: '' }, today)).toMatchObject({
      ok: false,
      errors: [{ field: 'receivedOn', reason: 'dateRequired' }],
    });
    const typed = { ...form, lines: [{ lineId: 'a', quantity: 'deux', comment: '' }] };
    expect(buildReceiptBody(typed, today)).toEqual({
      ok: false,
      errors: [{ field: 'line:a', reason: 'quantityInvalid' }],
    });
    const empty = { ...form, lines: form.lines.map((l) => ({ ...l, quantity: '0' })) };
    expect(buildReceiptBody(empty, today)).toEqual({
      ok: false,
      errors: [{ field: 'lines', reason: 'nothingReceived' }],
    });
  });

  it('places the API’s errors on the order line of the sent line they name, whatever their spelling', () => {
    const placed = placeLineErrors(
      [
        { field: 'lines[0].quantity', reason: 'would exceed the ordered 3 by more than 5 %' },
        { field: 'body.lines.1.comment', reason: 'too long' },
        { field: 'body.receivedOn', reason: 'must be a date' },
        { field: 'line:c', reason: 'quantityInvalid' },
        { field: 'version', reason: 'is 2' },
      ],
      ['b', 'a'],
      ['receivedOn', 'comment', 'lines'],
    );
    expect(placed.byLine).toEqual({
      b: ['would exceed the ordered 3 by more than 5 %'],
      a: ['too long'],
      c: ['quantityInvalid'],
    });
    expect(placed.byField).toEqual({ receivedOn: ['must be a date'] });
    expect(placed.other).toEqual([{ field: 'version', reason: 'is 2' }]);
  });
});

describe('the revision form', () => {
  it('sends the changed and cancelled lines only, at the version read', () => {
    const po = order();
    const form = revisionFormOf(po);
    expect(form.deliveryDate).toBe('2026-03-20');
    form.reason = ' Deux de plus ';
    form.lines = [
      { lineId: 'a', quantity: '12', unitPrice: '4,90', cancel: false },
      { lineId: 'b', quantity: '3', unitPrice: '4.9', cancel: false },
    ];
    expect(buildRevisionBody(po, form)).toEqual({
      ok: true,
      body: {
        version: 3,
        reason: 'Deux de plus',
        lines: [{ lineId: 'a', quantity: '12', unitPrice: '4.9', cancelled: false }],
      },
      sentLineIds: ['a'],
    });
    form.lines = [
      { lineId: 'a', quantity: '10', unitPrice: '4.9', cancel: false },
      { lineId: 'b', quantity: 'x', unitPrice: '4.9', cancel: true },
    ];
    expect(buildRevisionBody(po, form)).toMatchObject({
      ok: true,
      body: { lines: [{ lineId: 'b', quantity: '3', unitPrice: '4.9', cancelled: true }] },
    });
  });

  it('sends a new delivery date alone with every open line as it stands', () => {
    const po = order();
    const form = { ...revisionFormOf(po), reason: 'Livraison décalée', deliveryDate: '2026-04-01' };
    expect(buildRevisionBody(po, form)).toMatchObject({
      ok: true,
      body: { deliveryDate: '2026-04-01', lines: [{ lineId: 'a' }, { lineId: 'b' }] },
      sentLineIds: ['a', 'b'],
    });
  });

  it('asks for a reason, numbers that are numbers, and a change', () => {
    const po = order();
    const form = revisionFormOf(po);
    expect(buildRevisionBody(po, form)).toEqual({
      ok: false,
      errors: [{ field: 'reason', reason: 'reasonRequired' }],
    });
    const typed = {
      ...form,
      reason: 'Prix',
      lines: [
        { lineId: 'a', quantity: '0', unitPrice: '4.9', cancel: false },
        { lineId: 'b', quantity: '3', unitPrice: 'cher', cancel: false },
      ],
    };
    expect(buildRevisionBody(po, typed)).toEqual({
      ok: false,
      errors: [
        { field: 'line:a', reason: 'quantityInvalid' },
        { field: 'line:b', reason: 'priceInvalid' },
      ],
    });
    expect(buildRevisionBody(po, { ...form, reason: 'Rien' })).toEqual({
      ok: false,
      errors: [{ field: 'lines', reason: 'nothingChanged' }],
    });
  });
});

describe('lines added by a revision', () => {
  const typed = (changes: Partial<ReturnType<typeof blankAddedLine>>) => ({
    ...blankAddedLine('n1'),
    description: 'Écran 27 pouces',
    categoryCode: '43211902',
    quantity: '2',
    unitPrice: '189,90',
    ...changes,
  });

  it('sends a line added alone, after the lines changed, and places its errors on its row', () => {
    const po = order();
    const form = { ...revisionFormOf(po), reason: 'Deux écrans', added: [typed({ vatRate: '5.5' })] };
    expect(buildRevisionBody(po, form)).toEqual({
      ok: true,
      body: {
        version: 3,
        reason: 'Deux écrans',
        lines: [
          {
            description: 'Écran 27 pouces',
            categoryCode: '43211902',
            unitCode: 'C62',
            vatRate: '5.5',
            quantity: '2',
            unitPrice: '189.9',
            cancelled: false,
          },
        ],
      },
      sentLineIds: ['n1'],
    });
    form.lines = [{ lineId: 'a', quantity: '12', unitPrice: '4.9', cancel: false }, ...form.lines.slice(1)];
    const both = buildRevisionBody(po, form);
    expect(both).toMatchObject({ ok: true, sentLineIds: ['a', 'n1'] });
    expect(both.ok && both.body.lines.map((l) => l.lineId ?? l.description)).toEqual([
      'a',
      'Écran 27 pouces',
    ]);
    // The API's 'lines[1].unitPrice' is about the added row.
    expect(
      placeLineErrors([{ field: 'lines[1].unitPrice', reason: 'too high' }], ['a', 'n1'], []).byLine,
    ).toEqual({
      n1: ['too high'],
    });
  });

  it('asks for a description, an 8-digit category, a quantity and a price', () => {
    const po = order();
    const form = (line: ReturnType<typeof typed>) => ({
      ...revisionFormOf(po),
      reason: 'Ajout',
      added: [line],
    });
    const reasonOf = (line: ReturnType<typeof typed>) => {
      const checked = buildRevisionBody(po, form(line));
      return checked.ok ? null : checked.errors;
    };
    expect(reasonOf(typed({ description: ' ' }))).toEqual([
      { field: 'line:n1', reason: 'descriptionRequired' },
    ]);
    expect(reasonOf(typed({ categoryCode: '4321' }))).toEqual([
      { field: 'line:n1', reason: 'categoryInvalid' },
    ]);
    expect(reasonOf(typed({ quantity: '0' }))).toEqual([{ field: 'line:n1', reason: 'quantityInvalid' }]);
    expect(reasonOf(typed({ unitPrice: '' }))).toEqual([{ field: 'line:n1', reason: 'priceInvalid' }]);
  });
});

describe('what each person is offered on an order', () => {
  const buyer = { roles: ['buyer'], userId: 'user-sophie' };
  const employee = { roles: ['employee'], userId: 'user-lea' };
  const manager = { roles: ['manager'], userId: 'user-julien' };
  const auditor = { roles: ['auditor'], userId: 'user-claire' };

  it('lets a buyer revise, cancel and close an issued order nothing was received on', () => {
    const actions = orderActionsFor(order({ lines: [line('a')] }), buyer, false);
    expect(actions).toEqual({
      revise: true,
      cancel: true,
      close: true,
      decide: false,
      receive: true,
      retryDispatch: false,
    });
  });

  it('no longer offers to cancel once something was received, nor anything on a closed order', () => {
    expect(orderActionsFor(order(), buyer, false).cancel).toBe(false);
    expect(orderActionsFor(order({ status: 'closed' }), buyer, false)).toEqual({
      revise: false,
      cancel: false,
      close: false,
      decide: false,
      receive: false,
      retryDispatch: false,
    });
  });

  it('lets the requester receive the goods of their own request, not a colleague nor an auditor', () => {
    expect(orderActionsFor(order(), employee, true).receive).toBe(true);
    expect(orderActionsFor(order({ status: 'acknowledged' }), employee, true).receive).toBe(true);
    expect(orderActionsFor(order(), employee, false).receive).toBe(false);
    expect(orderActionsFor(order(), auditor, true).receive).toBe(false);
    expect(orderActionsFor(order({ status: 'pending_approval' }), employee, true).receive).toBe(false);
    expect(orderActionsFor(order(), employee, true)).toMatchObject({
      revise: false,
      cancel: false,
      close: false,
    });
  });

  it('offers the decision on a revision held for approval to managers, finance and other buyers, never to its reviser, an employee or an auditor', () => {
    const held = order({
      status: 'pending_approval',
      revision: 1,
      revisions: [revision(1, 'issued'), revision(2, 'pending_approval')],
    });
    expect(pendingRevisionOf(held)?.revision).toBe(2);
    expect(orderActionsFor(held, manager, false).decide).toBe(true);
    expect(orderActionsFor(held, { roles: ['accountant'], userId: 'user-thomas' }, false).decide).toBe(true);
    expect(orderActionsFor(held, employee, true).decide).toBe(false);
    expect(orderActionsFor(held, auditor, false).decide).toBe(false);
    // The buyer who revised it (revision 2 is Sophie's) may not approve it; another buyer may.
    expect(orderActionsFor(held, buyer, false).decide).toBe(false);
    expect(orderActionsFor(held, { roles: ['buyer'], userId: 'user-marc' }, false).decide).toBe(true);
    expect(orderActionsFor(order(), manager, false).decide).toBe(false);
    // The PDF shown is still the last issued revision.
    expect(currentRevisionOf(held)?.revision).toBe(1);
  });

  it('offers to send a failed e-mail again to buyers only', () => {
    const failed = order({
      dispatches: [
        {
          id: 'd-1',
          revision: 1,
          kind: 'order',
          channel: 'email',
          recipient: 'commandes@lemaire-bureau.example',
          status: 'failed',
          attempts: 5,
          lastError: 'connect ECONNREFUSED',
          queuedAt: '2026-03-02T09:00:00Z',
          nextAttemptAt: null,
          sentAt: null,
          failedAt: '2026-03-02T14:00:00Z',
        },
      ],
    });
    expect(orderActionsFor(failed, buyer, false).retryDispatch).toBe(true);
    expect(
      orderActionsFor(failed, { roles: ['administrator'], userId: 'user-antoine' }, false).retryDispatch,
    ).toBe(true);
    expect(orderActionsFor(failed, employee, true).retryDispatch).toBe(false);
  });

  it('lets buyers order an approved or partly ordered request, and only then', () => {
    expect(mayIssueFrom('approved', buyer)).toBe(true);
    expect(mayIssueFrom('partly_ordered', { roles: ['administrator'] })).toBe(true);
    expect(mayIssueFrom('ordered', buyer)).toBe(false);
    expect(mayIssueFrom('in_approval', buyer)).toBe(false);
    expect(mayIssueFrom('approved', employee)).toBe(false);
  });
});
