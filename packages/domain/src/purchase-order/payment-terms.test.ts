import { describe, expect, it } from 'vitest';
import { describePaymentTerms, paymentTermsIssues } from './payment-terms.js';

describe('paymentTermsIssues', () => {
  it('accepts 60 days from the invoice date and 45 days end of month for a French buyer, the legal maximum', () => {
    expect(paymentTermsIssues({ basis: 'invoice_date', days: 60 }, 'FR')).toEqual([]);
    expect(paymentTermsIssues({ basis: 'end_of_month', days: 45 }, 'FR')).toEqual([]);
  });

  it('refuses 61 days from the invoice date and 46 days end of month for a French buyer (L441-10)', () => {
    expect(paymentTermsIssues({ basis: 'invoice_date', days: 61 }, 'FR')).toEqual([
      {
        field: 'paymentTerms.days',
        reason: expect.stringContaining('at most 60 days after the invoice date'),
      },
    ]);
    expect(paymentTermsIssues({ basis: 'end_of_month', days: 46 }, 'FR')).toEqual([
      { field: 'paymentTerms.days', reason: expect.stringContaining('at most 45 days end of month') },
    ]);
  });

  it('leaves the French maximum to French buyers', () => {
    expect(paymentTermsIssues({ basis: 'invoice_date', days: 90 }, 'DE')).toEqual([]);
  });

  it.each([-1, 30.5])('refuses %s days', (days) => {
    expect(paymentTermsIssues({ basis: 'invoice_date', days }, 'FR')).toEqual([
      { field: 'paymentTerms.days', reason: 'must be a whole number of days from 0' },
    ]);
  });
});

describe('describePaymentTerms', () => {
  it('writes the terms in French and in English', () => {
    expect(describePaymentTerms({ basis: 'end_of_month', days: 45 }, 'fr')).toBe(
      'Paiement à 45 jours fin de mois',
    );
    expect(describePaymentTerms({ basis: 'invoice_date', days: 30 }, 'en')).toBe(
      'Payment at 30 days from the invoice date',
    );
    expect(describePaymentTerms({ basis: 'invoice_date', days: 0 }, 'fr')).toBe(
      'Paiement à réception de la facture',
    );
  });
});
