export {
  canReceiveOrders,
  nextSupplierStatus,
  type SupplierAction,
  type SupplierStatus,
  supplierActions,
  supplierStatuses,
} from './supplier-lifecycle.js';
