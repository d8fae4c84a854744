// A SAML 2.0 identity provider the gateway has never seen, built in the test with xml-crypto (not
// the dev IdP's samlify): it signs real responses, and can be told to get them wrong in every way an
// attacker or a misconfigured IdP would.
import { createSign, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';

export interface KeyPair {
  privateKeyPem: string;
  certPem: string;
}

export const newIdpKey = async (): Promise<KeyPair> => {
  const pems = await generate([{ name: 'commonName', value: 'Foreign test IdP' }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { privateKeyPem: pems.private, certPem: pems.cert };
};

const rsaSha256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const excC14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const envelopedSignature = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const sha256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

function sign(xml: string, key: KeyPair, referenceId: string, issuerXPath: string): string {
  const signature = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certPem,
    signatureAlgorithm: rsaSha256,
    canonicalizationAlgorithm: excC14n,
  });
  signature.addReference({
    xpath: `//*[@ID='${referenceId}']`,
    digestAlgorithm: sha256,
    transforms: [envelopedSignature, excC14n],
  });
  signature.computeSignature(xml, { location: { reference: issuerXPath, action: 'after' } });
  return signature.getSignedXml();
}

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ResponseOptions {
  idpEntityId: string;
  inResponseTo?: string | undefined;
  destination: string;
  recipient?: string;
  audience: string;
  nameId: string;
  attributes: Record<string, string[]>;
  now?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  signAssertionWith?: KeyPair | null;
  signResponseWith?: KeyPair | null;
  /** Changes the XML after signing (tampering). */
  afterSigning?: (xml: string) => string;
  sessionIndex?: string;
}

export function assertionXml(options: ResponseOptions & { assertionId: string }): string {
  const now = options.now ?? new Date();
  const notBefore = options.notBefore ?? new Date(now.getTime() - 60_000);
  const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escapeXml(options.inResponseTo)}"` : '';
  const attributes = Object.entries(options.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${options.assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${escapeXml(options.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${escapeXml(options.recipient ?? options.destination)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${escapeXml(options.sessionIndex ?? `_session-${randomUUID()}`)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    '</saml:Assertion>'
  );
}

/** A SAML Response as base64, ready to post as SAMLResponse. */
export function buildResponse(options: ResponseOptions, extraAssertionXml = ''): string {
  const responseId = `_r${randomUUID()}`;
  const assertionId = `_a${randomUUID()}`;
  const now = options.now ?? new Date();
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escapeXml(options.inResponseTo)}"` : '';
  let assertion = assertionXml({ ...options, assertionId });
  if (options.signAssertionWith) {
    assertion = sign(
      assertion,
      options.signAssertionWith,
      assertionId,
      "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
    );
  }
  let xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}" Destination="${escapeXml(options.destination)}"${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(options.idpEntityId)}</saml:Issuer>` +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    extraAssertionXml +
    assertion +
    '</samlp:Response>';
  if (options.signResponseWith) {
    xml = sign(
      xml,
      options.signResponseWith,
      responseId,
      "/*[local-name(.)='Response']/*[local-name(.)='Issuer']",
    );
  }
  if (options.afterSigning) xml = options.afterSigning(xml);
  return Buffer.from(xml).toString('base64');
}

/** The ID of the AuthnRequest carried by an HTTP-Redirect URL. */
export function authnRequestIdOf(redirectUrl: string): string {
  const request = new URL(redirectUrl).searchParams.get('SAMLRequest');
  if (!request) throw new Error('no SAMLRequest in the redirect');
  const xml = inflateRawSync(Buffer.from(request, 'base64')).toString();
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error('no ID in the AuthnRequest');
  return id;
}

/** The XML of a message carried by an HTTP-Redirect URL. */
export function redirectMessageOf(redirectUrl: string, parameter: 'SAMLRequest' | 'SAMLResponse'): string {
  const value = new URL(redirectUrl).searchParams.get(parameter);
  if (!value) throw new Error(`no ${parameter} in the redirect`);
  return inflateRawSync(Buffer.from(value, 'base64')).toString();
}

/** An IdP-initiated LogoutRequest on the HTTP-Redirect binding, signed as the binding requires. */
export function signedLogoutRequestQuery(options: {
  idpEntityId: string;
  destination: string;
  nameId: string;
  key: KeyPair;
}): string {
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l${randomUUID()}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${escapeXml(options.destination)}">` +
    `<saml:Issuer>${escapeXml(options.idpEntityId)}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeXml(options.nameId)}</saml:NameID>` +
    '</samlp:LogoutRequest>';
  const query = new URLSearchParams({
    SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'),
    RelayState: '/',
    SigAlg: rsaSha256,
  }).toString();
  const signature = createSign('RSA-SHA256').update(query).sign(options.key.privateKeyPem, 'base64');
  return `${query}&Signature=${encodeURIComponent(signature)}`;
}
