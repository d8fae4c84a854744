import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ZBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A PEM given inline, or read from the file a `<NAME>_FILE` variable points to (Docker/Kubernetes secrets). */
export function pemFrom(env: Record<string, string | undefined>, name: string): string | undefined {
  const inline = env[name];
  if (inline) return inline.replaceAll('\\n', '\n');
  const file = env[`${name}_FILE`];
  return file ? readFileSync(file, 'utf8') : undefined;
}

export const ZServiceEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url({ error: 'must be a postgres:// connection string' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DEMO_DATA: ZBoolean.default(false),
});

export interface ServiceConfig extends z.infer<typeof ZServiceEnv> {
  port: number;
  identityVerifyKeyPem: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once, failing fast with the name of every variable that is wrong. */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
  );
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** The configuration every backend service shares; `defaultPort` applies when PORT is unset. */
export function parseServiceConfig(
  env: Record<string, string | undefined>,
  defaultPort: number,
): ServiceConfig {
  const parsed = parseEnv(
    ZServiceEnv.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort) }),
    env,
  );
  const identityVerifyKeyPem = pemFrom(env, 'IDENTITY_VERIFY_KEY');
  if (!identityVerifyKeyPem) {
    throw new ConfigError(
      "invalid configuration:\n  IDENTITY_VERIFY_KEY: required (the gateway's public key, PEM), or IDENTITY_VERIFY_KEY_FILE",
    );
  }
  return { ...parsed, port: parsed.PORT, identityVerifyKeyPem };
}
