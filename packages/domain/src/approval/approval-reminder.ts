// Approvals that do not stall: a step left pending is reminded to its approvers after some working
// days, then escalated to their managers. Each happens once per step.
import { workingDaysBetween } from '../calendar/index.js';
import { DomainError } from '../errors/index.js';

export interface ApprovalReminderPolicy {
  /** Working days a step may wait before its approvers get a reminder. */
  readonly reminderAfterWorkingDays: number;
  /** Working days a step may wait before it is escalated to the approvers' managers (after the reminder). */
  readonly escalationAfterWorkingDays: number;
}

export interface PendingApprovalStep {
  /** The calendar day the step started waiting. */
  readonly activatedOn: string;
  readonly reminded: boolean;
  readonly escalated: boolean;
}

/** What to send today for a pending step, if anything: the escalation once due, else the reminder. */
export function approvalFollowUpDue(
  step: PendingApprovalStep,
  today: string,
  policy: ApprovalReminderPolicy,
): 'remind' | 'escalate' | null {
  checkReminderPolicy(policy);
  const waited = workingDaysBetween(step.activatedOn, today);
  if (!step.escalated && waited >= policy.escalationAfterWorkingDays) return 'escalate';
  if (!step.reminded && !step.escalated && waited >= policy.reminderAfterWorkingDays) return 'remind';
  return null;
}

export function checkReminderPolicy(policy: ApprovalReminderPolicy): void {
  const { reminderAfterWorkingDays: remind, escalationAfterWorkingDays: escalate } = policy;
  if (!Number.isInteger(remind) || remind < 1 || !Number.isInteger(escalate) || escalate <= remind)
    throw new DomainError(
      'validation_failed',
      `Reminders come after a whole number of working days (at least 1), escalation after more: not ${remind} and ${escalate}.`,
    );
}
