import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateIdentityKeyPair } from '@procura/http';

/**
 * The gateway's identity-token key pair for this installation: generated at the first start and
 * kept in the data folder (never in the repository). Production passes its own through secrets.
 */
export async function loadOrCreateIdentityKeys(
  dataDir: string,
): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const dir = join(dataDir, 'keys');
  const privateFile = join(dir, 'identity-signing.pem');
  const publicFile = join(dir, 'identity-verify.pem');
  if (existsSync(privateFile) && existsSync(publicFile)) {
    return {
      privateKeyPem: readFileSync(privateFile, 'utf8'),
      publicKeyPem: readFileSync(publicFile, 'utf8'),
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = await generateIdentityKeyPair();
  writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicFile, pair.publicKeyPem, { mode: 0o644 });
  return pair;
}

/**
 * A secret generated at the first start and kept under the data directory: `session` signs the
 * gateway's session cookies, `approval-link` the links of approval e-mails.
 */
export function loadOrCreateSecret(dataDir: string, name: 'session' | 'approval-link'): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
