// The SAML side of the development IdP, built on samlify: metadata, parsing and checking what the
// service provider (Procura's gateway) sends, and building what it receives. Every message it sends
// is signed with the IdP key (RSA-SHA256): login responses with enveloped XML signatures (exclusive
// c14n) on both the Response and the Assertion, logout messages with the HTTP-Redirect binding's
// query-string signature.
import { randomUUID } from 'node:crypto';
import xmllint from '@authenio/samlify-node-xmllint';
import samlify, { type IdentityProviderInstance, type ServiceProviderInstance } from 'samlify';
import type { KeyMaterial } from './key-material.js';
import type { SamlUserAttributes } from './users.js';

const { Constants, IdentityProvider, IdPMetadata, SamlLib, ServiceProvider, setSchemaValidator } = samlify;

// Every inbound message is validated against the SAML 2.0 XML schemas before anything reads it.
// node-xmllint runs libxml2 compiled to JavaScript as a whole program, synchronously, at each
// validation, and that program's Node glue leaves traces the validation has to clean up:
// - it prints a line (" ") on stdout, which carries the JSON logs: stdout is muted for the call;
// - it adds a process 'uncaughtException' listener, holding its 16 MB heap, at every run;
// - it adds a stdout 'drain' listener that calls process.exit: the next time stdout drains, the
//   IdP would exit. Both kinds of listener are removed as soon as the (synchronous) call returns.
function validateSchema(xml: string): Promise<unknown> {
  const exceptionListeners = new Set(process.listeners('uncaughtException'));
  const drainListeners = new Set(process.stdout.listeners('drain'));
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return xmllint.validate(xml);
  } finally {
    process.stdout.write = write;
    for (const listener of process.listeners('uncaughtException')) {
      if (!exceptionListeners.has(listener)) process.off('uncaughtException', listener);
    }
    for (const listener of process.stdout.listeners('drain')) {
      if (!drainListeners.has(listener)) process.stdout.off('drain', listener as () => void);
    }
  }
}
setSchemaValidator({ validate: validateSchema });

let validatorWarm: Promise<void> | undefined;

/**
 * The schema validator's first run compiles libxml2 (several seconds of CPU); later runs take
 * milliseconds. Starting the IdP pays it once, rather than the first person who signs in.
 */
export function warmUpSchemaValidator(): Promise<void> {
  validatorWarm ??= validateSchema(
    '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
      'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_warm-up" Version="2.0" ' +
      'IssueInstant="2000-01-01T00:00:00Z"><saml:Issuer>warm-up</saml:Issuer><samlp:Status>' +
      `<samlp:StatusCode Value="${Constants.StatusCode.Success}"/></samlp:Status></samlp:LogoutResponse>`,
  ).then(() => undefined);
  return validatorWarm;
}

export const bindings = {
  redirect: Constants.namespace.binding.redirect,
  post: Constants.namespace.binding.post,
} as const;
export const nameIdFormatEmail = Constants.namespace.format.emailAddress;
export const signatureAlgorithm = Constants.algorithms.signature.RSA_SHA256;
const attributeNameFormat = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
const authnContextClass = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
/** Conditions/NotBefore is set this far in the past, to absorb small clock differences with the SP. */
export const notBeforeSkewMs = 60_000;
/** How long a login response may be presented to the SP. */
export const responseLifetimeMs = 5 * 60_000;

export interface ServiceProviderSettings {
  entityId: string;
  /** Assertion consumer service, HTTP-POST binding. */
  acsUrl: string;
  /** Single logout service, HTTP-Redirect binding. */
  sloUrl: string;
  /** When given, signed requests from the SP (HTTP-Redirect binding) are verified against it. */
  signingCertPem?: string;
}

export interface IdentityProviderOptions {
  /** Without a trailing slash. */
  publicUrl: string;
  keyMaterial: KeyMaterial;
  sp: ServiceProviderSettings;
  /** Milliseconds since the epoch; tests may move it. */
  now?: () => number;
}

/** A SAML message as it reached us: the query (HTTP-Redirect) or form body (HTTP-POST). */
export interface InboundSamlMessage {
  query?: Record<string, string>;
  body?: Record<string, string>;
  /** The query string exactly as received (still URL-encoded): what an HTTP-Redirect signature covers. */
  rawQuery?: string;
}

