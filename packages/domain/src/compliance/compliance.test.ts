import { describe, expect, it } from 'vitest';
import { addMonths } from '../calendar/index.js';
import { isDomainError } from '../errors/index.js';
import { requiredComplianceDocuments } from './compliance-rules.js';
import {
  assessCompliance,
  complianceAllowsOrders,
  documentExpiry,
  dueReminderThreshold,
} from './compliance-status.js';
import { detectDocumentContentType } from './document-content-type.js';

const types = (profile: Parameters<typeof requiredComplianceDocuments>[0]) =>
  requiredComplianceDocuments(profile).map((r) => r.type);

describe('required compliance documents', () => {
  it('asks every supplier for its registration and the signed purchasing terms', () => {
    expect(types({ country: 'DE', categoryCodes: ['44121704'], yearlySpend: '0' })).toEqual([
      'purchasing_terms_acceptance',
      'company_registration',
    ]);
  });

  it('asks a French supplier for the URSSAF certificate from 5,000 EUR a year, not below', () => {
    expect(types({ country: 'FR', categoryCodes: [], yearlySpend: '5000.00' })).toContain('urssaf_vigilance');
    expect(types({ country: 'FR', categoryCodes: [], yearlySpend: '4999.99' })).not.toContain(
      'urssaf_vigilance',
    );
  });

  it('never asks a foreign supplier for the URSSAF certificate, whatever the spend', () => {
    expect(types({ country: 'BE', categoryCodes: [], yearlySpend: '1000000' })).not.toContain(
      'urssaf_vigilance',
    );
  });

  it('asks suppliers of services (UNSPSC 70+) for their insurance, not suppliers of goods', () => {
    expect(types({ country: 'FR', categoryCodes: ['76111501'], yearlySpend: '0' })).toContain(
      'insurance_certificate',
    );
    expect(types({ country: 'FR', categoryCodes: ['44121704', '43211503'], yearlySpend: '0' })).not.toContain(
      'insurance_certificate',
    );
  });
});

describe('document expiry', () => {
  it('takes a Kbis extract as valid three months from its issue date', () => {
    expect(documentExpiry({ type: 'company_registration', issuedOn: '2026-11-30' })).toBe('2027-02-28');
  });

  it('keeps an earlier printed expiry, and caps a later one at the validity of the type', () => {
    expect(
      documentExpiry({ type: 'urssaf_vigilance', issuedOn: '2026-01-10', expiresOn: '2026-05-31' }),
    ).toBe('2026-05-31');
    expect(
      documentExpiry({ type: 'urssaf_vigilance', issuedOn: '2026-01-10', expiresOn: '2027-01-10' }),
    ).toBe('2026-07-10');
  });

  it('lets the signed terms never expire, and refuses an expiry before the issue', () => {
    expect(documentExpiry({ type: 'purchasing_terms_acceptance', issuedOn: '2026-01-10' })).toBeNull();
    try {
      documentExpiry({ type: 'insurance_certificate', issuedOn: '2026-01-10', expiresOn: '2026-01-09' });
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'validation_failed')).toBe(true);
    }
  });

  it('adds months without overflowing short months', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2028-08-31', 6)).toBe('2029-02-28');
  });
});

describe('compliance status', () => {
  const required = ['company_registration', 'urssaf_vigilance'] as const;
  const assess = (documents: Parameters<typeof assessCompliance>[0]['documents'], today = '2026-11-23') =>
    assessCompliance({ required, documents, today, expiringWithinDays: 30 });

  it('is non-compliant when a required document is missing', () => {
    expect(
      assess([{ type: 'company_registration', issuedOn: '2026-11-01', expiresOn: '2027-02-01' }]),
    ).toEqual({ status: 'non_compliant', missing: ['urssaf_vigilance'], expired: [], expiring: [] });
  });

  it('is non-compliant the day after a required document expires, still valid on the expiry day', () => {
    const documents = [
      { type: 'company_registration' as const, issuedOn: '2026-11-01', expiresOn: '2027-02-01' },
      { type: 'urssaf_vigilance' as const, issuedOn: '2026-06-01', expiresOn: '2026-11-23' },
    ];
    expect(assess(documents).status).toBe('expiring');
    expect(assess(documents, '2026-11-24')).toMatchObject({
      status: 'non_compliant',
      expired: ['urssaf_vigilance'],
    });
  });

  it('is expiring when a required document expires within the window, compliant beyond it', () => {
    const documents = [
      { type: 'company_registration' as const, issuedOn: '2026-11-01', expiresOn: '2027-02-01' },
      { type: 'urssaf_vigilance' as const, issuedOn: '2026-06-01', expiresOn: '2026-12-23' },
    ];
    expect(assess(documents)).toMatchObject({ status: 'expiring', expiring: ['urssaf_vigilance'] });
    expect(assess(documents, '2026-11-22').status).toBe('compliant');
  });

  it('counts a renewed document over the expired one it replaces, and ignores unrequired ones', () => {
    const documents = [
      { type: 'company_registration' as const, issuedOn: '2026-11-01', expiresOn: '2027-02-01' },
      { type: 'urssaf_vigilance' as const, issuedOn: '2026-01-01', expiresOn: '2026-07-01' },
      { type: 'urssaf_vigilance' as const, issuedOn: '2026-11-01', expiresOn: '2027-05-01' },
      { type: 'insurance_certificate' as const, issuedOn: '2020-01-01', expiresOn: '2021-01-01' },
    ];
    expect(assess(documents).status).toBe('compliant');
  });

  it('stops orders only under the block policy', () => {
    expect(complianceAllowsOrders('non_compliant', 'block')).toBe(false);
    expect(complianceAllowsOrders('non_compliant', 'warn')).toBe(true);
    expect(complianceAllowsOrders('expiring', 'block')).toBe(true);
  });
});

describe('expiry reminders', () => {
  it('reminds at 30 days, then at 7, and not before 30 or after expiry', () => {
    expect(dueReminderThreshold(31, [30, 7])).toBeUndefined();
    expect(dueReminderThreshold(30, [30, 7])).toBe(30);
    expect(dueReminderThreshold(8, [30, 7])).toBe(30);
    expect(dueReminderThreshold(7, [30, 7])).toBe(7);
    expect(dueReminderThreshold(0, [30, 7])).toBe(7);
    expect(dueReminderThreshold(-1, [30, 7])).toBeUndefined();
  });
});

describe('document content type', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(detectDocumentContentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(
      detectDocumentContentType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toBe('image/png');
    expect(detectDocumentContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });

  it('refuses HTML, a script or an empty file, whatever they are called', () => {
    expect(detectDocumentContentType(new TextEncoder().encode('<html><script>'))).toBeUndefined();
    expect(detectDocumentContentType(new TextEncoder().encode('%PDF'))).toBeUndefined();
    expect(detectDocumentContentType(new Uint8Array())).toBeUndefined();
  });
});
