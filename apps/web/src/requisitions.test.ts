import { describe, expect, it } from 'vitest';
import type { ApprovalStep, CartLine, Requisition, TimelineEntry } from './api.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import {
  buildRequisitionBody,
  currentStep,
  decisionFor,
  emptyRequestForm,
  requestableLines,
  sortRequestErrors,
  timelineMessage,
} from './requisitions.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const itemLine: CartLine = {
  id: 'line-1',
  kind: 'item',
  quantity: '10',
  item: {
    id: 'item-1',
    supplierSku: 'P-80',
    name: { fr: 'Ramette A4', en: 'A4 ream' },
    supplier: { id: 'supplier-1', name: 'Papeterie' },
    unitCode: 'RM',
    minOrderQuantity: '5',
  },
  freeText: null,
  unitPrice: eur('4.90'),
  tierMinQuantity: null,
  netAmount: eur('49.00'),
  vatRate: '20',
  estimated: false,
  priceChange: null,
  issues: [],
  orderable: true,
};
const freeTextLine: CartLine = {
  ...itemLine,
  id: 'line-2',
  kind: 'free_text',
  quantity: '2',
  item: null,
  freeText: {
    requestId: 'request-2',
    description: 'Fauteuil',
    unitCode: 'C62',
    categoryCode: null,
    suggestedSupplier: { id: null, name: 'Bureau Confort' },
    url: null,
    notes: null,
    status: 'pending',
    rejectionReason: null,
  },
  unitPrice: eur('250.00'),
  estimated: true,
};

describe('the request made from the cart', () => {
  const form = {
    ...emptyRequestForm(),
    title: '  Fournitures  ',
    costCentreId: 'cc-1',
    wishedDate: '2026-12-01',
    lineWishedDates: { 'line-2': '2026-12-15' },
    lineCategories: { 'line-2': '56101504' },
  };

  it('charges every line to the cost centre and budget category, with the cart’s prices', () => {
    const body = buildRequisitionBody(form, [itemLine, freeTextLine], { 'item-1': '14111507' });
    expect(body).toMatchObject({ title: 'Fournitures', justification: null, currency: 'EUR' });
    expect(body.lines[0]).toEqual({
      source: 'catalog',
      catalogItemId: 'item-1',
      freeTextRequestId: null,
      supplierId: 'supplier-1',
      supplierName: 'Papeterie',
      description: 'Ramette A4',
      categoryCode: '14111507',
      quantity: '10',
      unitCode: 'RM',
      unitPrice: eur('4.90'),
      vatRate: '20',
      costCentreId: 'cc-1',
      budgetCategory: '606400',
      deliverySiteId: null,
      wishedDate: '2026-12-01',
    });
  });

  it('makes it a direct order only when the buyer ticks it', () => {
    expect(buildRequisitionBody(form, [itemLine], {}).directOrder).toBeUndefined();
    expect(buildRequisitionBody({ ...form, directOrder: true }, [itemLine], {}).directOrder).toBe(true);
  });

  it('sends a free-text line with its request, its suggested supplier and its own date and category', () => {
    const line = buildRequisitionBody(form, [freeTextLine], {}).lines[0];
    expect(line).toMatchObject({
      source: 'free_text',
      catalogItemId: null,
      freeTextRequestId: 'request-2',
      supplierId: null,
      supplierName: 'Bureau Confort',
      categoryCode: '56101504',
      wishedDate: '2026-12-15',
    });
  });

  it('leaves the wished date out when neither the request nor the line gives one', () => {
    const line = buildRequisitionBody(emptyRequestForm(), [itemLine], {}).lines[0];
    expect(line?.wishedDate).toBeNull();
  });

  it('takes only the lines that can be ordered', () => {
    expect(requestableLines([itemLine, { ...freeTextLine, orderable: false }])).toEqual([itemLine]);
  });
});

describe('field errors of a refused request', () => {
  it('puts header and shared settings next to their inputs, whichever way the API names them', () => {
    const { byField, byLine, other } = sortRequestErrors([
      { field: 'body.title', reason: 'must be 3 characters at least' },
      { field: 'lines[0].costCentreId', reason: 'is not a cost centre of your entity' },
      { field: 'lines[1].costCentreId', reason: 'is not a cost centre of your entity' },
      { field: 'body.lines.1.quantity', reason: 'must be a decimal quantity' },
      { field: 'body.currency', reason: 'must be an ISO 4217 currency code' },
    ]);
    expect(byField).toEqual({
      title: ['must be 3 characters at least'],
      costCentreId: ['is not a cost centre of your entity'],
    });
    expect(byLine).toEqual({ 1: [{ field: 'quantity', reason: 'must be a decimal quantity' }] });
    expect(other).toEqual([{ field: 'body.currency', reason: 'must be an ISO 4217 currency code' }]);
  });
});

