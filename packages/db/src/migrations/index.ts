// Forward-only migrations, one list per service schema, named by timestamp. A migration is never
// edited once it has landed; changes go in a new one.
import type { Migration } from 'kysely';
import * as catalog20261123 from './catalog/2026-11-23T0500-suppliers-and-items.js';
import * as catalog20261123b from './catalog/2026-11-23T0700-item-search.js';
import * as catalog20261123c from './catalog/2026-11-23T0750-price-lists.js';
import * as catalog20261123d from './catalog/2026-11-23T0760-search-word-gin.js';
import * as catalog20261123e from './catalog/2026-11-23T0800-supplier-referencing-and-compliance.js';
import * as catalog20261123cart from './catalog/2026-11-23T1000-cart-and-free-text-requests.js';
import * as catalog20261123imports from './catalog/2026-11-23T1100-catalog-imports.js';
import * as catalog20261123audit from './catalog/2026-11-23T1210-catalog-audit-tier-history-cart-requests.js';
import * as catalog20261123review from './catalog/2026-11-23T1220-supplier-change-review.js';
import * as catalog20261123deletions from './catalog/2026-11-23T1230-search-word-deletions.js';
import * as catalog20261123ordering from './catalog/2026-11-23T1600-announce-ordering-details.js';
import * as catalog20261123orderingInvoicing from './catalog/2026-11-23T1700-announce-ordering-details-to-invoicing.js';
import * as catalog20261123bankAccounts from './catalog/2026-11-23T2000-announce-bank-accounts.js';
import * as catalog20261123electronicAddress from './catalog/2026-11-23T2000-supplier-electronic-address.js';
import * as identity20261123 from './identity/2026-11-23T0500-organisation-and-users.js';
import * as identity20261123b from './identity/2026-11-23T0600-sessions-sso-delegation-api-tokens.js';
import * as identity20261123directory from './identity/2026-11-23T1300-announce-directory.js';
import * as identity20261123entities from './identity/2026-11-23T1500-announce-entities.js';
import * as identity20261123invoicesRead from './identity/2026-11-23T1900-invoices-read-scope.js';
import * as invoicing20261123 from './invoicing/2026-11-23T0500-outbox.js';
import * as invoicing20261123orders from './invoicing/2026-11-23T1600-order-projection.js';
import * as invoicing20261123intake from './invoicing/2026-11-23T1700-invoice-intake.js';
import * as invoicing20261123tolerances from './invoicing/2026-11-23T1800-tolerance-rules.js';
import * as invoicing20261123exceptions from './invoicing/2026-11-23T1900-invoice-exceptions-and-lifecycle.js';
import * as invoicing20261123paymentRuns from './invoicing/2026-11-23T2000-payment-runs.js';
import * as invoicing20261123duplicateDecision from './invoicing/2026-11-23T2100-possible-duplicate-decision.js';
import * as purchasing20261123 from './purchasing/2026-11-23T0500-supplier-status.js';
import * as purchasing20261123b from './purchasing/2026-11-23T0800-supplier-compliance-hold.js';
import * as purchasing20261123c from './purchasing/2026-11-23T1200-supplier-status-until-approved.js';
import * as purchasing20261123directory from './purchasing/2026-11-23T1300-directory.js';
import * as purchasing20261123requisitions from './purchasing/2026-11-23T1400-requisitions-approvals-budgets.js';
import * as purchasing20261123plan from './purchasing/2026-11-23T1410-approval-plan-and-ledger-keys.js';
import * as purchasing20261123budgetHistory from './purchasing/2026-11-23T1420-budget-line-history-and-imports.js';
import * as purchasing20261123links from './purchasing/2026-11-23T1430-approval-links.js';
import * as purchasing20261123ruleAdmin from './purchasing/2026-11-23T1440-approval-rule-administration.js';
import * as purchasing20261123rates from './purchasing/2026-11-23T1500-entities-and-exchange-rates.js';
import * as purchasing20261123orders from './purchasing/2026-11-23T1600-purchase-orders.js';
import * as purchasing20261123direct from './purchasing/2026-11-23T1620-direct-orders.js';
import * as purchasing20261123pdfHash from './purchasing/2026-11-23T1630-order-pdf-hash-at-first-render.js';
import * as purchasing20261123billing from './purchasing/2026-11-23T1900-invoice-billing.js';

