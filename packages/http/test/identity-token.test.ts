// The gateway reuses a signed identity token for half its life, and a service remembers the tokens
// it has verified: neither may stretch a token's validity or let a changed identity through.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateIdentityKeyPair,
  IdentityTokenError,
  IdentityTokenSigner,
  IdentityTokenVerifier,
  importSigningKey,
  importVerifyKey,
  type SigningKey,
  signIdentityToken,
  type TIdentity,
  type VerifyKey,
} from '../src/index.js';

const employee: TIdentity = {
  kind: 'user',
  scopes: [],
  actingFor: [],
  userId: '3409defb-e13f-4315-bc12-87dc854b447e',
  email: 'sophie.garnier@altiva.example',
  displayName: 'Sophie Garnier',
  roles: ['employee'],
  entityId: '0bf7add1-4532-4ea0-861c-b147b3e09d36',
  siteId: null,
  costCentreIds: [],
  locale: 'fr',
};

let signingKey: SigningKey;
let verifyKey: VerifyKey;
beforeAll(async () => {
  const pair = await generateIdentityKeyPair();
  signingKey = await importSigningKey(pair.privateKeyPem);
  verifyKey = await importVerifyKey(pair.publicKeyPem);
});

/** A clock the test moves by hand. */
function clock(start = new Date('2026-11-23T09:00:00Z')) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe('IdentityTokenSigner', () => {
  it('hands out the same token for the same identity and audience during the first half of its life', async () => {
    const time = clock();
    const signer = new IdentityTokenSigner(signingKey, { ttlSeconds: 60, now: time.now });
    const first = await signer.sign(employee, 'catalog');
    time.advance(29);
    expect(await signer.sign(employee, 'catalog')).toBe(first);
    time.advance(1);
    const renewed = await signer.sign(employee, 'catalog');
    expect(renewed).not.toBe(first);
    // The reused token kept its own expiry: 60 s after it was signed, not after it was reused.
    const claims = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims(first).exp - claims(first).iat).toBe(60);
    expect(claims(renewed).iat - claims(first).iat).toBe(30);
  });

  it('signs anew for another audience or a changed identity', async () => {
    const signer = new IdentityTokenSigner(signingKey);
    const token = await signer.sign(employee, 'catalog');
    expect(await signer.sign(employee, 'purchasing')).not.toBe(token);
    expect(await signer.sign({ ...employee, roles: ['employee', 'manager'] }, 'catalog')).not.toBe(token);
    const verifier = new IdentityTokenVerifier(verifyKey, 'catalog');
    expect(
      (await verifier.verify(await signer.sign({ ...employee, roles: ['employee', 'manager'] }, 'catalog')))
        .roles,
    ).toEqual(['employee', 'manager']);
  });

  it('keeps at most the number of tokens it was given, dropping the oldest', async () => {
    // Ed25519 signatures are deterministic: the clock moves so that a new signature differs.
    const time = clock();
    const signer = new IdentityTokenSigner(signingKey, { maxEntries: 2, now: time.now });
    const identities = ['employee', 'manager', 'buyer'].map(
      (role) => ({ ...employee, roles: [role] }) as TIdentity,
    );
    const tokens = [];
    for (const identity of identities) tokens.push(await signer.sign(identity, 'catalog'));
    time.advance(1);
    expect(await signer.sign(identities[2] as TIdentity, 'catalog')).toBe(tokens[2]);
    expect(await signer.sign(identities[1] as TIdentity, 'catalog')).toBe(tokens[1]);
    expect(await signer.sign(identities[0] as TIdentity, 'catalog')).not.toBe(tokens[0]);
  });
});

describe('IdentityTokenVerifier', () => {
  it('refuses a token it verified before once that token has expired', async () => {
    const time = clock();
    const verifier = new IdentityTokenVerifier(verifyKey, 'catalog', { now: time.now });
    const token = await signIdentityToken(signingKey, employee, {
      audience: 'catalog',
      ttlSeconds: 60,
      now: time.now(),
    });
    expect((await verifier.verify(token)).email).toBe(employee.email);
    time.advance(60 + 5);
    expect((await verifier.verify(token)).email).toBe(employee.email);
    time.advance(1);
    await expect(verifier.verify(token)).rejects.toThrow(IdentityTokenError);
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });

  it('refuses a token for another audience, even one it verified for its own', async () => {
    const verifier = new IdentityTokenVerifier(verifyKey, 'catalog');
    await expect(
      verifier.verify(await signIdentityToken(signingKey, employee, { audience: 'invoicing' })),
    ).rejects.toThrow(/aud/);
  });

  it('does not remember a token whose signature failed', async () => {
    const verifier = new IdentityTokenVerifier(verifyKey, 'catalog');
    const other = await importSigningKey((await generateIdentityKeyPair()).privateKeyPem);
    const forged = await signIdentityToken(other, employee, { audience: 'catalog' });
    await expect(verifier.verify(forged)).rejects.toThrow(IdentityTokenError);
    await expect(verifier.verify(forged)).rejects.toThrow(IdentityTokenError);
  });

  it('gives out frozen identities, so one request cannot change what the next one sees', async () => {
    const verifier = new IdentityTokenVerifier(verifyKey, 'catalog');
    const token = await signIdentityToken(signingKey, employee, { audience: 'catalog' });
    const identity = await verifier.verify(token);
    expect(() => identity.roles.push('administrator')).toThrow(TypeError);
    expect((await verifier.verify(token)).roles).toEqual(['employee']);
  });
});
