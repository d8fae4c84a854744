export {
  checkSupplierIdentity,
  type SupplierIdentity,
  type SupplierIdentityInput,
} from './supplier-identity.js';
export {
  assertMayApproveSupplier,
  canReceiveOrders,
  nextSupplierStatus,
  type SupplierAction,
  type SupplierStatus,
  supplierActionNeedsEvent,
  supplierActions,
  supplierStatuses,
} from './supplier-lifecycle.js';
