// For the services' HTTP tests: a real key pair and real signed tokens, as the gateway makes them.
import { demoUsers } from '@procura/demo-data';
import {
  generateIdentityKeyPair,
  importSigningKey,
  importVerifyKey,
  type Role,
  signIdentityToken,
  type TIdentity,
  type VerifyKey,
} from '../identity-token.js';

export interface TestIdentityKeys {
  verifyKey: VerifyKey;
  /** A token for `audience`, as the gateway would sign it for this caller. */
  tokenFor(identity: TIdentity, audience: string): Promise<string>;
}

export async function createTestIdentityKeys(): Promise<TestIdentityKeys> {
  const pair = await generateIdentityKeyPair();
  const signingKey = await importSigningKey(pair.privateKeyPem);
  return {
    verifyKey: await importVerifyKey(pair.publicKeyPem),
    tokenFor: (identity, audience) => signIdentityToken(signingKey, identity, { audience }),
  };
}

/** The demo user holding `role`, as an identity (see @procura/demo-data). */
export function demoIdentity(role: Exclude<Role, 'auditor'>): TIdentity {
  const user = demoUsers.find((u) => u.roles.includes(role) && (role !== 'employee' || u.roles.length === 1));
  if (!user) throw new Error(`no demo user has the role ${role}`);
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: [...user.roles],
    entityId: user.entityId,
    siteId: user.siteId,
    costCentreIds: [...user.costCentreIds],
    locale: user.locale,
  };
}
