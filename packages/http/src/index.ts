/// <reference types="pino-http" preserve="true" />
// The request id and logger that pino-http adds to every request are part of this kit's API.
export { ApiRoutes, type DeclaredRoute, type Method } from './api-routes.js';
export {
  type Access,
  anyAuthenticated,
  authenticate,
  identityOf,
  mayAccess,
  requireAccess,
} from './auth.js';
export {
  generateIdentityKeyPair,
  IdentityTokenError,
  IdentityTokenSigner,
  IdentityTokenVerifier,
  identityHeader,
  identityIssuer,
  importSigningKey,
  importVerifyKey,
  type Role,
  roles,
  type Scope,
  type SigningKey,
  scopes,
  signIdentityToken,
  type TIdentity,
  type VerifyKey,
  verifyIdentityToken,
  ZIdentity,
} from './identity-token.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { createMetrics, routeLabel } from './metrics.js';
export {
  type FieldProblem,
  HttpProblem,
  notFoundHandler,
  type Problem,
  problemHandler,
  sendFileProblems,
  sendProblem,
  statusByKind,
  toProblem,
} from './problem.js';
export { type RunningService, type RunServiceOptions, runService, shutdownOnSignals } from './run-service.js';
export {
  createOperationalApp,
  createServiceApp,
  type ReadinessCheck,
  requestIdHeader,
  requestIdOf,
  runReadinessChecks,
  type ServiceAppOptions,
} from './service-app.js';
export { parseBody, parseParams, parseQuery, ZIdParams } from './validate.js';
