import { describe, expect, it } from 'vitest';
import { defaultTokenExpiry, scopeKey, tokenStatus, tokenUsageHint } from './api-token.js';

const now = new Date('2026-11-23T10:00:00Z');

describe('the status of an API token', () => {
  it('is active until it expires', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: '2027-11-23T22:59:59.999Z' }, now)).toBe('active');
  });

  it('is expired from its expiry on', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-11-23T10:00:00.000Z' }, now)).toBe('expired');
  });

  it('is revoked once revoked, even after it expired', () => {
    expect(tokenStatus({ revokedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-06-01T00:00:00Z' }, now)).toBe(
      'revoked',
    );
  });
});

describe('creating an API token', () => {
  it('proposes an expiry one year from today', () => {
    expect(defaultTokenExpiry(new Date(2026, 10, 23, 18, 0))).toBe('2027-11-23');
  });

  it('names each scope with a key i18next can read', () => {
    expect([
      scopeKey('read'),
      scopeKey('catalog:write'),
      scopeKey('invoices:read'),
      scopeKey('invoices:write'),
    ]).toEqual(['read', 'catalogWrite', 'invoicesRead', 'invoicesWrite']);
  });

  it('shows how to call the API with the token', () => {
    expect(tokenUsageHint('https://procura.example')).toBe(
      'curl -H "Authorization: Bearer …" https://procura.example/api/v1/me',
    );
  });
});
