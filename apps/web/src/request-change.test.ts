import { describe, expect, it } from 'vitest';
import type { Requisition, RequisitionLine } from './api.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import { buildChangeBody, changeFormOf, changeOutcome, isStaleVersion, mayChange } from './request-change.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const paper: RequisitionLine = {
  id: 'line-1',
  lineNo: 1,
  source: 'catalog',
  catalogItemId: 'item-1',
  freeTextRequestId: null,
  supplier: { id: 'supplier-1', name: 'Papeterie' },
  description: 'Ramette A4',
  categoryCode: '14111507',
  quantity: '10',
  unitCode: 'RM',
  unitPrice: eur('4.90'),
  amount: eur('49.00'),
  vatRate: '20',
  costCentreId: 'cc-mkt',
  budgetCategory: '606400',
  deliverySiteId: null,
  wishedDate: '2026-04-01',
};
const stand: RequisitionLine = {
  ...paper,
  id: 'line-2',
  lineNo: 2,
  source: 'free_text',
  catalogItemId: null,
  freeTextRequestId: 'ft-1',
  supplier: null,
  description: 'Stand salon',
  quantity: '1',
  unitPrice: eur('800.00'),
  amount: eur('800.00'),
  wishedDate: null,
};
const requisition = (over: Partial<Requisition> = {}): Requisition =>
  ({
    id: 'r-1',
    number: 'REQ-2026-000001',
    title: 'Salon de mars',
    justification: null,
    status: 'approved',
    total: eur('849.00'),
    version: 3,
    requester: { userId: 'employee', name: 'Léa Moreau' },
    lines: [paper, stand],
    ...over,
  }) as Requisition;

describe('who may change a request', () => {
  it('its requester, while it is a draft, in approval or approved', () => {
    for (const status of ['draft', 'in_approval', 'approved'] as const)
      expect(mayChange(requisition({ status }), { userId: 'employee' })).toBe(true);
    for (const status of ['rejected', 'withdrawn', 'ordered', 'partly_ordered', 'submitted'] as const)
      expect(mayChange(requisition({ status }), { userId: 'employee' })).toBe(false);
    expect(mayChange(requisition(), { userId: 'manager' })).toBe(false);
  });
});

describe('the change sent for a request', () => {
  it('sends every line as it was, with the version loaded, when nothing is changed', () => {
    const body = buildChangeBody(requisition(), changeFormOf(requisition()));
    expect(body).toMatchObject({ title: 'Salon de mars', justification: null, currency: 'EUR', version: 3 });
    expect(body.lines).toEqual([
      {
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
        costCentreId: 'cc-mkt',
        budgetCategory: '606400',
        deliverySiteId: null,
        wishedDate: '2026-04-01',
      },
      expect.objectContaining({
        source: 'free_text',
        freeTextRequestId: 'ft-1',
        supplierId: null,
        supplierName: null,
        wishedDate: null,
      }),
    ]);
  });

  it('takes the quantities, prices and dates typed, decimals with a comma included', () => {
    const form = changeFormOf(requisition());
    form.title = '  Salon de mars et avril ';
    form.justification = 'Deux salons';
    form.lines = form.lines.map((l) =>
      l.id === 'line-1' ? { ...l, quantity: ' 25 ', unitPrice: '4,75', wishedDate: '' } : l,
    );
    const body = buildChangeBody(requisition(), form);
    expect(body.title).toBe('Salon de mars et avril');
    expect(body.justification).toBe('Deux salons');
    expect(body.lines[0]).toMatchObject({ quantity: '25', unitPrice: eur('4.75'), wishedDate: null });
    expect(body.lines[1]).toMatchObject({ quantity: '1', unitPrice: eur('800.00') });
  });

  it('charges every line to the cost centre and budget category chosen', () => {
    const form = { ...changeFormOf(requisition()), costCentreId: 'cc-it', budgetCategory: '218300' };
    const body = buildChangeBody(requisition(), form);
    expect(body.lines.map((l) => [l.costCentreId, l.budgetCategory])).toEqual([
      ['cc-it', '218300'],
      ['cc-it', '218300'],
    ]);
  });

  it('keeps each line’s own cost centre and category when the lines differ and none is chosen', () => {
    const mixed = requisition({
      lines: [paper, { ...stand, costCentreId: 'cc-it', budgetCategory: '218300' }],
    });
    const form = changeFormOf(mixed);
    expect(form).toMatchObject({ costCentreId: '', budgetCategory: '' });
    expect(buildChangeBody(mixed, form).lines.map((l) => [l.costCentreId, l.budgetCategory])).toEqual([
      ['cc-mkt', '606400'],
      ['cc-it', '218300'],
    ]);
  });
});

describe('after saving a change', () => {
  it('says a draft was saved, an approval goes on, or approval restarted and why', () => {
    const kept = { approvalRestart: { restarted: false, reasons: [] } };
    expect(changeOutcome('draft', kept)).toEqual({ key: 'savedDraft', reasons: [] });
    expect(changeOutcome('approved', kept)).toEqual({ key: 'savedKept', reasons: [] });
    expect(
      changeOutcome('approved', {
        approvalRestart: { restarted: true, reasons: ['amount_increased', 'supplier_changed'] },
      }),
    ).toEqual({ key: 'savedRestarted', reasons: ['amount_increased', 'supplier_changed'] });
  });

  it('has the words for every reason approval restarts, in French and in English', () => {
    const reasons = [
      'amount_increased',
      'currency_changed',
      'supplier_changed',
      'cost_centre_changed',
      'entity_changed',
      'requester_changed',
      'category_added',
      'now_over_budget',
      'free_text_line_added',
    ];
    for (const messages of [fr, en])
      expect(Object.keys(messages.requestChange.reasons).sort()).toEqual(reasons.sort());
    expect(fr.requestChange.savedRestarted).toContain('{{reasons}}');
  });

  it('tells a stale version from other refusals', () => {
    const stale = {
      status: 409,
      code: 'conflict',
      message: 'changed meanwhile',
      errors: [{ field: 'version', reason: 'is 1, the request is at version 2' }],
    };
    expect(isStaleVersion(stale)).toBe(true);
    expect(isStaleVersion({ ...stale, errors: [] })).toBe(false);
    expect(isStaleVersion({ ...stale, status: 400 })).toBe(false);
  });
});
