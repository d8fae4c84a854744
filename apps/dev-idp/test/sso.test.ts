import { demoUserEmails, demoUsers } from '@procura/demo-data';
import samlify, { type IdentityProviderInstance, type ServiceProviderInstance } from 'samlify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingRequestLifetimeMs, sessionCookieName } from '../src/app.js';
import { createIdentityProvider, warmUpSchemaValidator } from '../src/identity-provider.js';
import { loadOrCreateKeyMaterial } from '../src/key-material.js';
import { escapeHtml } from '../src/pages.js';
import {
  autoPostForm,
  emailFormat,
  idpFromMetadata,
  idpPublicUrl,
  loginChoices,
  pathOf,
  removeTemporaryDirectories,
  spSettings,
  type TestIdp,
  temporaryDirectory,
  testIdp,
  testServiceProvider,
} from './support/service-provider.js';

afterAll(removeTemporaryDirectories);

type Agent = ReturnType<typeof request.agent>;

function demoUser(email: string) {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user;
}

const buyer = demoUser(demoUserEmails.buyer);
const manager = demoUser(demoUserEmails.manager);

let t: TestIdp;
let idpView: IdentityProviderInstance;
let sp: ServiceProviderInstance;

beforeAll(async () => {
  await warmUpSchemaValidator();
  t = await testIdp();
  idpView = idpFromMetadata(t.idp.metadataXml);
  sp = testServiceProvider();
});

/** The SP sends the browser to GET /sso with an AuthnRequest (HTTP-Redirect binding). */
async function sendAuthnRequest(agent: Agent, options: { relayState?: string; forceAuthn?: boolean } = {}) {
  const { id, context } = sp.createLoginRequest(idpView, 'redirect', {
    relayState: options.relayState ?? 'https://procura.test/requests/42',
    ...(options.forceAuthn ? { forceAuthn: true } : {}),
  });
  return { requestId: id, response: await agent.get(pathOf(context)) };
}

/** AuthnRequest, login page, choice of user: the form the IdP answers with. */
async function signIn(agent: Agent, userId: string, relayState?: string) {
  const { requestId, response } = await sendAuthnRequest(agent, relayState ? { relayState } : {});
  const { pendingId } = loginChoices(response.text);
  const login = await agent.post('/login').type('form').send({ request: pendingId, user: userId });
  expect(login.status).toBe(200);
  const form = autoPostForm(login.text);
  const samlResponse = form.fields.SAMLResponse ?? '';
  return { requestId, login, form, samlResponse, xml: Buffer.from(samlResponse, 'base64').toString('utf8') };
}

