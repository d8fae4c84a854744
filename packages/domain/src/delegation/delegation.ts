import { daysBetween, isCalendarDate } from '../calendar/index.js';
import { DomainError, type FieldIssue } from '../errors/index.js';

/** A calendar date, 'YYYY-MM-DD'. */
export type CalendarDate = string;

export interface DelegationRequest {
  delegatorUserId: string;
  delegateUserId: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
}

const maxDays = 366;

/**
 * A manager delegates approvals to a colleague for a date range: not to themselves, not in the
 * past, for a year at most.
 */
export function checkDelegation(request: DelegationRequest, today: CalendarDate): void {
  const issues: FieldIssue[] = [];
  if (request.delegateUserId === request.delegatorUserId) {
    issues.push({ field: 'delegateUserId', reason: 'nobody can delegate to themselves' });
  }
  const datesValid = isCalendarDate(request.startsOn) && isCalendarDate(request.endsOn);
  if (!isCalendarDate(request.startsOn))
    issues.push({ field: 'startsOn', reason: 'must be a date, YYYY-MM-DD' });
  if (!isCalendarDate(request.endsOn)) issues.push({ field: 'endsOn', reason: 'must be a date, YYYY-MM-DD' });
  if (datesValid) {
    if (request.endsOn < request.startsOn)
      issues.push({ field: 'endsOn', reason: 'must not be before startsOn' });
    if (request.endsOn < today) issues.push({ field: 'endsOn', reason: 'must not be in the past' });
    if (daysBetween(request.startsOn, request.endsOn) >= maxDays) {
      issues.push({ field: 'endsOn', reason: `a delegation lasts ${maxDays} days at most` });
    }
  }
  if (issues.length > 0) throw new DomainError('validation_failed', 'The delegation is not valid.', issues);
}

/** Whether a delegation is in force on `day`. */
export function isDelegationInForce(
  delegation: { startsOn: CalendarDate; endsOn: CalendarDate; revoked: boolean },
  day: CalendarDate,
): boolean {
  return !delegation.revoked && delegation.startsOn <= day && day <= delegation.endsOn;
}
