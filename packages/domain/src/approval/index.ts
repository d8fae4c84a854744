// Approval of requisitions. An administrator edits approval rules (checkApprovalRule); for a
// requisition, planApprovalChain turns the active rules whose conditions hold into ordered steps,
// shown to the requester before submitting; startApprovalWorkflow and applyApprovalDecision move
// the workflow on, one decision at a time; requiresApprovalRestart says when a change sends an
// approved requisition back to the start (the service then plans again).
//
// - A manager chain is laid out as consecutive steps, one per level, each with one approver.
// - A warning step informs its people when the workflow reaches it; it is never awaited and takes
//   no decision: the requisition is approved once every blocking step is complete.
// - One person's approval counts once per requisition: someone who approved an earlier step (for
//   themselves or on behalf of someone) is not asked again, and may not stand in for another.
// - Decisions must be applied one at a time to the latest stored state (a row lock or a version
//   check in the service): the second of two simultaneous decisions then gets `conflict`.
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
  type ApprovalReminderPolicy,
  approvalFollowUpDue,
  checkReminderPolicy,
  type PendingApprovalStep,
} from './approval-reminder.js';
export {
  type ApprovalRestart,
  type ApprovalRestartReason,
  requiresApprovalRestart,
} from './approval-restart.js';
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
export {
  type ApprovalRulePlacement,
  arrangeApprovalRules,
  compareApprovalRulePositions,
  nextApprovalRulePosition,
} from './approval-rule-order.js';
export {
  type ApprovalDecision,
  type ApprovalDecisionContext,
  type ApprovalDecisionRecord,
  type ApprovalDecisionResult,
  type ApprovalDelegation,
  type ApprovalEvent,
  type ApprovalProgress,
  type ApprovalStepProgress,
  type ApprovalStepStatus,
  type ApprovalTransition,
  type ApprovalWorkflowState,
  type ApprovalWorkflowStatus,
  applyApprovalDecision,
  approvalProgress,
  currentApprovalStep,
  describeApprovalDecision,
  pendingApprovers,
  startApprovalWorkflow,
} from './approval-workflow.js';