describe('SP-initiated sign-in (HTTP-Redirect AuthnRequest, HTTP-POST response)', () => {
  it('shows the six demo users, then posts a signed response for the chosen one to the ACS', async () => {
    const agent = request.agent(t.app);
    const { requestId, response } = await sendAuthnRequest(agent, {
      relayState: 'https://procura.test/orders',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain(
      escapeHtml("fournisseur d'identité de développement / development identity provider"),
    );
    const { pendingId, userIds } = loginChoices(response.text);
    expect(userIds).toEqual(demoUsers.map((user) => user.id));
    for (const user of demoUsers) {
      expect(response.text).toContain(escapeHtml(user.displayName));
      expect(response.text).toContain(user.email);
    }

    const login = await agent.post('/login').type('form').send({ request: pendingId, user: buyer.id });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toContain(`${sessionCookieName}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const form = autoPostForm(login.text);
    expect(form.action).toBe(spSettings.acsUrl);
    expect(form.fields.RelayState).toBe('https://procura.test/orders');
    expect(login.text).toMatch(/<script nonce="[^"]+">document\.forms\[0\]\.submit\(\);<\/script>/);

    // What the gateway does: parse and verify against the certificate in the IdP metadata.
    const { extract, samlContent } = await sp.parseLoginResponse(idpView, 'post', {
      body: { SAMLResponse: form.fields.SAMLResponse },
    });
    expect(extract.issuer).toBe(`${idpPublicUrl}/metadata`);
    expect(extract.response).toMatchObject({ inResponseTo: requestId, destination: spSettings.acsUrl });
    expect(extract.audience).toBe(spSettings.entityId);
    expect(extract.nameID).toBe(buyer.email);
    expect(extract.sessionIndex?.sessionIndex).toMatch(/^_[0-9a-f-]{36}$/);
    expect(extract.attributes).toEqual({
      email: 'sophie.garnier@altiva.example',
      displayName: 'Sophie Garnier',
      groups: ['procura-employees', 'procura-buyers'],
      costCentre: 'ALT-SG',
      manager: 'julien.lefevre@altiva.example',
      entity: 'ALTIVA',
      locale: 'fr',
    });

    const subject = samlify.Extractor.extract(samlContent, [
      {
        key: 'nameIdFormat',
        localPath: ['Response', 'Assertion', 'Subject', 'NameID'],
        attributes: ['Format'],
      },
      {
        key: 'confirmation',
        localPath: ['Response', 'Assertion', 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'],
        attributes: ['Recipient', 'InResponseTo', 'NotOnOrAfter'],
      },
    ]);
    expect(subject.nameIdFormat).toBe(emailFormat);
    expect(subject.confirmation).toMatchObject({ recipient: spSettings.acsUrl, inResponseTo: requestId });
    const notBefore = Date.parse(String(extract.conditions?.notBefore));
    const notOnOrAfter = Date.parse(String(extract.conditions?.notOnOrAfter));
    expect(notBefore).toBeLessThan(Date.now() - 30_000);
    expect(notOnOrAfter).toBeGreaterThan(Date.now() + 60_000);
    expect(
      Date.parse(
        String(subject.confirmation && (subject.confirmation as Record<string, string>).notOnOrAfter),
      ),
    ).toBe(notOnOrAfter);
  });

  it('carries several values for multi-valued attributes, and the manager’s e-mail', async () => {
    const { samlResponse } = await signIn(request.agent(t.app), manager.id);
    const { extract } = await sp.parseLoginResponse(idpView, 'post', {
      body: { SAMLResponse: samlResponse },
    });
    expect(extract.attributes).toEqual({
      email: 'julien.lefevre@altiva.example',
      displayName: 'Julien Lefèvre',
      groups: ['procura-employees', 'procura-managers'],
      costCentre: ['ALT-MKT', 'ALT-IT', 'ALT-RH', 'ALT-SG'],
      manager: 'claire.dubois@altiva.example',
      entity: 'ALTIVA',
      locale: 'fr',
    });
  });

  it('signs both the Response and the Assertion, RSA-SHA256 with exclusive canonicalisation', async () => {
    const { xml, samlResponse } = await signIn(request.agent(t.app), buyer.id);
    const signatureOf = (path: string[]) =>
      samlify.Extractor.extract(xml, [
        {
          key: 'reference',
          localPath: [...path, 'Signature', 'SignedInfo', 'Reference'],
          attributes: ['URI'],
        },
        {
          key: 'method',
          localPath: [...path, 'Signature', 'SignedInfo', 'SignatureMethod'],
          attributes: ['Algorithm'],
        },
        {
          key: 'c14n',
          localPath: [...path, 'Signature', 'SignedInfo', 'CanonicalizationMethod'],
          attributes: ['Algorithm'],
        },
        { key: 'id', localPath: path, attributes: ['ID'] },
      ]);
    for (const signature of [signatureOf(['Response']), signatureOf(['Response', 'Assertion'])]) {
      expect(signature.reference).toBe(`#${signature.id}`);
      expect(signature.method).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      expect(signature.c14n).toBe('http://www.w3.org/2001/10/xml-exc-c14n#');
    }
    // The Assertion's own signature holds without the Response's.
    const responseSignature =
      /^(<samlp:Response[^>]*><saml:Issuer>[^<]*<\/saml:Issuer>)(<ds:Signature[\s\S]*?<\/ds:Signature>)/;
    expect(xml).toMatch(responseSignature);
    const assertionOnly = Buffer.from(xml.replace(responseSignature, '$1')).toString('base64');
    await expect(
      sp.parseLoginResponse(idpView, 'post', { body: { SAMLResponse: assertionOnly } }),
    ).resolves.toBeDefined();
    expect(samlResponse).not.toBe(assertionOnly);
  });

  it('does not verify against another certificate', async () => {
    const { samlResponse } = await signIn(request.agent(t.app), buyer.id);
    const impostor = createIdentityProvider({
      publicUrl: idpPublicUrl,
      keyMaterial: await loadOrCreateKeyMaterial(await temporaryDirectory()),
      sp: spSettings,
    });
    await expect(
      sp.parseLoginResponse(idpFromMetadata(impostor.metadataXml), 'post', {
        body: { SAMLResponse: samlResponse },
      }),
    ).rejects.toThrow();
    // …while the real metadata accepts the very same response.
    await expect(
      sp.parseLoginResponse(idpView, 'post', { body: { SAMLResponse: samlResponse } }),
    ).resolves.toBeDefined();
  });

  it('accepts the AuthnRequest with the HTTP-POST binding too', async () => {
    const agent = request.agent(t.app);
    const posted = sp.createLoginRequest(idpView, 'post', { relayState: 'posted' });
    if (!('relayState' in posted)) throw new Error('expected a POST binding context');
    const page = await agent
      .post('/sso')
      .type('form')
      .send({ SAMLRequest: posted.context, RelayState: 'posted' });
    expect(page.status).toBe(200);
    const login = await agent
      .post('/login')
      .type('form')
      .send({ request: loginChoices(page.text).pendingId, user: buyer.id });
    const form = autoPostForm(login.text);
    expect(form.fields.RelayState).toBe('posted');
    const { extract } = await sp.parseLoginResponse(idpView, 'post', {
      body: { SAMLResponse: form.fields.SAMLResponse },
    });
    expect(extract.response?.inResponseTo).toBe(posted.id);
  });
});

describe('the IdP session', () => {
  it('answers the next AuthnRequest at once, without the login page, while the browser has it', async () => {
    const agent = request.agent(t.app);
    const first = await signIn(agent, buyer.id);
    const firstSession = (
      await sp.parseLoginResponse(idpView, 'post', { body: { SAMLResponse: first.samlResponse } })
    ).extract.sessionIndex?.sessionIndex;

    const { requestId, response } = await sendAuthnRequest(agent, { relayState: 'again' });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('name="request"');
    const form = autoPostForm(response.text);
    expect(form.action).toBe(spSettings.acsUrl);
    expect(form.fields.RelayState).toBe('again');
    const { extract } = await sp.parseLoginResponse(idpView, 'post', {
      body: { SAMLResponse: form.fields.SAMLResponse },
    });
    expect(extract.response?.inResponseTo).toBe(requestId);
    expect(extract.nameID).toBe(buyer.email);
    expect(extract.sessionIndex?.sessionIndex).toBe(firstSession);

    // Another browser, without the cookie, is asked to choose.
    const elsewhere = await sendAuthnRequest(request.agent(t.app));
    expect(loginChoices(elsewhere.response.text).userIds).toHaveLength(demoUsers.length);
  });

  it('shows the login page again when the SP forces authentication', async () => {
    const agent = request.agent(t.app);
    await signIn(agent, buyer.id);
    const { response } = await sendAuthnRequest(agent, { forceAuthn: true });
    expect(loginChoices(response.text).userIds).toHaveLength(demoUsers.length);
  });
});

describe('choosing a user', () => {
  it('refuses an unknown pending request with 400', async () => {
    const response = await request(t.app)
      .post('/login')
      .type('form')
      .send({ request: 'nope', user: buyer.id });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Unknown or expired sign-in request');
  });

  it('refuses a pending request older than 10 minutes with 400', async () => {
    const clocked = await testIdp();
    const agent = request.agent(clocked.app);
    const { context } = sp.createLoginRequest(idpFromMetadata(clocked.idp.metadataXml), 'redirect');
    const { pendingId } = loginChoices((await agent.get(pathOf(context))).text);
    clocked.advance(pendingRequestLifetimeMs + 1_000);
    const response = await agent.post('/login').type('form').send({ request: pendingId, user: buyer.id });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Unknown or expired sign-in request');
  });

  it('accepts a pending request only once', async () => {
    const agent = request.agent(t.app);
    const { response } = await sendAuthnRequest(agent);
    const { pendingId } = loginChoices(response.text);
    const choose = () => agent.post('/login').type('form').send({ request: pendingId, user: buyer.id });
    expect((await choose()).status).toBe(200);
    expect((await choose()).status).toBe(400);
  });

  it('refuses a user who is not a demo user with 400', async () => {
    const agent = request.agent(t.app);
    const { response } = await sendAuthnRequest(agent);
    const { pendingId } = loginChoices(response.text);
    const refused = await agent.post('/login').type('form').send({ request: pendingId, user: 'someone' });
    expect(refused.status).toBe(400);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });
});

describe('checking the AuthnRequest', () => {
  it('refuses an AuthnRequest from another issuer with 400', async () => {
    const intruder = testServiceProvider({ entityId: 'https://intruder.test/saml/metadata' });
    const { context } = intruder.createLoginRequest(idpView, 'redirect');
    const response = await request(t.app).get(pathOf(context));
    expect(response.status).toBe(400);
    expect(response.text).toContain('not by the configured service provider');
    expect(response.text).not.toContain('name="request"');
  });

  it('refuses an AuthnRequest asking for another assertion consumer service with 400', async () => {
    const elsewhere = samlify.ServiceProvider({
      entityID: spSettings.entityId,
      assertionConsumerService: [
        { Binding: samlify.Constants.namespace.binding.post, Location: 'https://evil.test/acs' },
      ],
    });
    const response = await request(t.app).get(
      pathOf(elsewhere.createLoginRequest(idpView, 'redirect').context),
    );
    expect(response.status).toBe(400);
    expect(response.text).toContain('https://evil.test/acs');
  });

  it('refuses what is not a schema-valid AuthnRequest, or no AuthnRequest at all, with 400', async () => {
    const { context } = sp.createLoginRequest(idpView, 'redirect', {
      customTagReplacement: () => ({
        id: '_invalid',
        // Version and IssueInstant are required by the SAML protocol schema.
        context:
          '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
          'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_invalid">' +
          `<saml:Issuer>${spSettings.entityId}</saml:Issuer></samlp:AuthnRequest>`,
      }),
    });
    expect((await request(t.app).get(pathOf(context))).status).toBe(400);
    expect((await request(t.app).get('/sso')).status).toBe(400);
    expect((await request(t.app).get('/sso?SAMLRequest=bm90IHNhbWw%3D')).status).toBe(400);
  });

  it('validates against the schemas without leaving listeners behind on the process or stdout', async () => {
    // node-xmllint adds an 'uncaughtException' listener and a stdout 'drain' listener that calls
    // process.exit at every run; the IdP removes them.
    const exceptionListeners = process.listenerCount('uncaughtException');
    const drainListeners = process.stdout.listenerCount('drain');
    for (let i = 0; i < 3; i++) {
      const { context } = sp.createLoginRequest(idpView, 'redirect');
      expect((await request(t.app).get(pathOf(context))).status).toBe(200);
    }
    expect(process.listenerCount('uncaughtException')).toBe(exceptionListeners);
    expect(process.stdout.listenerCount('drain')).toBe(drainListeners);
  });

  it('verifies signed AuthnRequests when it knows the SP certificate, and refuses a bad signature', async () => {
    const spKeys = await loadOrCreateKeyMaterial(await temporaryDirectory());
    const strict = await testIdp({ spSigningCertPem: spKeys.certificatePem });
    // samlify signs AuthnRequests only for an IdP that asks for it: this SP's copy of the metadata does.
    const strictView = idpFromMetadata(
      strict.idp.metadataXml.replace('WantAuthnRequestsSigned="false"', 'WantAuthnRequestsSigned="true"'),
    );
    const signingSp = testServiceProvider({
      privateKeyPem: spKeys.privateKeyPem,
      certificatePem: spKeys.certificatePem,
      signRequests: true,
    });
    const { context } = signingSp.createLoginRequest(strictView, 'redirect', { relayState: 'signed' });
    expect(new URL(context).searchParams.get('SigAlg')).toBe(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    expect((await request(strict.app).get(pathOf(context))).status).toBe(200);

    const tampered = pathOf(context).replace('RelayState=signed', 'RelayState=tampered');
    const refused = await request(strict.app).get(tampered);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('does not verify');
  });
});
