import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';

describe('@procura/domain matching exports', () => {
  it('exposes the matching rules from the package root', () => {
    for (const name of [
      'matchInvoiceLine',
      'lineMatchReasons',
      'selectTolerance',
      'allowedDifference',
      'isWithinTolerance',
      'toleranceRuleIssues',
      'assertToleranceRulesDistinct',
      'checkInvoiceTotals',
      'summarizeInvoiceMatch',
      'exceptionOwnerOf',
      'invoiceExceptionReasons',
      'identifyOrderLine',
      'identifySupplier',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });
});
