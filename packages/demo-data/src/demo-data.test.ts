import { describe, expect, it } from 'vitest';
import {
  demoCatalogItems,
  demoCategories,
  demoCostCentres,
  demoEntities,
  demoGroup,
  demoSites,
  demoSuppliers,
  demoUserEmails,
  demoUsers,
  type Role,
} from './index.js';

// --- Small local checks (deliberately independent of the domain package) -------------------------

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DECIMAL = /^\d+\.\d{2,4}$/;
const TWO_DECIMALS = /^\d+\.\d{2}$/;
const UNSPSC_COMMODITY = /^[1-9]\d{7}$/;
const FR_PHONE = /^\+33 [1-9]( \d{2}){4}$/;
const FR_POSTAL_CODE = /^\d{5}$/;
const EMAIL_EXAMPLE = /^[a-z0-9.-]+@[a-z0-9-]+\.example$/;

/** Luhn checksum over a string of digits (used by SIREN and SIRET). */
function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function sirenValid(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

function siretValid(siret: string, siren: string): boolean {
  return /^\d{14}$/.test(siret) && siret.startsWith(siren) && luhnValid(siret);
}

/** French intra-community VAT number: 'FR' + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}

/**
 * Unit codes the catalogue may use: UN/ECE Recommendation 20 codes, plus the Recommendation 21
 * package codes in their X-prefixed form (XBX box, XPK package), as the EN 16931 unit code list
 * carries them. The bare BX and PK were deleted from Recommendation 20.
 */
const ALLOWED_UNIT_CODES = new Set([
  'H87', // piece
  'C62', // one
  'E48', // service unit
  'IE', // person
  'SET', // set
  'RM', // ream
  'MTR', // metre
  'MTK', // square metre
  'HUR', // hour
  'DAY', // day
  'MON', // month
  'ANN', // year
  'XBX', // box (Rec 21)
  'XPK', // package (Rec 21)
]);

const FRENCH_VAT_RATES = new Set(['20.00', '10.00', '5.50', '2.10', '0.00']);

// --- Lookups ---------------------------------------------------------------------------------------

const entityById = new Map(demoEntities.map((e) => [e.id, e]));
const siteById = new Map(demoSites.map((s) => [s.id, s]));
const costCentreById = new Map(demoCostCentres.map((c) => [c.id, c]));
const userById = new Map(demoUsers.map((u) => [u.id, u]));
const supplierById = new Map(demoSuppliers.map((s) => [s.id, s]));
const categoryCodes = new Set(demoCategories.map((c) => c.code));

/** The one demo user holding `role`; for managers, the cost-centre manager (the director is above). */
function userWithRole(role: Role) {
  const users = demoUsers.filter(
    (u) => u.roles.includes(role) && (role !== 'manager' || u.email === demoUserEmails.manager),
  );
  expect(users, `exactly one user with role ${role}`).toHaveLength(1);
  const [user] = users;
  if (user === undefined) throw new Error(`no user with role ${role}`);
  return user;
}

// --- Tests -----------------------------------------------------------------------------------------

describe('identifiers', () => {
  const allIds = [
    demoGroup.id,
    ...demoEntities.map((e) => e.id),
    ...demoSites.map((s) => s.id),
    ...demoCostCentres.map((c) => c.id),
    ...demoUsers.map((u) => u.id),
    ...demoSuppliers.map((s) => s.id),
    ...demoCatalogItems.map((i) => i.id),
  ];

  it('are lowercase UUID v4 strings', () => {
    expect(allIds.filter((id) => !UUID_V4.test(id))).toEqual([]);
  });

  it('are unique across the whole data set', () => {
    expect(duplicates(allIds)).toEqual([]);
  });
});

describe('organisation', () => {
  it('has one group with two entities: a parent SAS and a subsidiary', () => {
    expect(demoGroup.name).toBe('Groupe Altiva');
    expect(demoEntities).toHaveLength(2);
    const parents = demoEntities.filter((e) => e.parentEntityId === null);
    expect(parents).toHaveLength(1);
    const [parent] = parents;
    expect(parent?.legalForm).toBe('SAS');
    const subsidiary = demoEntities.find((e) => e.parentEntityId !== null);
    expect(subsidiary?.parentEntityId).toBe(parent?.id);
    expect(['SAS', 'SARL']).toContain(subsidiary?.legalForm);
    for (const entity of demoEntities) {
      expect(entity.groupId).toBe(demoGroup.id);
      expect(entity.country).toBe('FR');
      expect(entity.currency).toBe('EUR');
      expect(entity.legalName).toContain(entity.legalForm);
    }
  });

  it('gives each entity a unique code, valid SIREN, SIRET and VAT number', () => {
    expect(duplicates(demoEntities.map((e) => e.code))).toEqual([]);
    for (const entity of demoEntities) {
      expect(sirenValid(entity.siren), `SIREN of ${entity.code}`).toBe(true);
      expect(siretValid(entity.siret, entity.siren), `SIRET of ${entity.code}`).toBe(true);
      expect(entity.vatNumber).toBe(frenchVatNumber(entity.siren));
      expect(entity.shareCapital).toMatch(TWO_DECIMALS);
      expect(Number(entity.shareCapital)).toBeGreaterThan(0);
      expect(entity.postalCode).toMatch(FR_POSTAL_CODE);
      expect(entity.registrationCity.length).toBeGreaterThan(0);
    }
  });

  it('has at least three sites, each attached to an entity, and each entity has a site', () => {
    expect(demoSites.length).toBeGreaterThanOrEqual(3);
    expect(duplicates(demoSites.map((s) => s.code))).toEqual([]);
    for (const site of demoSites) {
      expect(entityById.has(site.entityId), `entity of site ${site.code}`).toBe(true);
      expect(site.postalCode).toMatch(FR_POSTAL_CODE);
      expect(site.country).toBe('FR');
    }
    for (const entity of demoEntities) {
      expect(
        demoSites.some((s) => s.entityId === entity.id),
        `site of ${entity.code}`,
      ).toBe(true);
    }
  });

  it('has about six cost centres spread over both entities, each managed by a demo user', () => {
    expect(demoCostCentres.length).toBeGreaterThanOrEqual(5);
    expect(demoCostCentres.length).toBeLessThanOrEqual(8);
    expect(duplicates(demoCostCentres.map((c) => c.code))).toEqual([]);
    for (const entity of demoEntities) {
      expect(demoCostCentres.some((c) => c.entityId === entity.id)).toBe(true);
    }
    for (const cc of demoCostCentres) {
      expect(entityById.has(cc.entityId), `entity of ${cc.code}`).toBe(true);
      expect(userById.has(cc.managerUserId), `manager of ${cc.code}`).toBe(true);
      expect(cc.nameFr).not.toBe('');
      expect(cc.nameEn).not.toBe('');
      expect(cc.nameFr).not.toBe(cc.nameEn);
    }
    const manager = userWithRole('manager');
    const managedByManager = demoCostCentres.filter((c) => c.managerUserId === manager.id);
    expect(managedByManager.length * 2).toBeGreaterThan(demoCostCentres.length);
  });
});

describe('users', () => {
  it('are exactly six, with the expected role sets', () => {
    expect(demoUsers).toHaveLength(6);
    const roleSets = demoUsers.map((u) => [...u.roles].sort().join('+')).sort();
    expect(roleSets).toEqual(
      [
        'employee',
        'employee+manager',
        'employee+manager',
        'buyer+employee',
        'accountant+employee',
        'administrator+employee',
      ].sort(),
    );
    expect(demoUsers.some((u) => u.roles.includes('auditor'))).toBe(false);
  });

  it('have unique e-mails on the fictional domain, matching demoUserEmails', () => {
    expect(duplicates(demoUsers.map((u) => u.email))).toEqual([]);
    for (const user of demoUsers) expect(user.email).toMatch(EMAIL_EXAMPLE);
    expect(userWithRole('manager').email).toBe(demoUserEmails.manager);
    expect(userWithRole('buyer').email).toBe(demoUserEmails.buyer);
    expect(userWithRole('accountant').email).toBe(demoUserEmails.accountant);
    expect(userWithRole('administrator').email).toBe(demoUserEmails.administrator);
    const requester = demoUsers.find((u) => u.roles.length === 1 && u.roles[0] === 'employee');
    expect(requester?.email).toBe(demoUserEmails.employee);
  });

  it('belong to an entity, a site and cost centres of that same entity', () => {
    for (const user of demoUsers) {
      expect(entityById.has(user.entityId), `entity of ${user.email}`).toBe(true);
      expect(siteById.get(user.siteId)?.entityId, `site of ${user.email}`).toBe(user.entityId);
      expect(user.costCentreIds.length).toBeGreaterThan(0);
      for (const ccId of user.costCentreIds) {
        expect(costCentreById.get(ccId)?.entityId, `cost centre of ${user.email}`).toBe(user.entityId);
      }
      expect(user.displayName.trim()).toBe(user.displayName);
      expect(['fr', 'en']).toContain(user.locale);
    }
    expect(new Set(demoUsers.map((u) => u.entityId)).size).toBe(2);
  });

  it('form a manager chain from the requester to the manager and the director, without cycles', () => {
    const requester = demoUsers.find((u) => u.email === demoUserEmails.employee);
    const manager = userWithRole('manager');
    const director = demoUsers.find((u) => u.email === demoUserEmails.director);
    expect(requester?.managerUserId).toBe(manager.id);
    expect(manager.managerUserId).toBe(director?.id);
    expect(director?.managerUserId).toBeNull();
    for (const user of demoUsers) {
      const seen = new Set<string>([user.id]);
      let next = user.managerUserId;
      while (next !== null) {
        expect(userById.has(next), `manager of ${user.email}`).toBe(true);
        expect(seen.has(next), `cycle from ${user.email}`).toBe(false);
        seen.add(next);
        next = userById.get(next)?.managerUserId ?? null;
      }
    }
  });

  it('give the manager an approval limit that is a canonical amount', () => {
    const manager = userWithRole('manager');
    expect(manager.approvalLimit).toBe('5000.00');
    expect(demoUsers.find((u) => u.email === demoUserEmails.director)?.approvalLimit).toBe('50000.00');
    for (const user of demoUsers) {
      if (user.approvalLimit !== null) expect(user.approvalLimit).toMatch(TWO_DECIMALS);
    }
    expect(demoUsers.find((u) => u.email === demoUserEmails.employee)?.approvalLimit).toBeNull();
  });
});

describe('categories', () => {
  it('are unique UNSPSC 8-digit codes with French and English names', () => {
    expect(demoCategories.length).toBeGreaterThan(10);
    expect(duplicates(demoCategories.map((c) => c.code))).toEqual([]);
    for (const category of demoCategories) {
      expect(category.code).toMatch(UNSPSC_COMMODITY);
      expect(category.nameFr.trim()).not.toBe('');
      expect(category.nameEn.trim()).not.toBe('');
    }
    expect(duplicates(demoCategories.map((c) => c.nameFr))).toEqual([]);
    expect(duplicates(demoCategories.map((c) => c.nameEn))).toEqual([]);
  });

  it('are all used by at least one catalogue item', () => {
    const used = new Set(demoCatalogItems.map((i) => i.categoryCode));
    expect(demoCategories.filter((c) => !used.has(c.code)).map((c) => c.code)).toEqual([]);
  });
});

describe('suppliers', () => {
  it('are three, with valid SIREN, SIRET and VAT numbers', () => {
    expect(demoSuppliers).toHaveLength(3);
    expect(duplicates(demoSuppliers.map((s) => s.name))).toEqual([]);
    expect(duplicates(demoSuppliers.map((s) => s.siren))).toEqual([]);
    for (const supplier of demoSuppliers) {
      expect(sirenValid(supplier.siren), `SIREN of ${supplier.name}`).toBe(true);
      expect(siretValid(supplier.siret, supplier.siren), `SIRET of ${supplier.name}`).toBe(true);
      expect(supplier.vatNumber).toBe(frenchVatNumber(supplier.siren));
      expect(supplier.country).toBe('FR');
      expect(supplier.postalCode).toMatch(FR_POSTAL_CODE);
    }
    const sirens = new Set(demoEntities.map((e) => e.siren));
    expect(demoSuppliers.filter((s) => sirens.has(s.siren))).toEqual([]);
  });

  it('have realistic terms and contacts', () => {
    for (const supplier of demoSuppliers) {
      expect([30, 45, 60]).toContain(supplier.paymentTermsDays);
      expect(supplier.orderEmail).toMatch(EMAIL_EXAMPLE);
      expect(supplier.contactEmail).toMatch(EMAIL_EXAMPLE);
      expect(supplier.contactPhone).toMatch(FR_PHONE);
      expect(supplier.contactName.trim()).not.toBe('');
      expect(supplier.languages.length).toBeGreaterThan(0);
      expect(supplier.languages).toContain('fr');
    }
  });

  it('list known categories, each used by one of their items', () => {
    for (const supplier of demoSuppliers) {
      expect(duplicates(supplier.categoryCodes)).toEqual([]);
      const used = new Set(
        demoCatalogItems.filter((i) => i.supplierId === supplier.id).map((i) => i.categoryCode),
      );
      for (const code of supplier.categoryCodes) {
        expect(categoryCodes.has(code), `${code} of ${supplier.name}`).toBe(true);
        expect(used.has(code), `${code} used by ${supplier.name}`).toBe(true);
      }
    }
  });

  it('serve both entities, except the services company which serves only the parent', () => {
    const parent = demoEntities.find((e) => e.parentEntityId === null);
    const [wholesaler, reseller, services] = demoSuppliers;
    const allEntityIds = demoEntities.map((e) => e.id).sort();
    expect([...(wholesaler?.allowedEntityIds ?? [])].sort()).toEqual(allEntityIds);
    expect([...(reseller?.allowedEntityIds ?? [])].sort()).toEqual(allEntityIds);
    expect(services?.allowedEntityIds).toEqual([parent?.id]);
    for (const supplier of demoSuppliers) {
      for (const entityId of supplier.allowedEntityIds) expect(entityById.has(entityId)).toBe(true);
    }
  });
});

describe('catalogue items', () => {
  it('number about two hundred, spread over the three suppliers', () => {
    expect(demoCatalogItems.length).toBeGreaterThanOrEqual(195);
    expect(demoCatalogItems.length).toBeLessThanOrEqual(210);
    for (const supplier of demoSuppliers) {
      expect(demoCatalogItems.filter((i) => i.supplierId === supplier.id).length).toBeGreaterThanOrEqual(20);
    }
  });

  it('refer to a known supplier and to a category that the supplier declares', () => {
    for (const item of demoCatalogItems) {
      const supplier = supplierById.get(item.supplierId);
      expect(supplier, `supplier of ${item.supplierSku}`).toBeDefined();
      expect(categoryCodes.has(item.categoryCode), `category of ${item.supplierSku}`).toBe(true);
      expect(supplier?.categoryCodes, `category of ${item.supplierSku}`).toContain(item.categoryCode);
    }
  });

  it('have supplier SKUs unique per supplier', () => {
    for (const supplier of demoSuppliers) {
      const skus = demoCatalogItems.filter((i) => i.supplierId === supplier.id).map((i) => i.supplierSku);
      expect(duplicates(skus), supplier.name).toEqual([]);
      for (const sku of skus) expect(sku).toMatch(/^[A-Z0-9][A-Z0-9-]*$/);
    }
  });

  it('have unique, non-empty French and English names that differ for most items', () => {
    expect(duplicates(demoCatalogItems.map((i) => i.nameFr))).toEqual([]);
    expect(duplicates(demoCatalogItems.map((i) => i.nameEn))).toEqual([]);
    for (const item of demoCatalogItems) {
      for (const text of [item.nameFr, item.nameEn, item.descriptionFr, item.descriptionEn]) {
        expect(text.trim(), item.supplierSku).toBe(text);
        expect(text.length, item.supplierSku).toBeGreaterThan(3);
        expect(text, item.supplierSku).not.toMatch(/ {2}/);
      }
    }
    const differing = demoCatalogItems.filter(
      (i) => i.nameFr !== i.nameEn && i.descriptionFr !== i.descriptionEn,
    ).length;
    expect(differing / demoCatalogItems.length).toBeGreaterThanOrEqual(0.95);
  });

  it('have canonical positive unit prices in euros and French VAT rates', () => {
    for (const item of demoCatalogItems) {
      expect(item.unitPrice, item.supplierSku).toMatch(DECIMAL);
      expect(Number(item.unitPrice), item.supplierSku).toBeGreaterThan(0);
      expect(item.currency).toBe('EUR');
      expect(item.vatRate, item.supplierSku).toMatch(TWO_DECIMALS);
      expect(FRENCH_VAT_RATES.has(item.vatRate), item.supplierSku).toBe(true);
    }
    const standardRate = demoCatalogItems.filter((i) => i.vatRate === '20.00').length;
    expect(standardRate / demoCatalogItems.length).toBeGreaterThan(0.9);
    // Only vocational training (UNSPSC segment 86) may be exempt.
    for (const item of demoCatalogItems.filter((i) => i.vatRate === '0.00')) {
      expect(item.categoryCode.startsWith('86'), item.supplierSku).toBe(true);
    }
  });

  it('use real UN/ECE unit codes', () => {
    const unknown = demoCatalogItems.filter((i) => !ALLOWED_UNIT_CODES.has(i.unitCode));
    expect(unknown.map((i) => `${i.supplierSku}:${i.unitCode}`)).toEqual([]);
  });

  it('have sensible minimum quantities and lead times', () => {
    for (const item of demoCatalogItems) {
      expect(Number.isInteger(item.minOrderQuantity), item.supplierSku).toBe(true);
      expect(item.minOrderQuantity, item.supplierSku).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(item.leadTimeDays), item.supplierSku).toBe(true);
      expect(item.leadTimeDays, item.supplierSku).toBeGreaterThanOrEqual(1);
      expect(item.leadTimeDays, item.supplierSku).toBeLessThanOrEqual(15);
      const isService = ['72', '76', '81', '86'].includes(item.categoryCode.slice(0, 2));
      if (isService) {
        expect(item.leadTimeDays, item.supplierSku).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it('include the staples of indirect procurement', () => {
    const names = demoCatalogItems.map((i) => i.nameFr);
    expect(names).toContain('Ramette de papier A4 80 g/m² blanc');
    const has = (pattern: RegExp) => names.some((n) => pattern.test(n));
    for (const pattern of [
      /^Ordinateur portable/,
      /^Écran 24"/,
      /^Écran 27"/,
      /^Station d'accueil/,
      /^Webcam/,
      /^Micro-casque/,
      /^Switch/,
      /^Point d'accès Wi-Fi/,
      /^Toner/,
      /^Classeur/,
      /^Nettoyage de bureaux/,
      /^Support informatique/,
      /^Formation/,
    ]) {
      expect(has(pattern), String(pattern)).toBe(true);
    }
  });
});
