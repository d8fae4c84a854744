export {
  type IdempotentAnswer,
  type IdempotentRequest,
  idempotencyOf,
  runIdempotent,
} from './idempotency.js';
export {
  databaseReadiness,
  runServiceProcess,
  type ServiceDefinition,
  type ServiceParts,
} from './run-service-process.js';
export {
  ConfigError,
  parseEnv,
  parseServiceConfig,
  pemFrom,
  type ServiceConfig,
  ZServiceEnv,
} from './service-config.js';
