import { DomainError } from '../errors/index.js';
import type { FreeTextRequestStatus } from './cart.js';

/** What may happen to a free-text request: a buyer sources or rejects it, its requester withdraws it. */
export type FreeTextRequestAction = 'source' | 'reject' | 'withdraw';

const resultOf: Record<FreeTextRequestAction, FreeTextRequestStatus> = {
  source: 'sourced',
  reject: 'rejected',
  withdraw: 'withdrawn',
};

/** The status after `action`; only a pending request can be handled or withdrawn (`invalid_state_transition`). */
export function nextFreeTextRequestStatus(
  current: FreeTextRequestStatus,
  action: FreeTextRequestAction,
): FreeTextRequestStatus {
  if (current !== 'pending') {
    throw new DomainError(
      'invalid_state_transition',
      `A free-text request that is ${current} cannot be ${resultOf[action]}: only a pending one can.`,
      { status: current, action },
    );
  }
  return resultOf[action];
}
