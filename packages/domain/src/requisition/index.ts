export {
  isRequisitionEditable,
  nextRequisitionStatus,
  type PricedRequisition,
  priceRequisition,
  type RequisitionAction,
  type RequisitionLineInput,
  type RequisitionStatus,
  requisitionNumber,
} from './requisition.js';
