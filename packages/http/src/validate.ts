import type { Request } from 'express';
import { z } from 'zod';
import { HttpProblem } from './problem.js';

function parse<T extends z.ZodType>(schema: T, value: unknown, part: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpProblem(
    400,
    'validation_failed',
    `The request ${part} is not valid.`,
    result.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      reason: issue.message,
    })),
  );
}

export const parseBody = <T extends z.ZodType>(schema: T, req: Request): z.infer<T> =>
  parse(schema, req.body, 'body');
export const parseQuery = <T extends z.ZodType>(schema: T, req: Request): z.infer<T> =>
  parse(schema, req.query, 'query');
export const parseParams = <T extends z.ZodType>(schema: T, req: Request): z.infer<T> =>
  parse(schema, req.params, 'params');

/** A path parameter holding a UUID. */
export const ZIdParams = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
