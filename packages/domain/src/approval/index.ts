export {
  type ApprovalDirectory,
  type ApprovalDirectoryUser,
  type ApprovalExchangeRates,
  type ApprovalPlan,
  type ApprovalPlanInput,
  type ApprovalPlanNote,
  type ApprovalPlanNoteCode,
  type ApprovalRequisition,
  type ApprovalRequisitionLine,
  type ApprovalStep,
  approvalAmount,
  planApprovalChain,
} from './approval-plan.js';
export {
  type ApprovalConditions,
  type ApprovalRule,
  type ApprovalRuleKind,
  type ApprovalStepMode,
  type ApproverSpec,
  categoryMatches,
  checkApprovalRule,
  isUnspscCategoryPrefix,
} from './approval-rule.js';
