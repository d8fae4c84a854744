import { ApiProblem } from './api.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** What the page shows when a call fails: the API's detail and the fields it refused. */
export interface Problem {
  status: number | null;
  code: string;
  message: string;
  errors: FieldProblem[];
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiProblem) {
    return { status: error.status, code: error.code, message: error.message, errors: error.errors };
  }
  return {
    status: null,
    code: 'network_error',
    message: error instanceof Error ? error.message : String(error),
    errors: [],
  };
}

/**
 * Sorts the API's field errors ('body.endsOn') between the form's own fields, shown next to each
 * input, and the rest, shown with the detail.
 */
export function splitFieldErrors<F extends string>(
  errors: readonly FieldProblem[],
  fields: readonly F[],
  prefix = 'body.',
): { byField: Partial<Record<F, string[]>>; other: FieldProblem[] } {
  const byField: Partial<Record<F, string[]>> = {};
  const other: FieldProblem[] = [];
  for (const error of errors) {
    const name = error.field.startsWith(prefix) ? error.field.slice(prefix.length) : undefined;
    const field = fields.find((f) => f === name);
    if (field) byField[field] = [...(byField[field] ?? []), error.reason];
    else other.push(error);
  }
  return { byField, other };
}
