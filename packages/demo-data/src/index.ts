// The demo company that `npm start` loads into an empty database, and that tests and demos rely on:
// Groupe Altiva, its two buying entities, sites, cost centres, five users, three suppliers and
// their catalogue. Constant data only: no I/O and no randomness at import time.

export { demoCatalogImportSample } from './catalog-import-sample.js';
export { demoCatalogItems } from './catalog-items.js';
export { demoCategories } from './categories.js';
export {
  demoCostCentres,
  demoEntities,
  demoGroup,
  demoSites,
  demoUserEmails,
  demoUsers,
} from './organisation.js';
export { demoPriceListOf, demoPriceLists, demoPriceTiers } from './price-lists.js';
export {
  type DemoApprovalRule,
  type DemoBudgetLine,
  demoApprovalRules,
  demoBudgetLines,
} from './purchasing.js';
export {
  type DemoSupplierReferencing,
  demoSupplierReferencing,
} from './supplier-referencing.js';
export { demoSupplierIds, demoSuppliers } from './suppliers.js';
export type { Role } from './types.js';