const step = (over: Partial<ApprovalStep>): ApprovalStep => ({
  id: `step-${over.round ?? 1}-${over.stepIndex ?? 0}`,
  round: 1,
  stepIndex: 0,
  kind: 'manager',
  mode: 'any',
  label: 'Manager',
  explanation: null,
  status: 'waiting',
  approvers: [{ userId: 'manager', displayName: 'Julien Lefèvre' }],
  decisions: [],
  ...over,
});
const requisition = (steps: ApprovalStep[], approvalRound = 1): Requisition =>
  ({
    id: 'r-1',
    requester: { userId: 'employee', name: 'Léa Moreau' },
    approvalRound,
    approvalSteps: steps,
  }) as Requisition;

describe('the decision the caller may take', () => {
  const manager = { userId: 'manager', actingFor: [] };

  it('acts on the pending step of the latest round', () => {
    const r = requisition(
      [
        step({ round: 1, stepIndex: 1, status: 'pending' }),
        step({ round: 2, stepIndex: 0, status: 'approved' }),
        step({ round: 2, stepIndex: 1, status: 'pending' }),
      ],
      2,
    );
    expect(currentStep(r)?.id).toBe('step-2-1');
    expect(decisionFor(r, manager)).toEqual({ stepIndex: 1, onBehalfOf: null });
  });

  it('decides on behalf of the approver who delegated, and only then', () => {
    const r = requisition([step({ status: 'pending' })]);
    const delegate = {
      userId: 'delegate',
      actingFor: [{ userId: 'manager', displayName: 'Julien Lefèvre', endsOn: '2026-12-31' }],
    };
    expect(decisionFor(r, delegate)).toEqual({
      stepIndex: 0,
      onBehalfOf: { userId: 'manager', displayName: 'Julien Lefèvre' },
    });
    expect(decisionFor(r, { userId: 'someone', actingFor: [] })).toBeNull();
  });

  it('never lets the requester decide, nor anyone when no step is pending or after deciding', () => {
    const pending = step({ status: 'pending', approvers: [{ userId: 'employee', displayName: 'Léa' }] });
    expect(decisionFor(requisition([pending]), { userId: 'employee', actingFor: [] })).toBeNull();
    expect(decisionFor(requisition([step({ status: 'approved' })]), manager)).toBeNull();
    const decided = step({
      status: 'pending',
      mode: 'all',
      decisions: [
        {
          approverUserId: 'manager',
          actorUserId: 'manager',
          outcome: 'approved',
          comment: null,
          decidedAt: '2026-01-01T10:00:00Z',
        },
      ],
    });
    expect(decisionFor(requisition([decided]), manager)).toBeNull();
  });
});

describe('the history', () => {
  const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
    kind: 'step_approved',
    actor: { userId: 'delegate', name: 'Claire Dubois' },
    onBehalfOf: null,
    comment: null,
    details: { stepIndex: 0, label: 'Manager' },
    occurredAt: '2026-01-01T10:00:00Z',
    ...over,
  });

  it('says on whose behalf a step was approved', () => {
    const message = timelineMessage(entry({ onBehalfOf: { userId: 'manager', name: 'Julien Lefèvre' } }));
    expect(message).toEqual({
      key: 'step_approved_onBehalf',
      values: { actor: 'Claire Dubois', onBehalfOf: 'Julien Lefèvre', label: 'Manager', people: '' },
    });
    expect(timelineMessage(entry({})).key).toBe('step_approved');
  });

  it('names the people a step waits for', () => {
    const message = timelineMessage(
      entry({ kind: 'step_started', actor: null, details: { people: ['A', 'B'] } }),
    );
    expect(message.values.people).toBe('A, B');
  });

  it('has a sentence for every kind and status, in French and in English', () => {
    for (const messages of [fr, en]) {
      for (const kind of ['created', 'submitted', 'step_started', 'step_informed', 'step_carried_over']) {
        expect(messages.requests.timeline).toHaveProperty(kind);
      }
      expect(Object.keys(messages.requests.statuses)).toHaveLength(8);
      expect(messages.requests.timeline.step_approved_onBehalf).toContain('{{onBehalfOf}}');
    }
    expect(fr.requests.timeline.step_approved_onBehalf).toMatch(
      /^Approuvé par \{\{actor\}\} pour le compte de/,
    );
  });
});
