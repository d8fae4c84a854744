import { HttpProblem } from '@procura/http';
import { Router } from 'express';

/** GET /api/v1/me: who the gateway takes the caller to be. */
export function meRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const identity = res.locals.identity;
    if (!identity) throw new HttpProblem(401, 'unauthenticated', 'Log in first.');
    res.json(identity);
  });
  return router;
}
