import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDevIdp, startDevIdp } from '../src/index.js';
import {
  emailFormat,
  idpFromMetadata,
  postBinding,
  redirectBinding,
  removeTemporaryDirectories,
  spSettings,
  temporaryDirectory,
} from './support/service-provider.js';

afterAll(removeTemporaryDirectories);

let dataDir: string;
let idp: RunningDevIdp;

beforeAll(async () => {
  dataDir = await temporaryDirectory();
  idp = await startDevIdp({ dataDir, port: 0, sp: spSettings });
});

afterAll(async () => {
  await idp?.stop();
});

/** The base64 body of a PEM certificate, as metadata carries it. */
function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

describe('GET /metadata', () => {
  it('is well-formed SAML metadata naming the entity id, the certificate and the SSO and SLO services', async () => {
    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${idp.url}/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toBe(idp.metadataXml);

    // samlify's DOM parser throws on anything that is not well-formed XML.
    const descriptor = ['EntityDescriptor', 'IDPSSODescriptor'];
    const found = samlify.Extractor.extract(xml, [
      { key: 'entityId', localPath: ['EntityDescriptor'], attributes: ['entityID'] },
      { key: 'protocol', localPath: descriptor, attributes: ['protocolSupportEnumeration'] },
      { key: 'keyUse', localPath: [...descriptor, 'KeyDescriptor'], attributes: ['use'] },
      {
        key: 'certificate',
        localPath: [...descriptor, 'KeyDescriptor', 'KeyInfo', 'X509Data', 'X509Certificate'],
        attributes: [],
      },
      { key: 'nameIdFormat', localPath: [...descriptor, 'NameIDFormat'], attributes: [] },
      { key: 'sso', localPath: [...descriptor, 'SingleSignOnService'], attributes: ['Binding', 'Location'] },
      { key: 'slo', localPath: [...descriptor, 'SingleLogoutService'], attributes: ['Binding', 'Location'] },
    ]);
    expect(found.entityId).toBe(`${idp.url}/metadata`);
    expect(idp.metadataUrl).toBe(`${idp.url}/metadata`);
    expect(found.protocol).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
    expect(found.keyUse).toBe('signing');
    const certificatePem = await readFile(join(dataDir, 'dev-idp', 'signing-cert.pem'), 'utf8');
    expect(found.certificate).toBe(certificateBody(certificatePem));
    expect(idp.signingCertPem).toBe(certificatePem);
    expect(found.nameIdFormat).toBe(emailFormat);
    expect(found.sso).toEqual([
      { binding: redirectBinding, location: `${idp.url}/sso` },
      { binding: postBinding, location: `${idp.url}/sso` },
    ]);
    expect(found.slo).toEqual({ binding: redirectBinding, location: `${idp.url}/slo` });

    // And a SAML library configured from it finds the same endpoints.
    const seen = idpFromMetadata(xml);
    expect(seen.entityMeta.getEntityID()).toBe(`${idp.url}/metadata`);
    expect(seen.entityMeta.getSingleSignOnService('redirect')).toBe(`${idp.url}/sso`);
    expect(seen.entityMeta.getSingleSignOnService('post')).toBe(`${idp.url}/sso`);
    expect(seen.entityMeta.getSingleLogoutService('redirect')).toBe(`${idp.url}/slo`);
  });

  it('follows the public URL it is given', async () => {
    const behindProxy = await startDevIdp({
      dataDir,
      port: 0,
      publicUrl: 'https://idp.procura.test/',
      sp: spSettings,
    });
    try {
      expect(behindProxy.url).toBe('https://idp.procura.test');
      expect(behindProxy.metadataUrl).toBe('https://idp.procura.test/metadata');
      expect(behindProxy.metadataXml).toContain('Location="https://idp.procura.test/sso"');
      expect(behindProxy.metadataXml).toContain('Location="https://idp.procura.test/slo"');
    } finally {
      await behindProxy.stop();
    }
  });
});

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const response = await fetch(`${idp.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'dev-idp', pid: expect.any(Number) });
  });
});
