import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { approvalFollowUpDue } from './approval-reminder.js';

const policy = { reminderAfterWorkingDays: 2, escalationAfterWorkingDays: 4 };
const step = (activatedOn: string, reminded = false, escalated = false) => ({
  activatedOn,
  reminded,
  escalated,
});

describe('approvalFollowUpDue', () => {
  it('reminds after the working days of the policy, weekends not counted', () => {
    // Started Thursday 19 November 2026.
    expect(approvalFollowUpDue(step('2026-11-19'), '2026-11-20', policy)).toBeNull(); // Friday: 1 day
    expect(approvalFollowUpDue(step('2026-11-19'), '2026-11-22', policy)).toBeNull(); // Sunday: still 1
    expect(approvalFollowUpDue(step('2026-11-19'), '2026-11-23', policy)).toBe('remind'); // Monday: 2
    expect(approvalFollowUpDue(step('2026-11-19', true), '2026-11-24', policy)).toBeNull(); // reminded once
  });

  it('escalates once the escalation is due, reminded or not, and only once', () => {
    expect(approvalFollowUpDue(step('2026-11-19', true), '2026-11-25', policy)).toBe('escalate'); // 4 days
    expect(approvalFollowUpDue(step('2026-11-19'), '2026-11-30', policy)).toBe('escalate'); // never reminded
    expect(approvalFollowUpDue(step('2026-11-19', true, true), '2026-12-15', policy)).toBeNull();
  });

  it('refuses a policy that escalates before reminding', () => {
    expect(() =>
      approvalFollowUpDue(step('2026-11-19'), '2026-11-23', {
        reminderAfterWorkingDays: 3,
        escalationAfterWorkingDays: 3,
      }),
    ).toThrow(DomainError);
  });
});
