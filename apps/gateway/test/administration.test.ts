// API tokens, the role mapping, delegations, and a walk of every gateway route with callers who
// must not pass.
import type { IdentityDatabase } from '@procura/db';
import { demoUserEmails } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import type { DeclaredRoute } from '@procura/http';
import { mayAccess } from '@procura/http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken, revokeApiToken } from '../src/services/api-token.service.js';
import { ApiTokenCache } from '../src/services/api-token-cache.js';
import { demoPerson, type Harness, type LoggedIn, logIn, startHarness } from './support/harness.js';

let harness: Harness;
let admin: LoggedIn;
beforeAll(async () => {
  harness = await startHarness();
  admin = await logIn(harness, demoPerson(demoUserEmails.administrator));
});
afterAll(() => harness.close());

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

async function createToken(body: Record<string, unknown>) {
  return admin.agent.post('/api/v1/admin/api-tokens').set('x-csrf-token', admin.csrfToken).send(body);
}

describe('API tokens for integrations', () => {
  it('are shown once, work as Bearer tokens, record their last use, and stop working when revoked', async () => {
    const created = await createToken({
      name: 'ERP invoices',
      scopes: ['invoices:write', 'read'],
      expiresAt: inAYear(),
    });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^prc_[\w-]{43}$/);

    const listed = (await admin.agent.get('/api/v1/admin/api-tokens')).body.tokens as Record<
      string,
      unknown
    >[];
    const summary = listed.find((t) => t.id === created.body.id);
    expect(summary).toMatchObject({
      name: 'ERP invoices',
      prefix: token.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(token);
    const stored = await harness.db
      .selectFrom('identity.api_token')
      .select('token_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(token).toString('hex'));

    const me = await request(harness.app).get('/api/v1/me').set('authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'integration',
      displayName: 'ERP invoices',
      roles: [],
      scopes: ['invoices:write', 'read'],
    });
    const forwarded = await request(harness.app)
      .get('/api/v1/catalog/items')
      .set('authorization', `Bearer ${token}`);
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.caller.kind).toBe('integration');
    expect(harness.seen.at(-1)?.headers.authorization).toBeUndefined();

    const afterUse = (await admin.agent.get('/api/v1/admin/api-tokens')).body.tokens.find(
      (t: { id: string }) => t.id === created.body.id,
    );
    expect(afterUse.lastUsedAt).not.toBeNull();

    const revoked = await admin.agent
      .post(`/api/v1/admin/api-tokens/${created.body.id}/revoke`)
      .set('x-csrf-token', admin.csrfToken);
    expect(revoked.status).toBe(200);
    expect(
      (await request(harness.app).get('/api/v1/me').set('authorization', `Bearer ${token}`)).status,
    ).toBe(401);
    const again = await admin.agent
      .post(`/api/v1/admin/api-tokens/${created.body.id}/revoke`)
      .set('x-csrf-token', admin.csrfToken);
    expect(again.status).toBe(409);
  });

  it('are looked up once a while, and stop working at once when another gateway replica revokes them', async () => {
    const created = await createToken({ name: 'Catalogue sync', scopes: ['read'], expiresAt: inAYear() });
    const token = created.body.token as string;
    const me = () => request(harness.app).get('/api/v1/me').set('authorization', `Bearer ${token}`);
    expect((await me()).status).toBe(200);
    // Kept: renamed in the database behind the gateway's back, the token still answers with its name.
    await harness.db
      .updateTable('identity.api_token')
      .set({ name: 'Renamed directly' })
      .where('id', '=', created.body.id)
      .execute();
    expect((await me()).body.displayName).toBe('Catalogue sync');
    // Another replica (its own connection) revokes it: this one hears it and refuses the next call.
    const replica = harness.database.connect<IdentityDatabase>();
    try {
      await revokeApiToken(replica, { id: created.body.id, revokedBy: admin.me.userId, now: new Date() });
    } finally {
      await replica.destroy();
    }
    await expect.poll(async () => (await me()).status, { timeout: 5_000 }).toBe(401);
  });

  it('are looked up every time by a gateway that does not hear revocations', async () => {
    const cache = new ApiTokenCache();
    const created = await createToken({ name: 'Deaf replica', scopes: ['read'], expiresAt: inAYear() });
    const now = new Date();
    const identity = await authenticateApiToken(harness.db, created.body.token, now, cache);
    expect(identity?.displayName).toBe('Deaf replica');
    await harness.db
      .updateTable('identity.api_token')
      .set({ revoked_at: now, revoked_by: admin.me.userId })
      .where('id', '=', created.body.id)
      .execute();
    expect(await authenticateApiToken(harness.db, created.body.token, now, cache)).toBeUndefined();
  });

  it('stop working once expired', async () => {
    const created = await createToken({ name: 'Scanner', scopes: ['read'], expiresAt: inAYear() });
    await harness.db
      .updateTable('identity.api_token')
      .set({ expires_at: new Date(Date.now() - 1000), created_at: new Date(Date.now() - 2000) })
      .where('id', '=', created.body.id)
      .execute();
    expect(
      (await request(harness.app).get('/api/v1/me').set('authorization', `Bearer ${created.body.token}`))
        .status,
    ).toBe(401);
  });

  it('refuse a malformed or unknown bearer token', async () => {
    for (const value of [
      'Bearer',
      'Bearer prc_unknown',
      'Basic dXNlcjpwYXNz',
      `Bearer ${'x'.repeat(5000)}`,
    ]) {
      expect((await request(harness.app).get('/api/v1/me').set('authorization', value)).status).toBe(401);
    }
  });

  it('are validated: name, known scopes, an expiry in the future', async () => {
    const bad = await createToken({ name: '', scopes: ['everything'], expiresAt: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.expiresAt',
      'body.name',
      'body.scopes.0',
    ]);
    const past = await createToken({ name: 'Old', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('body.expiresAt');
  });

  it('cannot reach the administration, whatever their scopes', async () => {
    const created = await createToken({
      name: 'Script',
      scopes: ['read', 'catalog:write', 'invoices:read', 'invoices:write'],
      expiresAt: inAYear(),
    });
    const response = await request(harness.app)
      .get('/api/v1/admin/api-tokens')
      .set('authorization', `Bearer ${created.body.token}`);
    expect(response.status).toBe(403);
  });
});

describe('role mapping', () => {
  it('is edited by an administrator and applies at the next login', async () => {
    const current = (await admin.agent.get('/api/v1/admin/role-mappings')).body.mappings as {
      idpGroup: string;
      roles: string[];
    }[];
    expect(current).toContainEqual({ idpGroup: 'procura-buyers', roles: ['buyer'] });
    const updated = current.map((m) =>
      m.idpGroup === 'procura-buyers' ? { ...m, roles: ['buyer', 'auditor'] } : m,
    );
    const saved = await admin.agent
      .put('/api/v1/admin/role-mappings')
      .set('x-csrf-token', admin.csrfToken)
      .send({ mappings: updated });
    expect(saved.status).toBe(200);
    const buyer = await logIn(harness, demoPerson(demoUserEmails.buyer));
    expect(buyer.me.roles).toEqual(['auditor', 'buyer', 'employee']);
    await admin.agent
      .put('/api/v1/admin/role-mappings')
      .set('x-csrf-token', admin.csrfToken)
      .send({ mappings: current });
  });

  it('refuses a mapping that would leave nobody administrator, and changes nothing', async () => {
    const response = await admin.agent
      .put('/api/v1/admin/role-mappings')
      .set('x-csrf-token', admin.csrfToken)
      .send({ mappings: [{ idpGroup: 'procura-employees', roles: ['employee'] }] });
    expect(response.status).toBe(400);
    const after = (await admin.agent.get('/api/v1/admin/role-mappings')).body.mappings;
    expect(after.length).toBeGreaterThan(1);
  });

  it('refuses an unknown role and a group listed twice', async () => {
    const response = await admin.agent
      .put('/api/v1/admin/role-mappings')
      .set('x-csrf-token', admin.csrfToken)
      .send({ mappings: [{ idpGroup: 'a', roles: ['king'] }] });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.mappings.0.roles.0']);
    const twice = await admin.agent
      .put('/api/v1/admin/role-mappings')
      .set('x-csrf-token', admin.csrfToken)
      .send({
        mappings: [
          { idpGroup: 'a', roles: ['employee'] },
          { idpGroup: 'a', roles: ['administrator'] },
        ],
      });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'body.mappings', reason: 'each group appears once' }]);
  });
});

