import type { Messages } from './fr.js';

export const en: Messages = {
  app: { name: 'Procura', tagline: 'Purchasing' },
  nav: { catalog: 'Catalog' },
  header: { language: 'Language', roles: 'Roles' },
  roles: {
    employee: 'Employee',
    manager: 'Manager',
    buyer: 'Buyer',
    accountant: 'Accountant',
    administrator: 'Administrator',
    auditor: 'Auditor',
  },
  catalog: {
    title: 'Catalog',
    searchLabel: 'Search for an item',
    searchPlaceholder: 'Paper, monitor, cleaning…',
    results_one: '{{count}} item',
    results_other: '{{count}} items',
    noResults: 'No item matches “{{q}}”.',
    supplier: 'Supplier',
    sku: 'Ref.',
    unitPrice: 'Unit price excl. VAT',
    perUnit: '/ {{unit}}',
    vat: 'VAT {{rate}}%',
    leadTime_one: 'Delivered in {{count}} day',
    leadTime_other: 'Delivered in {{count}} days',
    minimum: 'Minimum {{count}}',
    previous: 'Previous',
    next: 'Next',
    page: 'Page {{page}} of {{pages}}',
  },
  errors: {
    loadFailed: 'Loading failed: {{detail}}',
    unauthenticated: 'You are not logged in.',
  },
  loading: 'Loading…',
};
