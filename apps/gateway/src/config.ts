import { parseEnv, pemFrom, ZServiceEnv } from '@procura/runtime';
import { z } from 'zod';

const ZGatewayEnv = ZServiceEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.url().default('http://localhost:4000'),
  CATALOG_URL: z.url().default('http://127.0.0.1:4101'),
  PURCHASING_URL: z.url().default('http://127.0.0.1:4102'),
  INVOICING_URL: z.url().default('http://127.0.0.1:4103'),
  WEB_DIST_DIR: z.string().optional(),
  DEV_IDENTITY_EMAIL: z.email().optional(),
});

export type GatewayConfig = z.infer<typeof ZGatewayEnv> & { identitySigningKeyPem: string };

export function config(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseEnv(ZGatewayEnv, env);
  if (parsed.NODE_ENV === 'production' && parsed.DEV_IDENTITY_EMAIL) {
    throw new Error(
      'invalid configuration:\n  DEV_IDENTITY_EMAIL: must not be set in production (it logs every visitor in)',
    );
  }
  const identitySigningKeyPem = pemFrom(env, 'IDENTITY_SIGNING_KEY');
  if (!identitySigningKeyPem) {
    throw new Error(
      'invalid configuration:\n  IDENTITY_SIGNING_KEY: required (Ed25519 private key, PEM), or IDENTITY_SIGNING_KEY_FILE',
    );
  }
  return { ...parsed, identitySigningKeyPem };
}
