import type { ApprovalLinkView } from './api.js';
import type { Problem } from './problems.js';

/** Why an approval e-mail's link cannot be used (keys under `approvalLink.unusable.`). */
export type UnusableLink = 'used' | 'expired' | 'closed' | 'notForYou' | 'invalid';

/** The link's own state, when it says the link can no longer decide. */
export const unusableStateOf = (view: Pick<ApprovalLinkView, 'state'>): UnusableLink | null =>
  view.state === 'usable' ? null : view.state;

/**
 * What the API's refusal means for the person holding the link: sent to someone else (403), cut or
 * altered (404, or a token too short to be one), used or expired meanwhile (409); null for anything
 * else (a network failure, a decision the workflow refused), shown as the API says it.
 */
export function unusableProblemOf(problem: Problem): UnusableLink | null {
  if (problem.status === 403) return 'notForYou';
  if (problem.status === 404 || problem.status === 400) return 'invalid';
  if (problem.code === 'approval_link_used') return 'used';
  if (problem.code === 'approval_link_expired') return 'expired';
  return null;
}
