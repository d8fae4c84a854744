// @procura/domain: Procura's business model and rules as pure TypeScript. No I/O: time and ids
// come in as parameters.
export * from './approval/index.js';
export type { Brand } from './brand.js';
export * from './budget/index.js';
export * from './calendar/index.js';
export * from './catalog/index.js';
export * from './compliance/index.js';
export * from './delegation/index.js';
export * from './errors/index.js';
export * from './identifiers/index.js';
export * from './invoice/index.js';
export * from './matching/index.js';
export * from './money/index.js';
export * from './payment/index.js';
export * from './purchase-order/index.js';
export * from './requisition/index.js';
export * from './supplier/index.js';
export * from './tax/index.js';