/** How a request's signature was handled: absent, checked against SP_SIGNING_CERT, or not checkable. */
export type SignatureCheck = 'unsigned' | 'verified' | 'not-checked';

export interface AuthnRequestInfo {
  id: string;
  issuer: string;
  forceAuthn: boolean;
  signature: SignatureCheck;
}

export interface LogoutRequestInfo {
  id: string;
  issuer: string;
  nameId: string | undefined;
  sessionIndex: string | undefined;
  signature: SignatureCheck;
}

export interface LoginResponseInput {
  /** The AuthnRequest's ID. */
  inResponseTo: string;
  attributes: SamlUserAttributes;
  sessionIndex: string;
  authnInstant: Date;
}

export interface DevIdentityProvider {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  metadataXml: string;
  sp: ServiceProviderSettings;
  parseAuthnRequest(binding: 'redirect' | 'post', message: InboundSamlMessage): Promise<AuthnRequestInfo>;
  /** The signed SAML Response, base64-encoded, ready to be POSTed to the SP's ACS as `SAMLResponse`. */
  createLoginResponse(input: LoginResponseInput): Promise<string>;
  parseLogoutRequest(message: InboundSamlMessage): Promise<LogoutRequestInfo>;
  /** The SP's SLO URL carrying a signed LogoutResponse (Status Success) to `inResponseTo`. */
  createLogoutResponseUrl(inResponseTo: string, relayState?: string): string;
  /** The SP's SLO URL carrying a signed LogoutRequest for this user and session. */
  createLogoutRequestUrl(input: { nameId: string; sessionIndex: string; relayState?: string }): {
    id: string;
    url: string;
  };
  /** Checks a LogoutResponse from the SP (issuer, status Success) and returns its InResponseTo. */
  parseLogoutResponse(message: InboundSamlMessage): Promise<{ inResponseTo: string | undefined }>;
}

/** A message from the SP that this IdP refuses: answered with 400. */
export class SamlMessageError extends Error {
  override name = 'SamlMessageError';
}

