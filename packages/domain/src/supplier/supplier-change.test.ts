import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import {
  changedSupplierFields,
  type SupplierRecordValues,
  statusAfterSupplierChange,
} from './supplier-change.js';

const entity = '11111111-1111-4111-8111-111111111111';
const otherEntity = '22222222-2222-4222-8222-222222222222';
const site = '33333333-3333-4333-8333-333333333333';
const otherSite = '44444444-4444-4444-8444-444444444444';

const stored: SupplierRecordValues = {
  name: 'Atelier Verdier',
  legalForm: 'SARL',
  country: 'FR',
  siren: '732829320',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  duns: null,
  orderEmail: 'commandes@atelier-verdier.example',
  electronicAddress: { scheme: '0009', value: '73282932000074' },
  addresses: [
    { kind: 'remittance', line1: 'BP 12', line2: null, postalCode: '35000', city: 'Rennes', country: 'FR' },
  ],
  paymentTermsDays: 45,
  allowedEntities: [
    { entityId: entity, siteIds: [site, otherSite] },
    { entityId: otherEntity, siteIds: [] },
  ],
  contacts: [{ name: 'Hugo', email: 'hugo@x.example', phone: null, role: 'sales', complianceContact: false }],
  languages: ['fr'],
  categoryCodes: ['44121704', '44122000'],
  responsibleBuyer: null,
  yearlySpend: { amount: '12000.00', source: 'Tender estimate' },
};

describe('which fields of a supplier changed', () => {
  it('finds none when only the order of sets, key order or the scale of an amount differ', () => {
    expect(
      changedSupplierFields(stored, {
        ...stored,
        allowedEntities: [
          { siteIds: [], entityId: otherEntity },
          { entityId: entity, siteIds: [otherSite, site] },
        ],
        categoryCodes: ['44122000', '44121704'],
        yearlySpend: { amount: '12000', source: 'Tender estimate' },
      }),
    ).toEqual([]);
  });

  it('names the e-invoicing address when its identifier or its scheme changes', () => {
    for (const electronicAddress of [
      { scheme: '0009', value: '73282932000025' },
      { scheme: '0225', value: '73282932000074' },
      null,
    ])
      expect(changedSupplierFields(stored, { ...stored, electronicAddress })).toEqual(['electronicAddress']);
  });

  it('names each changed field, an address line or a site included', () => {
    expect(
      changedSupplierFields(stored, {
        ...stored,
        addresses: [{ ...(stored.addresses as object[])[0], line1: 'BP 13' }],
        allowedEntities: [
          { entityId: entity, siteIds: [site] },
          { entityId: otherEntity, siteIds: [] },
        ],
        contacts: [],
      }),
    ).toEqual(['addresses', 'allowedEntities', 'contacts']);
  });
});

describe('the status after a change of record', () => {
  it('sends an active supplier back to approval when its order e-mail, e-invoicing address, payment terms or sites change', () => {
    for (const field of [
      'orderEmail',
      'electronicAddress',
      'paymentTermsDays',
      'allowedEntities',
      'name',
      'siret',
    ] as const) {
      expect(statusAfterSupplierChange('active', [field])).toEqual({
        status: 'pending_approval',
        needsApproval: true,
      });
    }
  });

  it('keeps an active supplier active when only contacts, languages, categories, buyer or spend change', () => {
    expect(
      statusAfterSupplierChange('active', [
        'contacts',
        'languages',
        'categoryCodes',
        'responsibleBuyer',
        'yearlySpend',
      ]),
    ).toEqual({ status: 'active', needsApproval: false });
  });

  it('keeps a draft a draft, whatever changed', () => {
    expect(statusAfterSupplierChange('draft', ['siret'])).toEqual({ status: 'draft', needsApproval: false });
  });

  it('refuses to change a supplier that is pending, blocked or archived', () => {
    for (const status of ['pending_approval', 'blocked', 'archived'] as const) {
      try {
        statusAfterSupplierChange(status, ['contacts']);
        expect.unreachable();
      } catch (error) {
        expect(isDomainError(error, 'invalid_state_transition')).toBe(true);
      }
    }
  });
});
