// Logging in through a SAML IdP the gateway has never seen, and every way a response can be wrong.
// Each refusal must create no session and no user.
import type { IdentityDatabase } from '@procura/db';
import { demoUserEmails } from '@procura/demo-data';
import type { Kysely } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertionXml, buildResponse, newIdpKey } from './support/foreign-idp.js';
import {
  acsUrl,
  attributesOf,
  demoPerson,
  type Harness,
  idpEntityId,
  logIn,
  type Person,
  spEntityId,
  startHarness,
  startLogin,
  validResponse,
} from './support/harness.js';

let harness: Harness;
let db: Kysely<IdentityDatabase>;
const newcomer: Person = {
  email: 'camille.roux@altiva.example',
  displayName: 'Camille Roux',
  groups: ['procura-employees', 'Everyone'],
  entity: 'ALTIVA',
  costCentre: ['ALT-MKT'],
  manager: demoUserEmails.manager,
};

beforeAll(async () => {
  harness = await startHarness();
  db = harness.db;
});
afterAll(() => harness.close());

const sessionCount = async () =>
  Number(
    (
      await db
        .selectFrom('identity.session')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const userByEmail = (email: string) =>
  db.selectFrom('identity.app_user').selectAll().where('email', '=', email).executeTakeFirst();

/** Posts a response to the ACS and checks it was refused, with a reason and without a session. */
async function expectRefused(agent: ReturnType<typeof request.agent>, SAMLResponse: string, reason: RegExp) {
  const before = await sessionCount();
  const response = await agent
    .post('/auth/saml/callback')
    .type('form')
    .send({ SAMLResponse, RelayState: '/' });
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(response.body.code).toBe('saml_response_refused');
  expect(response.body.detail).toMatch(reason);
  expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(js|ts):\d+/); // no stack trace
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(await sessionCount()).toBe(before);
  expect((await agent.get('/api/v1/me')).status).toBe(401);
}

describe('single sign-on through a standard SAML 2.0 IdP', () => {
  it('publishes the service provider metadata', async () => {
    const response = await request(harness.app).get('/auth/saml/metadata');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/samlmetadata\+xml/);
    expect(response.text).toContain(`entityID="${spEntityId}"`);
    expect(response.text).toContain(`Location="${acsUrl}"`);
  });

  it('redirects to the IdP with a deflated AuthnRequest for this SP', async () => {
    const response = await request(harness.app).get('/auth/saml/login?returnTo=/catalog');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.location as string);
    expect(location.origin + location.pathname).toBe('https://idp.foreign.example/sso');
    expect(location.searchParams.get('RelayState')).toBe('/catalog');
  });

  it('refuses a returnTo that points to another host', async () => {
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await request(harness.app).get(
        `/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_return_path');
    }
  });

  it('provisions a newcomer at first login, with roles from the group mapping, and opens a session', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent, '/catalog?q=papier');
    const callback = await agent
      .post('/auth/saml/callback')
      .type('form')
      .send({ SAMLResponse: validResponse(harness, newcomer, requestId), RelayState: '/catalog?q=papier' });
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/catalog?q=papier');
    const cookie = String(callback.headers['set-cookie']);
    expect(cookie).toMatch(/procura\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in this test; https turns it on

    const me = await agent.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'user',
      email: newcomer.email,
      displayName: 'Camille Roux',
      roles: ['employee'],
    });
    expect(me.body.costCentreIds).toHaveLength(1);
    expect(me.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const user = await userByEmail(newcomer.email);
    expect(user?.idp_groups).toEqual(['procura-employees', 'Everyone']);
    expect(user?.manager_user_id).not.toBeNull();
  });

  it('brings the user up to date at the next login', async () => {
    const { me } = await logIn(harness, {
      ...newcomer,
      displayName: 'Camille Roux-Martin',
      groups: ['procura-employees', 'procura-buyers'],
    });
    expect(me.displayName).toBe('Camille Roux-Martin');
    expect(me.roles).toEqual(['buyer', 'employee']);
    const users = await db
      .selectFrom('identity.app_user')
      .select('id')
      .where('email', '=', newcomer.email)
      .execute();
    expect(users).toHaveLength(1);
    // Purchasing learns of the change through the outbox: the whole record, as of this login.
    const [announced] = await db
      .selectFrom('identity.outbox_event')
      .select('payload')
      .where('event_type', '=', 'identity.user.changed')
      .where('aggregate_id', '=', users[0]?.id ?? '')
      .orderBy('occurred_at', 'desc')
      .limit(1)
      .execute();
    const manager = await userByEmail(demoUserEmails.manager);
    expect(announced?.payload).toMatchObject({
      displayName: 'Camille Roux-Martin',
      roles: ['buyer', 'employee'],
      managerUserId: manager?.id,
      active: true,
    });
    expect(announced?.payload.costCentreIds).toHaveLength(1);
  });

  it('sends a tampered RelayState home rather than to another host', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const callback = await agent
      .post('/auth/saml/callback')
      .type('form')
      .send({ SAMLResponse: validResponse(harness, newcomer, requestId), RelayState: '//evil.example/' });
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/');
  });

  it('accepts a NotBefore a little ahead of our clock, within the allowed skew', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const SAMLResponse = validResponse(harness, newcomer, requestId, {
      notBefore: new Date(Date.now() + 10_000),
    });
    const callback = await agent.post('/auth/saml/callback').type('form').send({ SAMLResponse });
    expect(callback.status).toBe(303);
  });
});

describe('refused responses', () => {
  it('an unsigned response', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, { signAssertionWith: null, signResponseWith: null }),
      /signature/i,
    );
  });

  it('a response whose assertion is not signed, though the response is', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, { signAssertionWith: null }),
      /signature|signed/i,
    );
  });

  it('a response and assertion signed by another key', async () => {
    const intruder = await newIdpKey();
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, {
        signAssertionWith: intruder,
        signResponseWith: intruder,
      }),
      /signature/i,
    );
  });

  it('an attribute changed after signing', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const tampered = validResponse(harness, newcomer, requestId, {
      afterSigning: (xml) => xml.replace('>procura-employees<', '>procura-administrators<'),
    });
    await expectRefused(agent, tampered, /signature/i);
    expect((await userByEmail(newcomer.email))?.roles).not.toContain('administrator');
  });

  it('signature wrapping: an unsigned assertion for an administrator beside the signed one', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const evil = assertionXml({
      assertionId: '_evil',
      idpEntityId,
      inResponseTo: requestId,
      destination: acsUrl,
      audience: spEntityId,
      nameId: demoUserEmails.administrator,
      attributes: attributesOf(demoPerson(demoUserEmails.administrator)),
    });
    const wrapped = buildResponse(
      {
        idpEntityId,
        inResponseTo: requestId,
        destination: acsUrl,
        audience: spEntityId,
        nameId: newcomer.email,
        attributes: attributesOf(newcomer),
        signAssertionWith: harness.idpKey,
      },
      evil,
    );
    await expectRefused(agent, wrapped, /assertion|signature/i);
  });

  it('a wrong Audience', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, { audience: 'https://another-sp.example' }),
      /audience/i,
    );
  });

  it('a wrong Destination', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, {
        destination: 'https://another-sp.example/acs',
        recipient: acsUrl,
      }),
      /Destination/,
    );
  });

  it('a wrong Recipient', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, { recipient: 'https://another-sp.example/acs' }),
      /Recipient/,
    );
  });

  it('a NotBefore in the future beyond the clock skew', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, { notBefore: new Date(Date.now() + 5 * 60_000) }),
      /not yet valid|NotBefore|clock/i,
    );
  });

  it('a NotOnOrAfter in the past beyond the clock skew', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const past = new Date(Date.now() - 5 * 60_000);
    await expectRefused(
      agent,
      validResponse(harness, newcomer, requestId, {
        notBefore: new Date(past.getTime() - 60_000),
        notOnOrAfter: past,
      }),
      /expired|NotOnOrAfter|clock|no valid subject confirmation/i,
    );
  });

  it('the same assertion posted twice (replay), even by another browser', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    const SAMLResponse = validResponse(harness, newcomer, requestId);
    expect((await agent.post('/auth/saml/callback').type('form').send({ SAMLResponse })).status).toBe(303);
    await expectRefused(request.agent(harness.app), SAMLResponse, /InResponseTo|already used/);
  });

  it('an InResponseTo this SP never issued', async () => {
    const agent = request.agent(harness.app);
    await startLogin(agent);
    await expectRefused(agent, validResponse(harness, newcomer, '_never-issued'), /InResponseTo/);
  });

  it('an unsolicited response (no InResponseTo), unless enabled', async () => {
    await expectRefused(
      request.agent(harness.app),
      validResponse(harness, newcomer, undefined),
      /InResponseTo/,
    );
  });

  it('an oversized SAMLResponse', async () => {
    await expectRefused(request.agent(harness.app), 'A'.repeat(300 * 1024), /too large/);
  });

  it('a malformed SAMLResponse', async () => {
    await expectRefused(request.agent(harness.app), '<not-base64>', /not base64/);
    await expectRefused(request.agent(harness.app), Buffer.from('<samlp:Response').toString('base64'), /.+/);
    await expectRefused(request.agent(harness.app), '', /no SAMLResponse/);
  });

  it('a valid assertion for a deactivated user', async () => {
    await db
      .updateTable('identity.app_user')
      .set({ active: false })
      .where('email', '=', demoUserEmails.accountant)
      .execute();
    try {
      const agent = request.agent(harness.app);
      const requestId = await startLogin(agent);
      await expectRefused(
        agent,
        validResponse(harness, demoPerson(demoUserEmails.accountant), requestId),
        /deactivated/,
      );
    } finally {
      await db
        .updateTable('identity.app_user')
        .set({ active: true })
        .where('email', '=', demoUserEmails.accountant)
        .execute();
    }
  });

  it('a user whose groups map to no Procura role', async () => {
    const agent = request.agent(harness.app);
    const requestId = await startLogin(agent);
    await expectRefused(
      agent,
      validResponse(
        harness,
        { ...newcomer, email: 'visitor@altiva.example', groups: ['Everyone'] },
        requestId,
      ),
      /no Procura role/,
    );
    expect(await userByEmail('visitor@altiva.example')).toBeUndefined();
  });
});

describe('unsolicited responses when explicitly enabled', () => {
  it('accepts an IdP-initiated login', async () => {
    const permissive = await startHarness({ SAML_ALLOW_UNSOLICITED: 'true' });
    try {
      const agent = request.agent(permissive.app);
      const callback = await agent
        .post('/auth/saml/callback')
        .type('form')
        .send({ SAMLResponse: validResponse(permissive, demoPerson(demoUserEmails.employee), undefined) });
      expect(callback.status).toBe(303);
      expect((await agent.get('/api/v1/me')).body.email).toBe(demoUserEmails.employee);
    } finally {
      await permissive.close();
    }
  });

  it('still refuses the same unsolicited assertion posted twice', async () => {
    const permissive = await startHarness({ SAML_ALLOW_UNSOLICITED: 'true' });
    try {
      const SAMLResponse = validResponse(permissive, demoPerson(demoUserEmails.employee), undefined);
      expect(
        (await request(permissive.app).post('/auth/saml/callback').type('form').send({ SAMLResponse }))
          .status,
      ).toBe(303);
      const replay = await request(permissive.app)
        .post('/auth/saml/callback')
        .type('form')
        .send({ SAMLResponse });
      expect(replay.status).toBe(400);
      expect(replay.body.detail).toMatch(/already used \(replay\)/);
    } finally {
      await permissive.close();
    }
  });
});

describe('an SP key pair, when configured', () => {
  it('signs the AuthnRequests and publishes its certificate in the metadata', async () => {
    const spKey = await newIdpKey();
    const signing = await startHarness({
      SAML_SP_PRIVATE_KEY: spKey.privateKeyPem,
      SAML_SP_CERT: spKey.certPem,
    });
    try {
      const login = await request(signing.app).get('/auth/saml/login');
      const location = new URL(login.headers.location as string);
      expect(location.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      expect(location.searchParams.get('Signature')).toBeTruthy();
      const metadata = (await request(signing.app).get('/auth/saml/metadata')).text;
      expect(metadata).toContain('AuthnRequestsSigned="true"');
      const body = spKey.certPem.replace(/-----[A-Z ]+-----|\s/g, '');
      expect(metadata.replace(/\s/g, '')).toContain(body);
    } finally {
      await signing.close();
    }
  });
});
