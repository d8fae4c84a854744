/**
 * Rules of the syntax bindings that the readers check, as the canonical invoice cannot show what they
 * test. `BR-CO-15` is checked there too: a VAT total given twice in the invoice currency.
 */
export const einvoiceSyntaxRules: Readonly<Record<string, string>> = Object.freeze({
  'BR-CO-15':
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110), the latter given once in the invoice currency.',
  'CII-DT-031': 'currencyID should not be present (CII: only the VAT totals carry a currency).',
  'PEPPOL-EN16931-R051':
    'All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
});
