import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

describe('@procura/domain', () => {
  it('exposes the rules of every feature from its root', () => {
    for (const name of [
      'DomainError',
      'errorCodes',
      'money',
      'lineNetAmount',
      'computeVatBreakdown',
      'parseVatRate',
      'parseSiret',
      'validateEuVatNumber',
      'parseIban',
      'parseBic',
      'formatPurchaseOrderNumber',
      'buildPurchaseOrderDocument',
      'termsInForce',
      'selectAnnexes',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });

  it('exposes Money as a type only, so every amount goes through money()', () => {
    expect(domain).not.toHaveProperty('Money');
  });
});
