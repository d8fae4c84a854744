import { describe, expect, it } from 'vitest';
import type { SupplierDetail } from './api.js';
import {
  emptySupplierForm,
  parseCategoryCodes,
  supplierBodyOf,
  supplierFieldErrorsOf,
  supplierFormOf,
} from './supplier-form.js';

const entityId = '11111111-1111-4111-8111-111111111111';
const otherEntityId = '22222222-2222-4222-8222-222222222222';

function filledForm() {
  const form = emptySupplierForm(entityId);
  return {
    ...form,
    name: ' Atelier Durand ',
    siret: '732 829 320 00074',
    orderEmail: '',
    address: { ...form.address, line1: '3 rue des Lilas', postalCode: '69003', city: 'Lyon' },
    contact: { ...form.contact, name: 'Claire Durand', email: 'claire@durand.example' },
    categoryCodes: '44121600, 14111507 44121600',
  };
}

const stored: SupplierDetail = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Orialis',
  country: 'FR',
  siret: '73282932000074',
  vatNumber: null,
  status: 'active',
  statusReason: null,
  statusChangedAt: '2026-11-01T10:00:00.000Z',
  legalForm: 'SAS',
  siren: '732829320',
  duns: null,
  languages: ['fr', 'en'],
  paymentTermsDays: 45,
  orderEmail: 'commandes@orialis.example',
  complianceStatus: 'compliant',
  orderable: true,
  responsibleBuyer: null,
  yearlySpend: { amount: '0', currency: 'EUR', source: null },
  submittedBy: null,
  addresses: [
    {
      kind: 'ordering',
      line1: 'Entrepôt',
      line2: null,
      postalCode: '69100',
      city: 'Villeurbanne',
      country: 'FR',
    },
    {
      kind: 'registered_office',
      line1: '1 quai Perrache',
      line2: 'Bât. B',
      postalCode: '69002',
      city: 'Lyon',
      country: 'FR',
    },
  ],
  contacts: [
    {
      name: 'Paul Compta',
      email: 'paul@orialis.example',
      phone: null,
      role: 'accounts',
      complianceContact: true,
    },
    {
      name: 'Léa Vente',
      email: 'lea@orialis.example',
      phone: '0102030405',
      role: 'sales',
      complianceContact: false,
    },
  ],
  categoryCodes: ['44121600'],
  allowedEntities: [{ entityId: otherEntityId, siteIds: ['44444444-4444-4444-8444-444444444444'] }],
  currentBankAccount: null,
  pendingBankAccount: null,
  compliance: {
    status: 'compliant',
    reason: null,
    hold: false,
    policy: 'warn',
    required: [],
    missing: [],
    expired: [],
    expiring: [],
  },
};

describe('the body a new supplier is sent with', () => {
  it('trims texts, sends empty ones as null and puts the registered office and contact first', () => {
    const body = supplierBodyOf(filledForm());
    expect(body).toMatchObject({
      name: 'Atelier Durand',
      country: 'FR',
      siret: '732 829 320 00074',
      siren: null,
      orderEmail: null,
      paymentTermsDays: 30,
      languages: ['fr'],
      addresses: [
        {
          kind: 'registered_office',
          line1: '3 rue des Lilas',
          line2: null,
          postalCode: '69003',
          city: 'Lyon',
          country: 'FR',
        },
      ],
      contacts: [
        {
          name: 'Claire Durand',
          email: 'claire@durand.example',
          phone: null,
          role: 'sales',
          complianceContact: false,
        },
      ],
      categoryCodes: ['44121600', '14111507'],
      allowedEntities: [{ entityId, siteIds: [] }],
      yearlySpend: null,
    });
  });

  it('leaves out a blank address and contact, and the payment terms when none are typed', () => {
    const body = supplierBodyOf({ ...emptySupplierForm(entityId), name: 'X', paymentTermsDays: ' ' });
    expect(body.addresses).toEqual([]);
    expect(body.contacts).toEqual([]);
    expect('paymentTermsDays' in body).toBe(false);
  });

  it('sends the yearly spend in EUR with a decimal point when an amount or a source is typed', () => {
    const body = supplierBodyOf({ ...filledForm(), spendAmount: '12000,50', spendSource: 'ERP 2025' });
    expect(body.yearlySpend).toEqual({ amount: '12000.50', currency: 'EUR', source: 'ERP 2025' });
  });

  it('allows only the entities that are checked', () => {
    const form = filledForm();
    const body = supplierBodyOf({ ...form, entities: [{ entityId, siteIds: [], allowed: false }] });
    expect(body.allowedEntities).toEqual([]);
  });
});