export function createIdentityProvider(options: IdentityProviderOptions): DevIdentityProvider {
  const now = options.now ?? Date.now;
  const spSettings = options.sp;
  const entityId = `${options.publicUrl}/metadata`;
  const ssoUrl = `${options.publicUrl}/sso`;
  const sloUrl = `${options.publicUrl}/slo`;
  const generateId = () => `_${randomUUID()}`;

  const metadataXml = IdPMetadata({
    entityID: entityId,
    signingCert: options.keyMaterial.certificatePem,
    wantAuthnRequestsSigned: false,
    nameIDFormat: [nameIdFormatEmail],
    singleSignOnService: [
      { Binding: bindings.redirect, Location: ssoUrl },
      { Binding: bindings.post, Location: ssoUrl },
    ],
    singleLogoutService: [{ Binding: bindings.redirect, Location: sloUrl }],
    // The order the metadata schema (saml-metadata §2.4.3) declares.
    elementsOrder: Constants.elementsOrder.idp.shibboleth,
  }).getMetadata();

  const idp: IdentityProviderInstance = IdentityProvider({
    metadata: metadataXml,
    privateKey: options.keyMaterial.privateKeyPem,
    requestSignatureAlgorithm: signatureAlgorithm,
    generateID: generateId,
  });

  // The gateway as this IdP sees it. `want…Signed` here drive what samlify signs for it: the
  // Assertion and the whole Response, and the logout messages sent over HTTP-Redirect.
  const sp: ServiceProviderInstance = ServiceProvider({
    entityID: spSettings.entityId,
    assertionConsumerService: [{ Binding: bindings.post, Location: spSettings.acsUrl }],
    singleLogoutService: [{ Binding: bindings.redirect, Location: spSettings.sloUrl }],
    nameIDFormat: [nameIdFormatEmail],
    wantAssertionsSigned: true,
    wantMessageSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
    ...(spSettings.signingCertPem ? { signingCert: spSettings.signingCertPem } : {}),
  });

  function checkRedirectSignature(
    message: InboundSamlMessage,
    parameter: 'SAMLRequest' | 'SAMLResponse',
  ): SignatureCheck {
    const signature = message.query?.Signature;
    const sigAlg = message.query?.SigAlg;
    if (!signature) return 'unsigned';
    if (!sigAlg) throw new SamlMessageError('the message carries a Signature but no SigAlg');
    if (!spSettings.signingCertPem) return 'not-checked';
    const signed = redirectSignedOctets(message.rawQuery ?? '', parameter);
    let valid: boolean;
    try {
      valid = SamlLib.verifyMessageSignature(sp.entityMeta, signed, Buffer.from(signature, 'base64'), sigAlg);
    } catch {
      throw new SamlMessageError(`unsupported signature algorithm ${sigAlg}`);
    }
    if (!valid) throw new SamlMessageError("the message's signature does not verify with the SP certificate");
    return 'verified';
  }

  async function parse<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SamlMessageError) throw error;
      throw new SamlMessageError(`${what} could not be read: ${describe(error)}`);
    }
  }

  function checkIssuer(what: string, issuer: unknown): string {
    if (issuer !== spSettings.entityId) {
      throw new SamlMessageError(
        `${what} issued by ${JSON.stringify(issuer ?? null)}, not by the configured service provider ` +
          JSON.stringify(spSettings.entityId),
      );
    }
    return issuer;
  }

  return {
    entityId,
    ssoUrl,
    sloUrl,
    metadataXml,
    sp: spSettings,

    async parseAuthnRequest(binding, message) {
      const signature = binding === 'redirect' ? checkRedirectSignature(message, 'SAMLRequest') : 'unsigned';
      const parsed = await parse('the AuthnRequest', () =>
        idp.parseLoginRequest(sp, binding, {
          query: message.query ?? {},
          body: message.body ?? {},
          octetString: '',
        }),
      );
      const request = asRecord(parsed.extract.request);
      const issuer = checkIssuer('AuthnRequest', parsed.extract.issuer);
      const id = stringField(request, 'id');
      if (!id) throw new SamlMessageError('the AuthnRequest has no ID');
      const acsUrl = stringField(request, 'assertionConsumerServiceUrl');
      if (acsUrl !== undefined && acsUrl !== spSettings.acsUrl) {
        throw new SamlMessageError(
          `the AuthnRequest asks for the assertion consumer service ${acsUrl}, ` +
            `but SP_ACS_URL is ${spSettings.acsUrl}`,
        );
      }
      const flags = samlify.Extractor.extract(parsed.samlContent, [
        { key: 'forceAuthn', localPath: ['AuthnRequest'], attributes: ['ForceAuthn'] },
      ]);
      return { id, issuer, forceAuthn: flags.forceAuthn === 'true' || flags.forceAuthn === '1', signature };
    },

    async createLoginResponse(input) {
      const xml = loginResponseXml({
        responseId: generateId(),
        assertionId: generateId(),
        issueInstant: new Date(now()),
        idpEntityId: entityId,
        sp: spSettings,
        ...input,
      });
      const result = await idp.createLoginResponse(
        sp,
        { extract: { request: { id: input.inResponseTo } } },
        'post',
        { email: input.attributes.email },
        { customTagReplacement: () => ({ id: '', context: xml }) },
      );
      return result.context;
    },

    async parseLogoutRequest(message) {
      const signature = checkRedirectSignature(message, 'SAMLRequest');
      const parsed = await parse('the LogoutRequest', () =>
        idp.parseLogoutRequest(sp, 'redirect', { query: message.query ?? {}, octetString: '' }),
      );
      const issuer = checkIssuer('LogoutRequest', parsed.extract.issuer);
      const id = stringField(asRecord(parsed.extract.request), 'id');
      if (!id) throw new SamlMessageError('the LogoutRequest has no ID');
      const nameId = typeof parsed.extract.nameID === 'string' ? parsed.extract.nameID : undefined;
      const sessionIndex = firstString(parsed.extract.sessionIndex);
      return { id, issuer, nameId, sessionIndex, signature };
    },

    createLogoutResponseUrl(inResponseTo, relayState) {
      return idp.createLogoutResponse(sp, { extract: { request: { id: inResponseTo } } }, 'redirect', {
        relayState: relayState ?? '',
      }).context;
    },

    createLogoutRequestUrl({ nameId, sessionIndex, relayState }) {
      const { id, context } = idp.createLogoutRequest(
        sp,
        'redirect',
        { logoutNameID: nameId, sessionIndex },
        { relayState: relayState ?? '' },
      );
      return { id, url: context };
    },

    async parseLogoutResponse(message) {
      checkRedirectSignature(message, 'SAMLResponse');
      // samlify checks that the issuer is the SP and that the status is Success.
      const parsed = await parse('the LogoutResponse', () =>
        idp.parseLogoutResponse(sp, 'redirect', { query: message.query ?? {}, octetString: '' }),
      );
      return { inResponseTo: stringField(asRecord(parsed.extract.response), 'inResponseTo') };
    },
  };
}

