import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevIdp } from '../src/index.js';
import { loadOrCreateKeyMaterial } from '../src/key-material.js';
import { removeTemporaryDirectories, spSettings, temporaryDirectory } from './support/service-provider.js';

afterAll(removeTemporaryDirectories);

describe('signing key material', () => {
  it('is generated at the first start in DATA_DIR/dev-idp and reused by the next start', async () => {
    const dataDir = await temporaryDirectory();
    const first = await startDevIdp({ dataDir, port: 0, sp: spSettings });
    await first.stop();
    const keyPath = join(dataDir, 'dev-idp', 'signing-key.pem');
    const certPath = join(dataDir, 'dev-idp', 'signing-cert.pem');
    const keyPem = await readFile(keyPath, 'utf8');
    expect(await readFile(certPath, 'utf8')).toBe(first.signingCertPem);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);

    const second = await startDevIdp({ dataDir, port: 0, sp: spSettings });
    await second.stop();
    expect(second.signingCertPem).toBe(first.signingCertPem);
    expect(await readFile(keyPath, 'utf8')).toBe(keyPem);

    const elsewhere = await startDevIdp({ dataDir: await temporaryDirectory(), port: 0, sp: spSettings });
    await elsewhere.stop();
    expect(elsewhere.signingCertPem).not.toBe(first.signingCertPem);
  }, 60_000);

  it('is an RSA 2048 key with a self-signed certificate valid 10 years, CN=Procura development IdP', async () => {
    const { privateKeyPem, certificatePem } = await loadOrCreateKeyMaterial(await temporaryDirectory());
    const certificate = new X509Certificate(certificatePem);
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.checkPrivateKey(key)).toBe(true);
    expect(certificate.subject).toBe('CN=Procura development IdP');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    const years =
      (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(10, 1);
  });

  it('is shared by processes that start together on an empty DATA_DIR', async () => {
    const dataDir = await temporaryDirectory();
    const [a, b] = await Promise.all([loadOrCreateKeyMaterial(dataDir), loadOrCreateKeyMaterial(dataDir)]);
    expect(a.certificatePem).toBe(b.certificatePem);
    expect(a.privateKeyPem).toBe(b.privateKeyPem);
    expect([a.created, b.created].sort()).toEqual([false, true]);
  });
});
