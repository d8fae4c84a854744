import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** The IdP's signing key pair: RSA 2048, with a self-signed X.509 certificate published in the metadata. */
export interface KeyMaterial {
  privateKeyPem: string;
  certificatePem: string;
}

export const keyFileName = 'signing-key.pem';
export const certificateFileName = 'signing-cert.pem';
const commonName = 'Procura development IdP';
const validityYears = 10;

/** `${dataDir}/dev-idp`, where the key and certificate are kept. */
export function keyDirectory(dataDir: string): string {
  return join(dataDir, 'dev-idp');
}

/**
 * Loads the signing key and certificate kept in `${dataDir}/dev-idp`, or generates them on the first
 * start. Keeping them means the gateway's trust in this IdP (its certificate) survives restarts.
 *
 * Generation writes both files into a fresh directory and renames it into place: the rename is atomic,
 * so two processes starting together on an empty DATA_DIR end up sharing one key pair (the loser of
 * the race discards its own and reads the winner's).
 */
export async function loadOrCreateKeyMaterial(
  dataDir: string,
): Promise<KeyMaterial & { created: boolean; directory: string }> {
  const directory = keyDirectory(dataDir);
  const existing = await readKeyMaterial(directory);
  if (existing) return { ...existing, created: false, directory };

  await mkdir(dataDir, { recursive: true });
  const staging = join(dataDir, `.dev-idp-${randomUUID()}`);
  await mkdir(staging, { mode: 0o700 });
  try {
    const generated = await generateKeyMaterial();
    await writeFile(join(staging, keyFileName), generated.privateKeyPem, { mode: 0o600 });
    await writeFile(join(staging, certificateFileName), generated.certificatePem, { mode: 0o644 });
    try {
      // Replaces `directory` only when it does not exist or is empty.
      await rename(staging, directory);
      return { ...generated, created: true, directory };
    } catch (error) {
      const winner = await readKeyMaterial(directory);
      if (winner) return { ...winner, created: false, directory };
      throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function readKeyMaterial(directory: string): Promise<KeyMaterial | undefined> {
  const [privateKeyPem, certificatePem] = await Promise.all([
    readIfExists(join(directory, keyFileName)),
    readIfExists(join(directory, certificateFileName)),
  ]);
  if (privateKeyPem === undefined && certificatePem === undefined) return undefined;
  if (privateKeyPem === undefined || certificatePem === undefined) {
    throw new Error(
      `${directory} holds only one of ${keyFileName} and ${certificateFileName}: delete the directory ` +
        'to generate a new key pair (then give the gateway the new metadata)',
    );
  }
  const certificate = new X509Certificate(certificatePem);
  if (!certificate.checkPrivateKey(createPrivateKey(privateKeyPem))) {
    throw new Error(`${directory}: ${certificateFileName} does not belong to ${keyFileName}`);
  }
  if (Date.parse(certificate.validTo) <= Date.now()) {
    throw new Error(`${directory}: the signing certificate expired on ${certificate.validTo}`);
  }
  return { privateKeyPem, certificatePem };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function generateKeyMaterial(): Promise<KeyMaterial> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate);
  notAfterDate.setUTCFullYear(notAfterDate.getUTCFullYear() + validityYears);
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
    ],
  });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}
