import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';

describe('@procura/domain budgets', () => {
  it('exposes budgets and the commitment ledger from the domain root', () => {
    for (const name of [
      'parseBudgetPeriod',
      'periodContaining',
      'createBudgetLine',
      'budgetLineKeyString',
      'requisitionSubmitted',
      'orderIssued',
      'invoiceApproved',
      'documentBalances',
      'ledgerFigures',
      'checkBudget',
      'checkRequisitionBudget',
      'landingForecast',
      'costCentreOverview',
      'parseBudgetRows',
      'documentFigures',
      'budgetSeries',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });
});
