import type { ApiScope, ApiTokenSummary } from './api.js';
import { addYears, type CalendarDate, localToday } from './dates.js';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: Pick<ApiTokenSummary, 'revokedAt' | 'expiresAt'>, now: Date): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt).getTime() <= now.getTime() ? 'expired' : 'active';
}

/** A new token lasts one year unless the administrator says otherwise. */
export function defaultTokenExpiry(now: Date): CalendarDate {
  return addYears(localToday(now), 1);
}

/** The locale key of a scope (i18next reads ':' as a namespace separator). */
export const scopeKeys = {
  read: 'read',
  'catalog:write': 'catalogWrite',
  'invoices:read': 'invoicesRead',
  'invoices:write': 'invoicesWrite',
} as const;

export function scopeKey(scope: ApiScope): (typeof scopeKeys)[ApiScope] {
  return scopeKeys[scope];
}

/** How to try a token: the same call the web app makes first, with the token as a bearer. */
export function tokenUsageHint(origin: string): string {
  return `curl -H "Authorization: Bearer …" ${origin}/api/v1/me`;
}
