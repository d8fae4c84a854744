import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';

describe('@procura/domain payment exports', () => {
  it('exposes due dates, the invoice lifecycle and payment runs from the package root', () => {
    for (const name of [
      'invoiceDueDate',
      'dueDateFromTerms',
      'legalLatestDueDate',
      'nextInvoiceStatus',
      'allowedInvoiceActions',
      'reformInvoiceStatuses',
      'selectPaymentRun',
      'paymentExclusionReasons',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });
});
