import { readFileSync } from 'node:fs';
import { parseEnv, pemFrom, ZServiceEnv } from '@procura/runtime';
import { z } from 'zod';

const ZBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A list of attribute names, the first present in the assertion wins. */
const ZNames = (defaults: string[]) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .default(defaults);

const ZGatewayEnv = ZServiceEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.url().default('http://localhost:4000'),
  CATALOG_URL: z.url().default('http://127.0.0.1:4101'),
  PURCHASING_URL: z.url().default('http://127.0.0.1:4102'),
  INVOICING_URL: z.url().default('http://127.0.0.1:4103'),
  WEB_DIST_DIR: z.string().optional(),

  // The identity provider: its metadata (URL or file), or its SSO URL and signing certificate.
  SAML_IDP_METADATA_URL: z.url().optional(),
  SAML_IDP_METADATA_FILE: z.string().optional(),
  SAML_IDP_ENTITY_ID: z.string().optional(),
  SAML_IDP_SSO_URL: z.url().optional(),
  SAML_IDP_SLO_URL: z.url().optional(),
  // This service provider.
  SAML_SP_ENTITY_ID: z.string().optional(),
  SAML_NAMEID_FORMAT: z.string().default('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'),
  SAML_WANT_RESPONSE_SIGNED: ZBoolean.default(true),
  SAML_ALLOW_UNSOLICITED: ZBoolean.default(false),
  SAML_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  SAML_DEFAULT_ENTITY_CODE: z.string().optional(),
  // Attribute mapping: comma-separated candidate names (defaults cover Entra ID, Okta, ADFS, Keycloak, Google).
  SAML_ATTR_EMAIL: ZNames([
    'email',
    'mail',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    'urn:oid:0.9.2342.19200300.100.1.3',
  ]),
  SAML_ATTR_DISPLAY_NAME: ZNames([
    'displayName',
    'http://schemas.microsoft.com/identity/claims/displayname',
    'urn:oid:2.16.840.1.113730.3.1.241',
    'name',
    'cn',
  ]),
  SAML_ATTR_GROUPS: ZNames([
    'groups',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
    'memberOf',
    'Role',
  ]),
  SAML_ATTR_COST_CENTRE: ZNames(['costCentre', 'costCenter', 'urn:oid:2.5.4.11', 'department']),
  SAML_ATTR_MANAGER: ZNames(['manager', 'managerEmail']),
  SAML_ATTR_ENTITY: ZNames(['entity', 'company', 'companyName', 'o']),
  SAML_ATTR_LOCALE: ZNames(['locale', 'preferredLanguage']),
  // Sessions.
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
});

type GatewayEnv = z.infer<typeof ZGatewayEnv>;

export interface GatewayConfig extends GatewayEnv {
  identitySigningKeyPem: string;
  sessionSecret: string;
  idpCertPems: string[];
  idpMetadataXml: string | undefined;
  spPrivateKeyPem: string | undefined;
  spCertPem: string | undefined;
  spEntityId: string;
}

const fail = (lines: string[]) => {
  throw new Error(`invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);
};

export function config(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseEnv(ZGatewayEnv, env);
  const problems: string[] = [];
  const identitySigningKeyPem = pemFrom(env, 'IDENTITY_SIGNING_KEY');
  if (!identitySigningKeyPem)
    problems.push('IDENTITY_SIGNING_KEY: required (Ed25519 private key, PEM), or IDENTITY_SIGNING_KEY_FILE');
  const sessionSecret = pemFrom(env, 'SESSION_SECRET');
  if (!sessionSecret || sessionSecret.length < 32)
    problems.push('SESSION_SECRET: required, 32 characters at least (or SESSION_SECRET_FILE)');
  const idpCertPems = (pemFrom(env, 'SAML_IDP_CERT') ?? '')
    .split(/(?=-----BEGIN CERTIFICATE-----)/)
    .map((c) => c.trim())
    .filter(Boolean);
  const idpMetadataXml = parsed.SAML_IDP_METADATA_FILE
    ? readFileSync(parsed.SAML_IDP_METADATA_FILE, 'utf8')
    : undefined;
  if (
    !parsed.SAML_IDP_METADATA_URL &&
    !idpMetadataXml &&
    !(parsed.SAML_IDP_SSO_URL && idpCertPems.length > 0)
  ) {
    problems.push(
      'SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE, or SAML_IDP_SSO_URL with SAML_IDP_CERT: the identity provider is not configured',
    );
  }
  const spPrivateKeyPem = pemFrom(env, 'SAML_SP_PRIVATE_KEY');
  const spCertPem = pemFrom(env, 'SAML_SP_CERT');
  if (Boolean(spPrivateKeyPem) !== Boolean(spCertPem))
    problems.push('SAML_SP_PRIVATE_KEY and SAML_SP_CERT: give both or neither');
  if (problems.length > 0) fail(problems);
  return {
    ...parsed,
    identitySigningKeyPem: identitySigningKeyPem as string,
    sessionSecret: sessionSecret as string,
    idpCertPems,
    idpMetadataXml,
    spPrivateKeyPem,
    spCertPem,
    spEntityId: parsed.SAML_SP_ENTITY_ID ?? `${parsed.PUBLIC_URL}/auth/saml/metadata`,
  };
}
