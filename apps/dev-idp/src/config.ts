import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The only reader of process.env in this app. Every variable is named in the error when it is wrong.

const ZDevIdpEnv = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string({ error: 'required (where the signing key and certificate are kept)' }).min(1),
  SP_ENTITY_ID: z.string({ error: "required (the gateway's SAML entity id)" }).min(1),
  SP_ACS_URL: z.url({ error: "required (the gateway's assertion consumer service URL, HTTP-POST)" }),
  SP_SLO_URL: z.url({ error: "required (the gateway's single logout URL, HTTP-Redirect)" }),
  SP_SIGNING_CERT: z.string().min(1).optional(),
  SP_SIGNING_CERT_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface DevIdpConfig {
  port: number;
  host: string;
  /**
   * Without a trailing slash; the entity id is `${publicUrl}/metadata`. Default `http://localhost:${PORT}`
   * (so `http://localhost:4200`); with PORT=0 and no PUBLIC_URL, the address actually bound.
   */
  publicUrl: string | undefined;
  dataDir: string;
  sp: {
    entityId: string;
    acsUrl: string;
    sloUrl: string;
    /** When known, signed requests from the gateway (HTTP-Redirect binding) are verified against it. */
    signingCertPem?: string;
  };
  logLevel: z.infer<typeof ZDevIdpEnv>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * This identity provider signs anyone in as any demo user with one click: it must never run in
 * production. Called by the process entry point and by `startDevIdp`, so neither way round it.
 */
export function assertNotProduction(env: Record<string, string | undefined> = process.env): void {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'refusing to start: NODE_ENV=production. The Procura development identity provider signs anyone in ' +
        'as any demo user and exists only for development and tests; use a real identity provider ' +
        '(Entra ID, Okta, Keycloak…) in production.',
    );
  }
}

export function config(env: Record<string, string | undefined> = process.env): DevIdpConfig {
  assertNotProduction(env);
  const result = ZDevIdpEnv.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  const signingCertPem = parsed.SP_SIGNING_CERT
    ? parsed.SP_SIGNING_CERT.replaceAll('\\n', '\n')
    : parsed.SP_SIGNING_CERT_FILE
      ? readFileSync(parsed.SP_SIGNING_CERT_FILE, 'utf8')
      : undefined;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    publicUrl: parsed.PUBLIC_URL
      ? parsed.PUBLIC_URL.replace(/\/+$/, '')
      : parsed.PORT === 0
        ? undefined
        : `http://localhost:${parsed.PORT}`,
    dataDir: parsed.DATA_DIR,
    sp: {
      entityId: parsed.SP_ENTITY_ID,
      acsUrl: parsed.SP_ACS_URL,
      sloUrl: parsed.SP_SLO_URL,
      ...(signingCertPem ? { signingCertPem } : {}),
    },
    logLevel: parsed.LOG_LEVEL,
  };
}
