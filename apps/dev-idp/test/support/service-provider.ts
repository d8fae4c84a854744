// The other side of the tests: a SAML service provider built with samlify from the IdP's metadata,
// standing in for Procura's gateway, plus small helpers to read what the IdP answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import samlify, { type IdentityProviderInstance, type ServiceProviderInstance } from 'samlify';
import { createApp } from '../../src/app.js';
import { createIdentityProvider, type DevIdentityProvider } from '../../src/identity-provider.js';
import { type KeyMaterial, loadOrCreateKeyMaterial } from '../../src/key-material.js';

// Importing the IdP module registered samlify's schema validator (node-xmllint) for this side too.

export const { Constants } = samlify;
export const postBinding = Constants.namespace.binding.post;
export const redirectBinding = Constants.namespace.binding.redirect;
export const emailFormat = Constants.namespace.format.emailAddress;

export const idpPublicUrl = 'http://idp.test';

export const spSettings = {
  entityId: 'https://procura.test/auth/saml/metadata',
  acsUrl: 'https://procura.test/auth/saml/acs',
  sloUrl: 'https://procura.test/auth/saml/slo',
};

const temporaryDirectories: string[] = [];

export async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'procura-dev-idp-'));
  temporaryDirectories.push(directory);
  return directory;
}

/** For `afterAll`: removes the directories `temporaryDirectory` made in this test file. */
export async function removeTemporaryDirectories(): Promise<void> {
  const directories = temporaryDirectories.splice(0);
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
}

let sharedKeyMaterial: Promise<KeyMaterial> | undefined;

/** One key pair per test file is enough; generating RSA keys takes a moment. */
export function testKeyMaterial(): Promise<KeyMaterial> {
  sharedKeyMaterial ??= temporaryDirectory().then(loadOrCreateKeyMaterial);
  return sharedKeyMaterial;
}

export interface TestIdp {
  idp: DevIdentityProvider;
  app: ReturnType<typeof createApp>;
  /** Moves the IdP's clock. */
  advance(ms: number): void;
}

export async function testIdp(options: { spSigningCertPem?: string } = {}): Promise<TestIdp> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const idp = createIdentityProvider({
    publicUrl: idpPublicUrl,
    keyMaterial: await testKeyMaterial(),
    sp: { ...spSettings, ...(options.spSigningCertPem ? { signingCertPem: options.spSigningCertPem } : {}) },
    now,
  });
  const app = createApp({ identityProvider: idp, logger: pino({ level: 'silent' }), now });
  return {
    idp,
    app,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** The gateway's view of the IdP: built from the published metadata only. */
export function idpFromMetadata(
  metadataXml: string,
  settings: { wantLogoutRequestSigned?: boolean } = {},
): IdentityProviderInstance {
  return samlify.IdentityProvider({ metadata: metadataXml, ...settings });
}

export function testServiceProvider(
  options: {
    entityId?: string;
    privateKeyPem?: string;
    certificatePem?: string;
    signRequests?: boolean;
  } = {},
): ServiceProviderInstance {
  return samlify.ServiceProvider({
    entityID: options.entityId ?? spSettings.entityId,
    assertionConsumerService: [{ Binding: postBinding, Location: spSettings.acsUrl }],
    singleLogoutService: [{ Binding: redirectBinding, Location: spSettings.sloUrl }],
    nameIDFormat: [emailFormat],
    wantAssertionsSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    authnRequestsSigned: options.signRequests ?? false,
    ...(options.privateKeyPem ? { privateKey: options.privateKeyPem } : {}),
    ...(options.certificatePem ? { signingCert: options.certificatePem } : {}),
  });
}

/** Path and query of an absolute URL, for supertest. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** The query of a redirect as samlify's parsers want it: decoded values, and the signed octets. */
export function redirectMessage(url: string): { query: Record<string, string>; octetString: string } {
  const parsed = new URL(url);
  const raw = parsed.search.slice(1).split('&');
  const pick = (name: string) => raw.find((pair) => pair.startsWith(`${name}=`));
  const octetString = [pick('SAMLRequest') ?? pick('SAMLResponse'), pick('RelayState'), pick('SigAlg')]
    .filter((pair) => pair !== undefined)
    .join('&');
  return { query: Object.fromEntries(parsed.searchParams), octetString };
}

function decodeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The auto-submitting form the IdP answers with: where it posts, and its hidden fields. */
export function autoPostForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in ${html}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeHtml(match[1] ?? '')] = decodeHtml(match[2] ?? '');
  }
  return { action: decodeHtml(action), fields };
}

/** The login page's pending request id and the user ids it offers. */
export function loginChoices(html: string): { pendingId: string; userIds: string[] } {
  const pendingId = /<input type="hidden" name="request" value="([^"]*)">/.exec(html)?.[1];
  if (pendingId === undefined) throw new Error(`not the login page: ${html}`);
  const userIds = [...html.matchAll(/<button type="submit" name="user" value="([^"]*)">/g)].map((m) =>
    decodeHtml(m[1] ?? ''),
  );
  return { pendingId: decodeHtml(pendingId), userIds };
}
