// Every error leaves a service as application/problem+json (RFC 9457) with a stable code, a
// human message and, for validation, the failing fields. Stack traces never leave the process.
import { DomainError, type ErrorKind, errorCodes } from '@procura/domain';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_content: 415,
};

/** An error raised at the HTTP edge itself (bad token, body too large): not a domain rule. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function fieldsOf(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    reason: issue.message,
  }));
}

function detailsAsFields(details: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(details)) return undefined;
  const parsed = z.array(z.object({ field: z.string(), reason: z.string() })).safeParse(details);
  return parsed.success ? parsed.data : undefined;
}

/** Turns anything thrown into a problem; `internal` is true when the cause must be logged as a fault. */
export function toProblem(error: unknown): {
  problem: Omit<Problem, 'instance' | 'requestId'>;
  internal: boolean;
} {
  const make = (status: number, code: string, detail: string, errors?: FieldProblem[]) => ({
    type: `urn:procura:problem:${code}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors?.length ? { errors } : {}),
  });
  if (error instanceof HttpProblem)
    return { problem: make(error.status, error.code, error.message, error.errors), internal: false };
  if (error instanceof DomainError) {
    const status = statusByKind[errorCodes[error.code].kind];
    return {
      problem: make(status, error.code, error.message, detailsAsFields(error.details)),
      internal: false,
    };
  }
  if (error instanceof z.ZodError) {
    return {
      problem: make(400, 'validation_failed', 'The request is not valid.', fieldsOf(error)),
      internal: false,
    };
  }
  // Express's own errors (body-parser, serve-static) are http-errors with a status and maybe a type.
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    const { status } = error;
    const type = 'type' in error ? error.type : undefined;
    if (type === 'entity.too.large')
      return { problem: make(413, 'payload_too_large', 'The request body is too large.'), internal: false };
    if (type === 'entity.parse.failed')
      return { problem: make(400, 'malformed_body', 'The request body is not valid JSON.'), internal: false };
    if (status === 404) return { problem: make(404, 'not_found', 'Nothing here.'), internal: false };
    if (status >= 400 && status < 500)
      return { problem: make(status, 'bad_request', 'The request could not be read.'), internal: false };
  }
  return {
    problem: make(500, 'internal_error', 'An unexpected error occurred; it has been logged.'),
    internal: true,
  };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

/**
 * A refused file (an import whose rows break rules) answers 422 listing every problem with its
 * row, column and reason: the error's details carry `problems` and their `total`.
 */
export function sendFileProblems(error: DomainError, req: Request, res: Response): void {
  const { problems, total } = error.details as {
    problems: { row: number; column: string; code: string; reason: string }[];
    total: number;
  };
  sendProblem(res, {
    ...toProblem(error).problem,
    instance: req.originalUrl,
    requestId: String(req.id ?? ''),
    errors: problems.map((p) => ({ field: `row ${p.row}${p.column ? `, ${p.column}` : ''}`, ...p })),
    ...{ errorCount: total },
  });
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const { problem, internal } = toProblem(error);
  if (internal) req.log?.error({ err: error }, 'request failed');
  else req.log?.info({ code: problem.code, status: problem.status }, 'request refused');
  if (res.headersSent) return;
  sendProblem(res, { ...problem, instance: req.originalUrl, requestId: String(req.id ?? '') });
};

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: 'urn:procura:problem:route_not_found',
    title: 'Not Found',
    status: 404,
    code: 'route_not_found',
    detail: `No route for ${req.method} ${req.path}.`,
    instance: req.originalUrl,
    requestId: String(req.id ?? ''),
  });
};
