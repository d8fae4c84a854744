// The event handlers of invoicing's consumer queues, for whoever applies events itself (bench).
export { consumePurchaseOrderEvents, purchaseOrderHandlers } from './purchase-orders.consumer.js';
export { consumeSupplierEvents, supplierHandlers } from './suppliers.consumer.js';