describe('delegation', () => {
  it('shows in /api/v1/me of both people, and in the delegate’s identity while in force', async () => {
    const manager = await logIn(harness, demoPerson(demoUserEmails.manager));
    const employee = await logIn(harness, demoPerson(demoUserEmails.employee));
    const today = calendarDate(new Date());
    const created = await manager.agent
      .post('/api/v1/me/delegations')
      .set('x-csrf-token', manager.csrfToken)
      .send({ delegateUserId: employee.me.userId, startsOn: today, endsOn: today });
    expect(created.status).toBe(201);

    const managerMe = (await manager.agent.get('/api/v1/me')).body;
    expect(managerMe.delegations.given).toHaveLength(1);
    const employeeMe = (await employee.agent.get('/api/v1/me')).body;
    expect(employeeMe.delegations.received[0].delegator.displayName).toBe(managerMe.displayName);
    expect(employeeMe.actingFor).toEqual([
      { userId: managerMe.userId, displayName: managerMe.displayName, endsOn: today },
    ]);

    const revoked = await manager.agent
      .post(`/api/v1/me/delegations/${created.body.id}/revoke`)
      .set('x-csrf-token', manager.csrfToken);
    expect(revoked.status).toBe(200);
    expect((await employee.agent.get('/api/v1/me')).body.actingFor).toEqual([]);
  });

  it('names the field that is wrong', async () => {
    const manager = await logIn(harness, demoPerson(demoUserEmails.manager));
    const response = await manager.agent
      .post('/api/v1/me/delegations')
      .set('x-csrf-token', manager.csrfToken)
      .send({ delegateUserId: manager.me.userId, startsOn: '2099-02-01', endsOn: '2099-01-01' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'body.delegateUserId', reason: 'nobody can delegate to themselves' },
      { field: 'body.endsOn', reason: 'must not be before startsOn' },
    ]);
  });
});

