import { demoUserEmails, demoUsers } from '@procura/demo-data';
import type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../src/app.js';
import { createIdentityProvider, warmUpSchemaValidator } from '../src/identity-provider.js';
import { loadOrCreateKeyMaterial } from '../src/key-material.js';
import {
  autoPostForm,
  idpFromMetadata,
  idpPublicUrl,
  loginChoices,
  pathOf,
  redirectMessage,
  removeTemporaryDirectories,
  spSettings,
  type TestIdp,
  temporaryDirectory,
  testIdp,
  testServiceProvider,
} from './support/service-provider.js';

afterAll(removeTemporaryDirectories);

type Agent = ReturnType<typeof request.agent>;

const buyer = demoUsers.find((user) => user.email === demoUserEmails.buyer);
if (!buyer) throw new Error('no demo buyer');

let t: TestIdp;
let idpView: IdentityProviderInstance;
let sp: ServiceProviderInstance;

beforeAll(async () => {
  await warmUpSchemaValidator();
  t = await testIdp();
  idpView = idpFromMetadata(t.idp.metadataXml);
  sp = testServiceProvider();
});

/** Signs the agent in as the buyer; returns the session index the SP learnt from the assertion. */
async function signIn(agent: Agent): Promise<{ sessionIndex: string; cookie: string }> {
  const { context } = sp.createLoginRequest(idpView, 'redirect');
  const { pendingId } = loginChoices((await agent.get(pathOf(context))).text);
  const login = await agent.post('/login').type('form').send({ request: pendingId, user: buyer?.id });
  const { extract } = await sp.parseLoginResponse(idpView, 'post', {
    body: { SAMLResponse: autoPostForm(login.text).fields.SAMLResponse },
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  return { sessionIndex: String(extract.sessionIndex?.sessionIndex), cookie };
}

async function showsLoginPage(agent: Agent): Promise<boolean> {
  const { context } = sp.createLoginRequest(idpView, 'redirect');
  return (await agent.get(pathOf(context))).text.includes('name="request"');
}

describe('SP-initiated logout (GET /slo with a LogoutRequest)', () => {
  it('ends the IdP session and redirects to the SP with a signed LogoutResponse', async () => {
    const agent = request.agent(t.app);
    const { sessionIndex, cookie } = await signIn(agent);
    expect(await showsLoginPage(agent)).toBe(false);

    const logoutRequest = sp.createLogoutRequest(
      idpView,
      'redirect',
      { logoutNameID: buyer.email, sessionIndex },
      { relayState: 'https://procura.test/goodbye' },
    );
    const response = await agent.get(pathOf(logoutRequest.context));
    expect(response.status).toBe(302);
    expect(String(response.headers['set-cookie'])).toMatch(
      new RegExp(`${sessionCookieName}=;.*Expires=Thu, 01 Jan 1970`, 'i'),
    );

    const location = String(response.headers.location);
    expect(location.startsWith(`${spSettings.sloUrl}?SAMLResponse=`)).toBe(true);
    const message = redirectMessage(location);
    expect(message.query.RelayState).toBe('https://procura.test/goodbye');
    expect(message.query.SigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    // The SP wants signed logout responses: samlify verifies the signature, the issuer and the status.
    const { extract } = await sp.parseLogoutResponse(idpView, 'redirect', message);
    expect(extract.issuer).toBe(`${idpPublicUrl}/metadata`);
    expect(extract.response).toMatchObject({
      inResponseTo: logoutRequest.id,
      destination: spSettings.sloUrl,
    });

    // The session is over: for this browser, and for the old cookie should it be presented again.
    expect(await showsLoginPage(agent)).toBe(true);
    const { context } = sp.createLoginRequest(idpView, 'redirect');
    expect((await request(t.app).get(pathOf(context)).set('cookie', cookie)).text).toContain(
      'name="request"',
    );
  });

  it('sends a LogoutResponse that does not verify against another certificate', async () => {
    const agent = request.agent(t.app);
    const { sessionIndex } = await signIn(agent);
    const { context } = sp.createLogoutRequest(idpView, 'redirect', {
      logoutNameID: buyer.email,
      sessionIndex,
    });
    const location = String((await agent.get(pathOf(context))).headers.location);
    const impostor = createIdentityProvider({
      publicUrl: idpPublicUrl,
      keyMaterial: await loadOrCreateKeyMaterial(await temporaryDirectory()),
      sp: spSettings,
    });
    await expect(
      sp.parseLogoutResponse(idpFromMetadata(impostor.metadataXml), 'redirect', redirectMessage(location)),
    ).rejects.toThrow();
  });

  it('refuses a LogoutRequest from another issuer with 400 and keeps the session', async () => {
    const agent = request.agent(t.app);
    const { sessionIndex } = await signIn(agent);
    const intruder = testServiceProvider({ entityId: 'https://intruder.test/saml/metadata' });
    const { context } = intruder.createLogoutRequest(idpView, 'redirect', {
      logoutNameID: buyer.email,
      sessionIndex,
    });
    const response = await agent.get(pathOf(context));
    expect(response.status).toBe(400);
    expect(response.text).toContain('not by the configured service provider');
    expect(await showsLoginPage(agent)).toBe(false);
  });

  it('verifies a signed LogoutRequest when it knows the SP certificate', async () => {
    const spKeys = await loadOrCreateKeyMaterial(await temporaryDirectory());
    const strict = await testIdp({ spSigningCertPem: spKeys.certificatePem });
    const strictView = idpFromMetadata(strict.idp.metadataXml, { wantLogoutRequestSigned: true });
    const signingSp = testServiceProvider({
      privateKeyPem: spKeys.privateKeyPem,
      certificatePem: spKeys.certificatePem,
    });
    const { context } = signingSp.createLogoutRequest(
      strictView,
      'redirect',
      { logoutNameID: buyer.email, sessionIndex: '_any' },
      { relayState: 'signed' },
    );
    expect(new URL(context).searchParams.get('Signature')).toBeTruthy();
    expect((await request(strict.app).get(pathOf(context))).status).toBe(302);
    const tampered = await request(strict.app).get(
      pathOf(context).replace('RelayState=signed', 'RelayState=forged'),
    );
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('does not verify');
  });
});

describe('IdP-initiated logout (POST /logout)', () => {
  it('ends the IdP session, sends the SP a signed LogoutRequest, and says so once the SP answers', async () => {
    const agent = request.agent(t.app);
    const { sessionIndex, cookie } = await signIn(agent);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Sophie Garnier');
    expect(home.text).toContain('<form method="post" action="logout">');

    const response = await agent.post('/logout');
    expect(response.status).toBe(303);
    expect(String(response.headers['set-cookie'])).toMatch(new RegExp(`${sessionCookieName}=;`));
    const location = String(response.headers.location);
    expect(location.startsWith(`${spSettings.sloUrl}?SAMLRequest=`)).toBe(true);

    // The SP wants signed logout requests: samlify verifies the HTTP-Redirect signature.
    const logoutRequest = await sp.parseLogoutRequest(idpView, 'redirect', redirectMessage(location));
    expect(logoutRequest.sigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(logoutRequest.extract.issuer).toBe(`${idpPublicUrl}/metadata`);
    expect(logoutRequest.extract.nameID).toBe(buyer.email);
    expect(logoutRequest.extract.sessionIndex).toBe(sessionIndex);
    expect(await showsLoginPage(agent)).toBe(true);
    expect((await agent.get('/')).text).toContain('Nobody is signed in');
    expect((await request(t.app).get('/').set('cookie', cookie)).text).toContain('Nobody is signed in');

    // The SP ends its session and answers with a LogoutResponse.
    const { context } = sp.createLogoutResponse(idpView, { extract: logoutRequest.extract }, 'redirect');
    expect(context.startsWith(`${idpPublicUrl}/slo?SAMLResponse=`)).toBe(true);
    const done = await agent.get(pathOf(context));
    expect(done.status).toBe(200);
    expect(done.text).toContain('Vous êtes déconnecté');
    expect(done.text).toContain('You are logged out');
    // It answered one logout only.
    expect((await agent.get(pathOf(context))).status).toBe(400);
  });

  it('refuses a LogoutResponse to a logout it never asked for', async () => {
    const { context } = sp.createLogoutResponse(
      idpView,
      { extract: { request: { id: '_never-sent' } } },
      'redirect',
    );
    const response = await request(t.app).get(pathOf(context));
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('You are logged out');
  });
});
