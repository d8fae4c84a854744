import type { AwaitingRequisition, BulkDecisionItem, BulkDecisionResult, RequisitionStatus } from './api.js';

/** The inbox filter as typed: words found in the number, title or requester, and an amount range. */
export interface InboxFilter {
  text: string;
  minAmount: string;
  maxAmount: string;
}

export const emptyInboxFilter: InboxFilter = { text: '', minAmount: '', maxAmount: '' };

/** Lower case, without accents: « Léa » is found by « lea ». */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** An amount bound as typed (`1 500,50`): null when empty, 'invalid' when it is not a number. */
export function amountBound(typed: string): number | null | 'invalid' {
  const compact = typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return null;
  return /^\d+(\.\d+)?$/.test(compact) ? Number(compact) : 'invalid';
}

/** The requests the filter keeps: every word in the number, title or requester, the total within range. */
export function filterAwaiting(
  requisitions: readonly AwaitingRequisition[],
  filter: InboxFilter,
): AwaitingRequisition[] {
  const words = folded(filter.text).split(/\s+/).filter(Boolean);
  const min = amountBound(filter.minAmount);
  const max = amountBound(filter.maxAmount);
  return requisitions.filter((r) => {
    const haystack = folded(`${r.number} ${r.title} ${r.requester.name}`);
    if (!words.every((word) => haystack.includes(word))) return false;
    const total = Number(r.total.amount);
    if (typeof min === 'number' && total < min) return false;
    if (typeof max === 'number' && total > max) return false;
    return true;
  });
}

/**
 * The decision to send for a request of the inbox: its pending step, in the caller's own name when the
 * step awaits them, else on behalf of the person who delegated to them.
 */
export function bulkItemOf(requisition: AwaitingRequisition, userId: string): BulkDecisionItem {
  const { index, awaitedUserIds } = requisition.pendingStep;
  return {
    requisitionId: requisition.id,
    stepIndex: index,
    onBehalfOfUserId: awaitedUserIds.includes(userId) ? null : (awaitedUserIds[0] ?? null),
  };
}

/** One line of the results: the request, and whether it was approved (its new status) or why not. */
export type BulkResultRow =
  | { requisitionId: string; number: string; title: string; decided: true; status: RequisitionStatus }
  | { requisitionId: string; number: string; title: string; decided: false; detail: string };

/** The API's results, named by the requests they are about (as the inbox listed them). */
export function bulkResultRows(
  results: readonly BulkDecisionResult[],
  requisitions: readonly AwaitingRequisition[],
): BulkResultRow[] {
  return results.map((result) => {
    const r = requisitions.find((x) => x.id === result.requisitionId);
    const named = { requisitionId: result.requisitionId, number: r?.number ?? '', title: r?.title ?? '' };
    return result.decided
      ? { ...named, decided: true, status: result.status }
      : { ...named, decided: false, detail: result.problem.detail };
  });
}
