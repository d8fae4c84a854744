// The gateway vouches for the caller with a short-lived token signed by its Ed25519 key; each
// service verifies the signature, the audience (itself) and the expiry before trusting anything.
import {
  type CryptoKey,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
} from 'jose';
import { z } from 'zod';

export const roles = ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** What an integration's API token may do. */
export const scopes = ['read', 'catalog:write', 'invoices:write'] as const;
export type Scope = (typeof scopes)[number];

export const ZIdentity = z.object({
  /** A person logged in through SSO, or an integration calling with an API token. */
  kind: z.enum(['user', 'integration']),
  /** The user's id, or the API token's id for an integration. */
  userId: z.uuid(),
  email: z.email().nullable(),
  displayName: z.string().min(1),
  roles: z.array(z.enum(roles)),
  scopes: z.array(z.enum(scopes)),
  /** People who have delegated their approvals to this user today. */
  actingFor: z.array(z.object({ userId: z.uuid(), displayName: z.string(), endsOn: z.iso.date() })),
  entityId: z.uuid(),
  siteId: z.uuid().nullable(),
  costCentreIds: z.array(z.uuid()),
  locale: z.enum(['fr', 'en']),
});
export type TIdentity = z.infer<typeof ZIdentity>;

export const identityIssuer = 'procura-gateway';
export const identityHeader = 'x-procura-identity';
const algorithm = 'EdDSA';
const defaultTtlSeconds = 60;

export type SigningKey = CryptoKey;
export type VerifyKey = CryptoKey;

export async function generateIdentityKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { crv: 'Ed25519', extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

export const importSigningKey = (pem: string): Promise<SigningKey> => importPKCS8(pem, algorithm);
export const importVerifyKey = (pem: string): Promise<VerifyKey> => importSPKI(pem, algorithm);

export async function signIdentityToken(
  key: SigningKey,
  identity: TIdentity,
  options: { audience: string; ttlSeconds?: number; now?: Date },
): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const { userId, ...claims } = ZIdentity.parse(identity);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setIssuer(identityIssuer)
    .setSubject(userId)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? defaultTtlSeconds))
    .sign(key);
}

export class IdentityTokenError extends Error {
  override name = 'IdentityTokenError';
}

/** Verifies signature, issuer, audience and expiry (5 s of clock skew), then the claims' shape. */
export async function verifyIdentityToken(
  key: VerifyKey,
  token: string,
  audience: string,
): Promise<TIdentity> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      issuer: identityIssuer,
      audience,
      clockTolerance: 5,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    return ZIdentity.parse({ ...payload, userId: payload.sub });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IdentityTokenError(`identity token refused: ${reason}`);
  }
}
