import { describe, expect, it } from 'vitest';
import { unusableProblemOf, unusableStateOf } from './approval-link.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import { approvalLinkTokenOf } from './navigation.js';

const problem = (status: number, code: string) => ({ status, code, message: 'refused', errors: [] });

describe('an approval e-mail link', () => {
  it('is opened at /approvals/email/:token, apart from the request pages of the inbox', () => {
    const token = '0b5a2c1e-1111-4222-8333-444455556666.a.c2lnbmF0dXJl_-';
    expect(approvalLinkTokenOf(`/approvals/email/${token}`)).toBe(token);
    expect(approvalLinkTokenOf('/approvals/email/')).toBeNull();
    expect(approvalLinkTokenOf('/approvals/abc')).toBeNull();
    expect(approvalLinkTokenOf(`/approvals/email/${token}/x`)).toBeNull();
  });

  it('is usable only in the usable state', () => {
    expect(unusableStateOf({ state: 'usable' })).toBeNull();
    expect(unusableStateOf({ state: 'used' })).toBe('used');
    expect(unusableStateOf({ state: 'expired' })).toBe('expired');
    expect(unusableStateOf({ state: 'closed' })).toBe('closed');
  });

  it('reads the refusals: sent to someone else, altered, used or expired meanwhile', () => {
    expect(unusableProblemOf(problem(403, 'forbidden'))).toBe('notForYou');
    expect(unusableProblemOf(problem(404, 'not_found'))).toBe('invalid');
    expect(unusableProblemOf(problem(400, 'validation_failed'))).toBe('invalid');
    expect(unusableProblemOf(problem(409, 'approval_link_used'))).toBe('used');
    expect(unusableProblemOf(problem(409, 'approval_link_expired'))).toBe('expired');
  });

  it('leaves other failures to be shown as the API says them', () => {
    expect(unusableProblemOf(problem(409, 'invalid_state_transition'))).toBeNull();
    expect(
      unusableProblemOf({ status: null, code: 'network_error', message: 'offline', errors: [] }),
    ).toBeNull();
  });

  it('has a message for every reason it cannot be used, in French and in English', () => {
    for (const messages of [fr, en])
      expect(Object.keys(messages.approvalLink.unusable).sort()).toEqual(
        ['closed', 'expired', 'invalid', 'notForYou', 'used'].sort(),
      );
  });
});
