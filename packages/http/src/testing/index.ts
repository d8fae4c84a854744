// For the services' HTTP tests: a real key pair and real signed tokens, as the gateway makes them.
import { demoUsers } from '@procura/demo-data';
import type { Express } from 'express';
import request from 'supertest';
import type { DeclaredRoute } from '../api-routes.js';
import { mayAccess } from '../auth.js';
import {
  generateIdentityKeyPair,
  identityHeader,
  importSigningKey,
  importVerifyKey,
  type Role,
  type Scope,
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
    kind: 'user',
    scopes: [],
    actingFor: [],
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

/** An integration calling with an API token holding `scopes`. */
export function integrationIdentity(scopes: Scope[], entityId: string): TIdentity {
  return {
    kind: 'integration',
    userId: '7d0f4c1a-5b7e-4c2d-9a8e-3f6b1c2d4e5f',
    email: null,
    displayName: 'ERP integration',
    roles: [],
    scopes,
    actingFor: [],
    entityId,
    siteId: null,
    costCentreIds: [],
    locale: 'fr',
  };
}

/**
 * Calls every declared route as every caller who must not pass, and collects those that did not
 * answer 403 (an empty list is the expected result).
 */
export async function routesLettingThrough(
  app: Express,
  callers: TIdentity[],
  tokenFor: (identity: TIdentity) => Promise<string>,
): Promise<string[]> {
  const leaks: string[] = [];
  const routes = app.locals.routes as DeclaredRoute[];
  for (const route of routes) {
    const path = route.path.replace(/:[A-Za-z]+/g, '6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a');
    for (const caller of callers.filter((c) => !mayAccess(c, route.access))) {
      const response = await request(app)
        [route.method](path)
        .set(identityHeader, await tokenFor(caller))
        .send({});
      if (response.status !== 403)
        leaks.push(
          `${route.method.toUpperCase()} ${route.path} as ${caller.displayName}: ${response.status}`,
        );
    }
  }
  return leaks;
}