describe('the organisation announced to the other services', () => {
  const announced = (userId: string) =>
    harness.db
      .selectFrom('identity.outbox_event')
      .select(['payload'])
      .where('event_type', '=', 'identity.user.changed')
      .where('aggregate_id', '=', userId)
      .orderBy('occurred_at', 'desc')
      .execute();

  it('announces every demo person and cost centre, with manager, approval limit and cost centres', async () => {
    const manager = await harness.db
      .selectFrom('identity.app_user')
      .selectAll()
      .where('email', '=', demoUserEmails.manager)
      .executeTakeFirstOrThrow();
    const [event] = await announced(manager.id);
    expect(event?.payload).toMatchObject({
      userId: manager.id,
      email: demoUserEmails.manager,
      approvalLimit: manager.approval_limit,
      managerUserId: manager.manager_user_id,
      active: true,
    });
    const costCentres = await harness.db.selectFrom('identity.cost_centre').select('id').execute();
    const costCentreEvents = await harness.db
      .selectFrom('identity.outbox_event')
      .select('aggregate_id')
      .where('event_type', '=', 'identity.cost-centre.changed')
      .execute();
    expect(new Set(costCentreEvents.map((e) => e.aggregate_id))).toEqual(
      new Set(costCentres.map((c) => c.id)),
    );
  });

  it('announces a deactivation and a reactivation, in the same transaction as the change', async () => {
    const employee = await harness.db
      .selectFrom('identity.app_user')
      .select('id')
      .where('email', '=', demoUserEmails.employee)
      .executeTakeFirstOrThrow();
    const before = (await announced(employee.id)).length;
    const deactivate = await admin.agent
      .post(`/api/v1/admin/users/${employee.id}/deactivate`)
      .set('x-csrf-token', admin.csrfToken);
    expect(deactivate.status).toBe(204);
    expect((await announced(employee.id))[0]?.payload).toMatchObject({ userId: employee.id, active: false });
    const activate = await admin.agent
      .post(`/api/v1/admin/users/${employee.id}/activate`)
      .set('x-csrf-token', admin.csrfToken);
    expect(activate.status).toBe(204);
    const events = await announced(employee.id);
    expect(events).toHaveLength(before + 2);
    expect(events[0]?.payload).toMatchObject({ active: true });
  });
});

describe('authorization', () => {
  it('refuses every gateway route to every person without the role it declares', async () => {
    const people = await Promise.all(
      [demoUserEmails.employee, demoUserEmails.manager, demoUserEmails.buyer, demoUserEmails.accountant].map(
        (email) => logIn(harness, demoPerson(email)),
      ),
    );
    const routes = harness.app.locals.routes as DeclaredRoute[];
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const leaks: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:[A-Za-z]+/g, '6f1c2b7e-2f4d-4c55-9a51-8f0f8c1d2e3a');
      for (const person of people.filter((p) => !mayAccess(p.me as never, route.access))) {
        const response = await person.agent[route.method](path)
          .set('x-csrf-token', person.csrfToken)
          .send({});
        if (response.status !== 403)
          leaks.push(`${route.method} ${route.path} as ${person.me.displayName}: ${response.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
