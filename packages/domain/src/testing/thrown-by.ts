import { DomainError } from '../errors/index.js';

/** Runs `action` and returns the DomainError it throws; fails when it returns or throws anything else. */
export function thrownBy(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw new Error(`expected a DomainError, got ${String(error)}`);
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
