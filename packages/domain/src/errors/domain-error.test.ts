import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from './domain-error.js';
import { errorCodes } from './error-codes.js';

describe('DomainError', () => {
  it('carries its code, its message and the failing fields', () => {
    const error = new DomainError('validation_failed', 'The quantity is missing', [
      { field: 'quantity', reason: 'is required' },
    ]);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The quantity is missing');
    expect(error.details).toEqual([{ field: 'quantity', reason: 'is required' }]);
  });

  it('takes its kind from the code table: a currency mismatch is unprocessable, a bad transition a conflict', () => {
    expect(new DomainError('currency_mismatch', 'x').kind).toBe('unprocessable');
    expect(new DomainError('invalid_state_transition', 'x').kind).toBe('conflict');
    expect(new DomainError('invalid_amount', 'x').kind).toBe('invalid');
  });

  it('gives every code one of the eight kinds and a description', () => {
    const kinds = [
      'invalid',
      'unauthenticated',
      'forbidden',
      'not_found',
      'conflict',
      'unprocessable',
      'too_large',
      'unsupported_content',
    ];
    for (const [code, { kind, description }] of Object.entries(errorCodes)) {
      expect(kinds, code).toContain(kind);
      expect(description.length, code).toBeGreaterThan(10);
    }
  });
});

describe('isDomainError', () => {
  it('refuses a plain Error shaped like a domain error', () => {
    const lookalike = Object.assign(new Error('x'), { code: 'not_found' });

    expect(isDomainError(lookalike)).toBe(false);
    expect(isDomainError(new DomainError('not_found', 'x'))).toBe(true);
  });

  it('matches only the given code when one is given', () => {
    const error = new DomainError('forbidden', 'x');

    expect(isDomainError(error, 'forbidden')).toBe(true);
    expect(isDomainError(error, 'unauthenticated')).toBe(false);
  });
});