export const serviceSchemas = ['identity', 'catalog', 'purchasing', 'invoicing'] as const;
export type ServiceSchema = (typeof serviceSchemas)[number];

export const migrations: Record<ServiceSchema, Record<string, Migration>> = {
  identity: {
    '2026-11-23T0500-organisation-and-users': identity20261123,
    '2026-11-23T0600-sessions-sso-delegation-api-tokens': identity20261123b,
    '2026-11-23T1300-announce-directory': identity20261123directory,
    '2026-11-23T1500-announce-entities': identity20261123entities,
    '2026-11-23T1900-invoices-read-scope': identity20261123invoicesRead,
  },
  catalog: {
    '2026-11-23T0500-suppliers-and-items': catalog20261123,
    '2026-11-23T0700-item-search': catalog20261123b,
    '2026-11-23T0750-price-lists': catalog20261123c,
    '2026-11-23T0760-search-word-gin': catalog20261123d,
    '2026-11-23T0800-supplier-referencing-and-compliance': catalog20261123e,
    '2026-11-23T1000-cart-and-free-text-requests': catalog20261123cart,
    '2026-11-23T1100-catalog-imports': catalog20261123imports,
    '2026-11-23T1210-catalog-audit-tier-history-cart-requests': catalog20261123audit,
    '2026-11-23T1220-supplier-change-review': catalog20261123review,
    '2026-11-23T1230-search-word-deletions': catalog20261123deletions,
    '2026-11-23T1600-announce-ordering-details': catalog20261123ordering,
    '2026-11-23T1700-announce-ordering-details-to-invoicing': catalog20261123orderingInvoicing,
    '2026-11-23T2000-announce-bank-accounts': catalog20261123bankAccounts,
    '2026-11-23T2000-supplier-electronic-address': catalog20261123electronicAddress,
  },
  purchasing: {
    '2026-11-23T0500-supplier-status': purchasing20261123,
    '2026-11-23T0800-supplier-compliance-hold': purchasing20261123b,
    '2026-11-23T1200-supplier-status-until-approved': purchasing20261123c,
    '2026-11-23T1300-directory': purchasing20261123directory,
    '2026-11-23T1400-requisitions-approvals-budgets': purchasing20261123requisitions,
    '2026-11-23T1410-approval-plan-and-ledger-keys': purchasing20261123plan,
    '2026-11-23T1430-approval-links': purchasing20261123links,
    '2026-11-23T1440-approval-rule-administration': purchasing20261123ruleAdmin,
    '2026-11-23T1420-budget-line-history-and-imports': purchasing20261123budgetHistory,
    '2026-11-23T1500-entities-and-exchange-rates': purchasing20261123rates,
    '2026-11-23T1600-purchase-orders': purchasing20261123orders,
    '2026-11-23T1620-direct-orders': purchasing20261123direct,
    '2026-11-23T1630-order-pdf-hash-at-first-render': purchasing20261123pdfHash,
    '2026-11-23T1900-invoice-billing': purchasing20261123billing,
  },
  invoicing: {
    '2026-11-23T0500-outbox': invoicing20261123,
    '2026-11-23T1600-order-projection': invoicing20261123orders,
    '2026-11-23T1700-invoice-intake': invoicing20261123intake,
    '2026-11-23T1800-tolerance-rules': invoicing20261123tolerances,
    '2026-11-23T1900-invoice-exceptions-and-lifecycle': invoicing20261123exceptions,
    '2026-11-23T2000-payment-runs': invoicing20261123paymentRuns,
    '2026-11-23T2100-possible-duplicate-decision': invoicing20261123duplicateDecision,
  },
};
