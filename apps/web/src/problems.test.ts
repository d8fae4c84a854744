import { describe, expect, it } from 'vitest';
import { ApiProblem } from './api.js';
import { problemOf, splitFieldErrors } from './problems.js';

describe('reading a refusal from the API', () => {
  it('keeps the status, code, detail and field errors of a problem', () => {
    const refusal = new ApiProblem(409, 'invalid_state_transition', 'The supplier is already blocked.');
    expect(problemOf(refusal)).toEqual({
      status: 409,
      code: 'invalid_state_transition',
      message: 'The supplier is already blocked.',
      errors: [],
    });
  });

  it('tells a network failure apart from a refusal', () => {
    expect(problemOf(new TypeError('Failed to fetch'))).toEqual({
      status: null,
      code: 'network_error',
      message: 'Failed to fetch',
      errors: [],
    });
  });
});

describe('placing field errors next to their inputs', () => {
  const fields = ['delegateUserId', 'startsOn', 'endsOn'] as const;

  it('puts each body field error under its input, several reasons together', () => {
    const { byField, other } = splitFieldErrors(
      [
        { field: 'body.endsOn', reason: 'must not be before startsOn' },
        { field: 'body.endsOn', reason: 'must not be in the past' },
        { field: 'body.delegateUserId', reason: 'nobody can delegate to themselves' },
      ],
      fields,
    );
    expect(byField).toEqual({
      endsOn: ['must not be before startsOn', 'must not be in the past'],
      delegateUserId: ['nobody can delegate to themselves'],
    });
    expect(other).toEqual([]);
  });

  it('keeps with the detail the errors that no input of the form shows', () => {
    const { byField, other } = splitFieldErrors(
      [
        { field: 'params.id', reason: 'must be a UUID' },
        { field: 'body', reason: 'required' },
        { field: 'query.startsOn', reason: 'unexpected' },
      ],
      fields,
    );
    expect(byField).toEqual({});
    expect(other.map((e) => e.field)).toEqual(['params.id', 'body', 'query.startsOn']);
  });
});