/**
 * What an HTTP-Redirect signature covers (saml-bindings §3.4.4.1): `SAMLRequest=…&RelayState=…&SigAlg=…`
 * (or `SAMLResponse=…`), each value exactly as it was URL-encoded in the query string.
 */
export function redirectSignedOctets(rawQuery: string, parameter: 'SAMLRequest' | 'SAMLResponse'): string {
  const pairs = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    const name = pair.split('=', 1)[0] ?? '';
    if (!pairs.has(name)) pairs.set(name, pair);
  }
  return [parameter, 'RelayState', 'SigAlg']
    .map((name) => pairs.get(name))
    .filter((pair): pair is string => pair !== undefined)
    .join('&');
}

interface LoginResponseXmlInput extends LoginResponseInput {
  responseId: string;
  assertionId: string;
  issueInstant: Date;
  idpEntityId: string;
  sp: ServiceProviderSettings;
}

/**
 * The unsigned SAML Response (saml-core §3.3.3, §2.3.3), one Assertion with Subject (NameID = e-mail,
 * bearer confirmation for the ACS and the request), Conditions (validity window, audience = SP),
 * AuthnStatement (SessionIndex, for single logout) and AttributeStatement. No whitespace between
 * elements, so that nothing is left to canonicalisation.
 */
export function loginResponseXml(input: LoginResponseXmlInput): string {
  const issued = input.issueInstant.getTime();
  const instant = iso(issued);
  const notBefore = iso(issued - notBeforeSkewMs);
  const notOnOrAfter = iso(issued + responseLifetimeMs);
  const { attributes } = input;
  const attributeValues: [string, string[]][] = [
    ['email', [attributes.email]],
    ['displayName', [attributes.displayName]],
    ['groups', attributes.groups],
    ['costCentre', attributes.costCentre],
    ...(attributes.manager ? [['manager', [attributes.manager]] as [string, string[]]] : []),
    ['entity', [attributes.entity]],
    ['locale', [attributes.locale]],
  ];
  const attributeStatement = attributeValues
    .filter(([, values]) => values.length > 0)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${x(name)}" NameFormat="${attributeNameFormat}">` +
        values
          .map((value) => `<saml:AttributeValue xsi:type="xs:string">${x(value)}</saml:AttributeValue>`)
          .join('') +
        '</saml:Attribute>',
    )
    .join('');
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ' +
    `ID="${x(input.responseId)}" Version="2.0" IssueInstant="${instant}" ` +
    `Destination="${x(input.sp.acsUrl)}" InResponseTo="${x(input.inResponseTo)}">` +
    `<saml:Issuer>${x(input.idpEntityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${Constants.StatusCode.Success}"/></samlp:Status>` +
    '<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" ' +
    `ID="${x(input.assertionId)}" Version="2.0" IssueInstant="${instant}">` +
    `<saml:Issuer>${x(input.idpEntityId)}</saml:Issuer>` +
    '<saml:Subject>' +
    `<saml:NameID Format="${nameIdFormatEmail}">${x(attributes.email)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${x(input.sp.acsUrl)}" ` +
    `InResponseTo="${x(input.inResponseTo)}"/>` +
    '</saml:SubjectConfirmation>' +
    '</saml:Subject>' +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">` +
    `<saml:AudienceRestriction><saml:Audience>${x(input.sp.entityId)}</saml:Audience></saml:AudienceRestriction>` +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${input.authnInstant.toISOString()}" SessionIndex="${x(input.sessionIndex)}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${authnContextClass}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    '</saml:AuthnStatement>' +
    `<saml:AttributeStatement>${attributeStatement}</saml:AttributeStatement>` +
    '</saml:Assertion>' +
    '</samlp:Response>'
  );
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Escapes text for an XML element or a double-quoted attribute. */
function x(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (Array.isArray(value)) return value.find((item): item is string => typeof item === 'string');
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