describe('a stored supplier in the form', () => {
  it('edits the registered office and the sales contact, and sends the others back unchanged', () => {
    const form = supplierFormOf(stored, entityId);
    expect(form.address).toEqual({
      line1: '1 quai Perrache',
      line2: 'Bât. B',
      postalCode: '69002',
      city: 'Lyon',
      country: 'FR',
    });
    expect(form.contact.name).toBe('Léa Vente');
    expect(form.spendAmount).toBe('');
    expect(form.entities).toEqual([
      { entityId: otherEntityId, siteIds: ['44444444-4444-4444-8444-444444444444'], allowed: true },
      { entityId, siteIds: [], allowed: false },
    ]);

    const body = supplierBodyOf(form);
    expect(body.addresses.map((a) => a.kind)).toEqual(['registered_office', 'ordering']);
    expect(body.addresses[0]?.line2).toBe('Bât. B');
    expect(body.contacts.map((c) => c.name)).toEqual(['Léa Vente', 'Paul Compta']);
    expect(body.contacts[1]?.complianceContact).toBe(true);
    expect(body.paymentTermsDays).toBe(45);
    expect(body.allowedEntities).toEqual([
      { entityId: otherEntityId, siteIds: ['44444444-4444-4444-8444-444444444444'] },
    ]);
    expect(body.categoryCodes).toEqual(['44121600']);
  });

  it('keeps a single compliance contact: the form’s, once it is checked', () => {
    const form = supplierFormOf(stored, entityId);
    const body = supplierBodyOf({ ...form, contact: { ...form.contact, complianceContact: true } });
    expect(body.contacts.filter((c) => c.complianceContact).map((c) => c.name)).toEqual(['Léa Vente']);
  });
});

describe('the categories input', () => {
  it('reads codes separated by commas or spaces, once each, and names those that are not UNSPSC', () => {
    expect(parseCategoryCodes('44121600, 4412 ,44121600;abc')).toEqual({
      codes: ['44121600', '4412', 'abc'],
      invalid: ['4412', 'abc'],
    });
    expect(parseCategoryCodes('  ')).toEqual({ codes: [], invalid: [] });
  });
});

describe('the API’s field errors next to the inputs', () => {
  it('places body fields, the first address and contact, the spend and list entries under their inputs', () => {
    const { byField, other } = supplierFieldErrorsOf(
      [
        { field: 'body.siret', reason: 'fails the Luhn check' },
        { field: 'siret', reason: 'is already referenced' },
        { field: 'body.addresses.0.postalCode', reason: 'Too small' },
        { field: 'body.contacts.0.email', reason: 'must be an e-mail address' },
        { field: 'body.yearlySpend.amount', reason: 'must be a decimal amount' },
        { field: 'body.categoryCodes.1', reason: 'must be an 8-digit UNSPSC code' },
        { field: 'categoryCodes', reason: 'unknown UNSPSC codes: 99999999' },
        { field: 'body.allowedEntities.0.entityId', reason: 'must be a UUID' },
      ],
      filledForm(),
    );
    expect(byField).toEqual({
      siret: ['fails the Luhn check', 'is already referenced'],
      addressPostalCode: ['Too small'],
      contactEmail: ['must be an e-mail address'],
      spendAmount: ['must be a decimal amount'],
      categoryCodes: ['must be an 8-digit UNSPSC code', 'unknown UNSPSC codes: 99999999'],
      allowedEntities: ['must be a UUID'],
    });
    expect(other).toEqual([]);
  });

  it('leaves with the summary what no input shows: kept addresses and contacts, the currency, the list as a whole', () => {
    const blank = { ...emptySupplierForm(entityId), name: 'X' };
    const { byField, other } = supplierFieldErrorsOf(
      [
        { field: 'body.addresses.0.city', reason: 'Too small' },
        { field: 'body.contacts.1.email', reason: 'must be an e-mail address' },
        { field: 'body.contacts', reason: 'only one contact may be the compliance contact' },
        { field: 'body.yearlySpend.currency', reason: 'must be EUR' },
      ],
      blank,
    );
    expect(byField).toEqual({});
    expect(other.map((e) => e.field)).toEqual([
      'body.addresses.0.city',
      'body.contacts.1.email',
      'body.contacts',
      'body.yearlySpend.currency',
    ]);
  });
});
