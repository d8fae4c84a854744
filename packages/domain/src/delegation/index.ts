export {
  type CalendarDate,
  checkDelegation,
  type DelegationRequest,
  isDelegationInForce,
} from './delegation.js';
