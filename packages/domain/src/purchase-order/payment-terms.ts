import type { FieldIssue } from '../errors/index.js';
import type { DocumentLanguage } from './terms-document.js';

/**
 * When the supplier is paid: a number of days after the invoice date, or after the end of the
 * month of the invoice (`45 jours fin de mois`).
 */
export interface PaymentTerms {
  readonly basis: 'invoice_date' | 'end_of_month';
  readonly days: number;
}

/**
 * The longest terms French law allows between companies (Code de commerce, art. L441-10): 60 days
 * after the invoice date, or 45 days end of month.
 */
export const frenchMaximumPaymentDays = { invoice_date: 60, end_of_month: 45 } as const;

/**
 * What is wrong with payment terms, field by field: a whole number of days from 0, within the
 * legal maximum when the buying entity is French.
 */
export function paymentTermsIssues(terms: PaymentTerms, buyerCountry: string): FieldIssue[] {
  if (!Number.isInteger(terms.days) || terms.days < 0)
    return [{ field: 'paymentTerms.days', reason: 'must be a whole number of days from 0' }];
  const maximum = frenchMaximumPaymentDays[terms.basis];
  if (buyerCountry === 'FR' && terms.days > maximum)
    return [
      {
        field: 'paymentTerms.days',
        reason: `must be at most ${maximum} days ${terms.basis === 'end_of_month' ? 'end of month' : 'after the invoice date'} (Code de commerce, art. L441-10)`,
      },
    ];
  return [];
}

/** The terms as a sentence in `language`: "45 jours fin de mois", "30 days from the invoice date". */
export function describePaymentTerms(terms: PaymentTerms, language: DocumentLanguage): string {
  if (terms.days === 0)
    return language === 'fr' ? 'Paiement à réception de la facture' : 'Payment on receipt of the invoice';
  if (language === 'fr')
    return terms.basis === 'end_of_month'
      ? `Paiement à ${terms.days} jours fin de mois`
      : `Paiement à ${terms.days} jours à compter de la date de facture`;
  return terms.basis === 'end_of_month'
    ? `Payment at ${terms.days} days end of month`
    : `Payment at ${terms.days} days from the invoice date`;
}
