export {
  approvedSupplierFields,
  changedSupplierFields,
  type SupplierRecordField,
  type SupplierRecordValues,
  statusAfterSupplierChange,
  supplierRecordFields,
} from './supplier-change.js';
export {
  checkSupplierIdentity,
  type SupplierIdentity,
  type SupplierIdentityInput,
} from './supplier-identity.js';
export {
  assertMayApproveSupplier,
  nextSupplierStatus,
  type SupplierAction,
  type SupplierStatus,
  supplierActions,
  supplierStatuses,
} from './supplier-lifecycle.js';
