import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import { checkDelegation, isDelegationInForce } from './delegation.js';

const base = {
  delegatorUserId: 'manager',
  delegateUserId: 'colleague',
  startsOn: '2026-12-01',
  endsOn: '2026-12-15',
};
const today = '2026-11-23';

function issuesOf(request: typeof base): { field: string; reason: string }[] {
  try {
    checkDelegation(request, today);
    return [];
  } catch (error) {
    if (!isDomainError(error, 'validation_failed')) throw error;
    return error.details as { field: string; reason: string }[];
  }
}

describe('delegating approvals', () => {
  it('accepts a delegation to a colleague for a holiday', () => {
    expect(issuesOf(base)).toEqual([]);
  });

  it('refuses a delegation to oneself', () => {
    expect(issuesOf({ ...base, delegateUserId: 'manager' })).toEqual([
      { field: 'delegateUserId', reason: 'nobody can delegate to themselves' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(issuesOf({ ...base, delegateUserId: 'manager', endsOn: '2026-11-30' })).toEqual([
      { field: 'delegateUserId', reason: 'nobody can delegate to themselves' },
      { field: 'endsOn', reason: 'must not be before startsOn' },
    ]);
  });

  it('refuses an end before the start', () => {
    expect(issuesOf({ ...base, endsOn: '2026-11-30' })).toEqual([
      { field: 'endsOn', reason: 'must not be before startsOn' },
    ]);
  });

  it('accepts a one-day delegation starting and ending today', () => {
    expect(issuesOf({ ...base, startsOn: today, endsOn: today })).toEqual([]);
  });

  it('refuses a delegation that ended yesterday', () => {
    expect(issuesOf({ ...base, startsOn: '2026-11-01', endsOn: '2026-11-22' })).toEqual([
      { field: 'endsOn', reason: 'must not be in the past' },
    ]);
  });

  it('refuses a date that does not exist', () => {
    expect(issuesOf({ ...base, endsOn: '2026-02-30' })).toEqual([
      { field: 'endsOn', reason: 'must be a date, YYYY-MM-DD' },
    ]);
  });

  it('accepts 365 days and refuses 366', () => {
    expect(issuesOf({ ...base, startsOn: '2026-12-01', endsOn: '2027-12-01' })).toEqual([]);
    expect(issuesOf({ ...base, startsOn: '2027-12-01', endsOn: '2028-12-01' })).toEqual([
      { field: 'endsOn', reason: 'a delegation lasts 366 days at most' },
    ]);
  });

  it('is in force from its first day to its last, unless revoked', () => {
    const delegation = { startsOn: '2026-12-01', endsOn: '2026-12-15', revoked: false };
    expect(isDelegationInForce(delegation, '2026-11-30')).toBe(false);
    expect(isDelegationInForce(delegation, '2026-12-01')).toBe(true);
    expect(isDelegationInForce(delegation, '2026-12-15')).toBe(true);
    expect(isDelegationInForce(delegation, '2026-12-16')).toBe(false);
    expect(isDelegationInForce({ ...delegation, revoked: true }, '2026-12-05')).toBe(false);
  });
});
