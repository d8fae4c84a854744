// The gateway as a SAML 2.0 service provider (@node-saml/passport-saml), configured from the
// environment alone, with the checks node-saml leaves to its caller: Destination, Recipient and
// assertion replay.

import { type Profile, ValidateInResponseTo } from '@node-saml/node-saml';
import { Strategy as SamlStrategy, type VerifiedCallback } from '@node-saml/passport-saml';
import type { IdentityDatabase } from '@procura/db';
import { DOMParser } from '@xmldom/xmldom';
import type { Kysely } from 'kysely';
import type { GatewayConfig } from '../config.js';
import { provisionUser } from '../services/provisioning.service.js';
import { AssertionProblem, type AttributeMapping, readAssertedUser } from './asserted-user.js';
import { fetchIdpMetadata, type IdentityProviderSettings, parseIdpMetadata } from './idp-metadata.js';
import { PostgresRequestCache, recordAssertionOnce } from './saml-caches.js';

const samlp = 'urn:oasis:names:tc:SAML:2.0:protocol';
const saml = 'urn:oasis:names:tc:SAML:2.0:assertion';
const requestExpiryMs = 10 * 60_000;

export interface LoggedInUser {
  userId: string;
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | undefined;
  [key: string]: unknown;
}

export interface ServiceProvider {
  strategy: SamlStrategy;
  idp: IdentityProviderSettings;
  acsUrl: string;
  sloUrl: string;
  metadataXml: string;
}

export async function loadIdentityProvider(config: GatewayConfig): Promise<IdentityProviderSettings> {
  const xml =
    config.idpMetadataXml ??
    (config.SAML_IDP_METADATA_URL ? await fetchIdpMetadata(config.SAML_IDP_METADATA_URL) : undefined);
  const fromMetadata = xml ? parseIdpMetadata(xml) : undefined;
  const ssoUrl = config.SAML_IDP_SSO_URL ?? fromMetadata?.ssoUrl;
  if (!ssoUrl) throw new Error('the identity provider has no SSO URL');
  return {
    entityId: config.SAML_IDP_ENTITY_ID ?? fromMetadata?.entityId ?? '',
    ssoUrl,
    sloUrl: config.SAML_IDP_SLO_URL ?? fromMetadata?.sloUrl,
    certificates: config.idpCertPems.length > 0 ? config.idpCertPems : (fromMetadata?.certificates ?? []),
  };
}

function parseXml(xml: string) {
  return new DOMParser({
    errorHandler: { warning: () => {}, error: () => {}, fatalError: () => {} },
  }).parseFromString(xml, 'text/xml');
}

/** What node-saml does not check: where the response was meant to go, and whether it was used before. */
async function checkDeliveryAndReplay(
  db: Kysely<IdentityDatabase>,
  profile: Profile,
  acsUrl: string,
): Promise<void> {
  const response = parseXml(profile.getSamlResponseXml?.() ?? '').getElementsByTagNameNS(
    samlp,
    'Response',
  )[0];
  const destination = response?.getAttribute('Destination');
  if (destination !== acsUrl)
    throw new AssertionProblem(
      `the response's Destination is "${destination ?? ''}", not this service provider`,
    );
  const assertion = parseXml(profile.getAssertionXml?.() ?? '').getElementsByTagNameNS(saml, 'Assertion')[0];
  if (!assertion) throw new AssertionProblem('the response carries no assertion');
  const confirmations = Array.from(assertion.getElementsByTagNameNS(saml, 'SubjectConfirmationData'));
  if (confirmations.length === 0 || confirmations.some((c) => c.getAttribute('Recipient') !== acsUrl)) {
    throw new AssertionProblem("the assertion's Recipient is not this service provider");
  }
  const id = assertion.getAttribute('ID');
  if (!id) throw new AssertionProblem('the assertion has no ID');
  const notOnOrAfter = confirmations[0]?.getAttribute('NotOnOrAfter');
  const expiresAt = notOnOrAfter ? new Date(notOnOrAfter) : new Date(Date.now() + 60 * 60_000);
  if (!(await recordAssertionOnce(db, { id, issuer: profile.issuer ?? '', expiresAt }))) {
    throw new AssertionProblem('this assertion was already used (replay)');
  }
}

export async function createServiceProvider(
  config: GatewayConfig,
  db: Kysely<IdentityDatabase>,
  idp: IdentityProviderSettings,
): Promise<ServiceProvider> {
  const acsUrl = `${config.PUBLIC_URL}/auth/saml/callback`;
  const sloUrl = `${config.PUBLIC_URL}/auth/saml/logout`;
  const mapping: AttributeMapping = {
    email: config.SAML_ATTR_EMAIL,
    displayName: config.SAML_ATTR_DISPLAY_NAME,
    groups: config.SAML_ATTR_GROUPS,
    costCentre: config.SAML_ATTR_COST_CENTRE,
    manager: config.SAML_ATTR_MANAGER,
    entity: config.SAML_ATTR_ENTITY,
    locale: config.SAML_ATTR_LOCALE,
  };

  const signonVerify = (profile: Profile | null, done: VerifiedCallback) => {
    (async () => {
      if (!profile) throw new AssertionProblem('the response carries no profile');
      await checkDeliveryAndReplay(db, profile, acsUrl);
      const asserted = readAssertedUser(profile, mapping);
      const { userId } = await provisionUser(db, asserted, {
        defaultEntityCode: config.SAML_DEFAULT_ENTITY_CODE,
        now: new Date(),
      });
      const user: LoggedInUser = {
        userId,
        nameId: asserted.nameId,
        nameIdFormat: asserted.nameIdFormat,
        sessionIndex: asserted.sessionIndex,
      };
      return user;
    })().then(
      (user) => done(null, user),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  };
  // Single logout is handled by the routes with the same SAML engine; passport only logs in.
  const logoutVerify = (_profile: Profile | null, done: VerifiedCallback) => done(null, {});

  const strategy = new SamlStrategy(
    {
      name: 'saml',
      callbackUrl: acsUrl,
      entryPoint: idp.ssoUrl,
      ...(idp.sloUrl ? { logoutUrl: idp.sloUrl } : {}),
      logoutCallbackUrl: sloUrl,
      issuer: config.spEntityId,
      audience: config.spEntityId,
      ...(idp.entityId ? { idpIssuer: idp.entityId } : {}),
      idpCert: idp.certificates,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: config.SAML_WANT_RESPONSE_SIGNED,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      acceptedClockSkewMs: config.SAML_CLOCK_SKEW_SECONDS * 1000,
      identifierFormat: config.SAML_NAMEID_FORMAT,
      disableRequestedAuthnContext: true,
      validateInResponseTo: config.SAML_ALLOW_UNSOLICITED
        ? ValidateInResponseTo.ifPresent
        : ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: requestExpiryMs,
      cacheProvider: new PostgresRequestCache(db, requestExpiryMs),
      ...(config.spPrivateKeyPem
        ? {
            privateKey: config.spPrivateKeyPem,
            decryptionPvk: config.spPrivateKeyPem,
            publicCert: config.spCertPem,
          }
        : {}),
    },
    signonVerify,
    logoutVerify,
  );
  const metadataXml = strategy.generateServiceProviderMetadata(
    config.spCertPem ?? null,
    config.spCertPem ?? null,
  );
  return { strategy, idp, acsUrl, sloUrl, metadataXml };
}
