import { describe, expect, it } from 'vitest';
import { demoSupplierReferencing, demoSuppliers } from './index.js';

/** ISO 13616 mod-97, kept local: this package does not depend on the domain. */
function ibanValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rearranged].map((c) => Number.parseInt(c, 36).toString()).join('');
  return BigInt(digits) % 97n === 1n;
}

describe('demo supplier referencing', () => {
  it('covers every demo supplier once', () => {
    expect(demoSupplierReferencing.map((r) => r.supplierId).sort()).toEqual(
      demoSuppliers.map((s) => s.id).sort(),
    );
  });

  it('gives each supplier one compliance contact, a registered office and a valid bank account verified by someone else', () => {
    for (const r of demoSupplierReferencing) {
      expect(r.contacts.filter((c) => c.complianceContact)).toHaveLength(1);
      expect(r.addresses.some((a) => a.kind === 'registered_office')).toBe(true);
      expect(ibanValid(r.bankAccount.iban), r.bankAccount.iban).toBe(true);
      expect(r.bankAccount.iban).toHaveLength(27);
      expect(r.bankAccount.verifiedByUserId).not.toBe(r.bankAccount.enteredByUserId);
    }
  });

  it('has exactly one document expiring within 30 days, so the pages and the reminders show something', () => {
    const soon = demoSupplierReferencing.flatMap((r) =>
      r.documents.filter((d) => d.expiresInDays !== null && d.expiresInDays <= 30),
    );
    expect(soon.map((d) => d.type)).toEqual(['urssaf_vigilance']);
  });
});
