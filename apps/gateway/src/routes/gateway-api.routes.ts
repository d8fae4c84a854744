// The API the gateway answers itself, from the identity schema: who am I, delegations, the user
// directory, and administration (role mapping, users, API tokens).

import type { IdentityDatabase } from '@procura/db';
import { calendarDate } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  anyAuthenticated,
  identityOf,
  parseBody,
  parseParams,
  roles,
  scopes,
  ZIdParams,
} from '@procura/http';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-token.service.js';
import { createDelegation, listDelegations, revokeDelegation } from '../services/delegation.service.js';
import {
  listRoleMappings,
  listUsers,
  replaceRoleMappings,
  setUserActive,
} from '../services/user-admin.service.js';

const people: Access = { roles: [...roles], scopes: [] };
const managers: Access = { roles: ['manager'], scopes: [] };
const administrators: Access = { roles: ['administrator'], scopes: [] };

export const ZDelegationBody = z.object({
  delegateUserId: z.uuid(),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
});

export const ZRoleMappingsBody = z.object({
  mappings: z
    .array(z.object({ idpGroup: z.string().trim().min(1).max(256), roles: z.array(z.enum(roles)).min(1) }))
    .min(1)
    .refine((m) => new Set(m.map((g) => g.idpGroup)).size === m.length, 'each group appears once'),
});

export const ZApiTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(scopes)).min(1),
  expiresAt: z.iso.datetime({ offset: true }).transform((v) => new Date(v)),
});

export function gatewayApiRoutes(db: Kysely<IdentityDatabase>): ApiRoutes {
  const api = new ApiRoutes();

  api.get('/me', anyAuthenticated, async (req, res) => {
    const identity = identityOf(res);
    const delegations =
      identity.kind === 'user'
        ? await listDelegations(db, identity.userId, calendarDate(new Date()))
        : { given: [], received: [] };
    res.json({ ...identity, delegations, csrfToken: req.session?.csrfToken ?? null });
  });

  api.get('/me/delegations', people, async (_req, res) => {
    res.json(await listDelegations(db, identityOf(res).userId, calendarDate(new Date())));
  });

  api.post('/me/delegations', managers, async (req, res) => {
    const body = parseBody(ZDelegationBody, req);
    const delegation = await createDelegation(db, {
      ...body,
      delegatorUserId: identityOf(res).userId,
      today: calendarDate(new Date()),
    });
    res.status(201).json(delegation);
  });

  api.post('/me/delegations/:id/revoke', managers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(await revokeDelegation(db, { id, userId: identityOf(res).userId, now: new Date() }));
  });

  api.get('/directory/users', people, async (_req, res) => {
    const users = await listUsers(db, { activeOnly: true });
    res.json({ users: users.map(({ id, displayName, email }) => ({ id, displayName, email })) });
  });

  api.get('/admin/users', administrators, async (_req, res) => {
    res.json({ users: await listUsers(db, { activeOnly: false }) });
  });

  api.post('/admin/users/:id/deactivate', administrators, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    await setUserActive(db, { userId: id, active: false, actorUserId: identityOf(res).userId });
    res.status(204).end();
  });

  api.post('/admin/users/:id/activate', administrators, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    await setUserActive(db, { userId: id, active: true, actorUserId: identityOf(res).userId });
    res.status(204).end();
  });

  api.get('/admin/role-mappings', administrators, async (_req, res) => {
    res.json({ mappings: await listRoleMappings(db) });
  });

  api.put('/admin/role-mappings', administrators, async (req, res) => {
    const { mappings } = parseBody(ZRoleMappingsBody, req);
    res.json({ mappings: await replaceRoleMappings(db, mappings, identityOf(res).userId) });
  });

  api.get('/admin/api-tokens', administrators, async (_req, res) => {
    res.json({ tokens: await listApiTokens(db) });
  });

  api.post('/admin/api-tokens', administrators, async (req, res) => {
    const body = parseBody(ZApiTokenBody, req);
    const admin = identityOf(res);
    const { token, summary } = await createApiToken(db, {
      ...body,
      entityId: admin.entityId,
      createdBy: admin.userId,
      now: new Date(),
    });
    res.status(201).json({ ...summary, token });
  });

  api.post('/admin/api-tokens/:id/revoke', administrators, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(await revokeApiToken(db, { id, revokedBy: identityOf(res).userId, now: new Date() }));
  });

  return api;
}
