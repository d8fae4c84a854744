// Shapes of the demo data. Plain data only: amounts and rates are canonical decimal strings
// ('1049.00', '20.00'), identifiers are lowercase UUID v4 strings.

export type Role = 'employee' | 'manager' | 'buyer' | 'accountant' | 'administrator' | 'auditor';

export type DemoLanguage = 'fr' | 'en';

export interface DemoGroup {
  id: string;
  name: string;
}

export interface DemoEntity {
  id: string;
  groupId: string;
  code: string;
  legalName: string;
  legalForm: string;
  siren: string;
  siret: string;
  vatNumber: string;
  shareCapital: string;
  registrationCity: string;
  addressLine: string;
  postalCode: string;
  city: string;
  country: 'FR';
  currency: 'EUR';
  parentEntityId: string | null;
}

export interface DemoSite {
  id: string;
  entityId: string;
  code: string;
  name: string;
  addressLine: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface DemoCostCentre {
  id: string;
  entityId: string;
  code: string;
  nameFr: string;
  nameEn: string;
  managerUserId: string;
}

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  roles: readonly Role[];
  entityId: string;
  siteId: string;
  costCentreIds: readonly string[];
  managerUserId: string | null;
  locale: DemoLanguage;
  approvalLimit: string | null;
}

export interface DemoUserEmails {
  employee: string;
  manager: string;
  buyer: string;
  accountant: string;
  administrator: string;
  /** The budget holder above the manager: approves what goes beyond the manager's limit. */
  director: string;
}

export interface DemoCategory {
  code: string;
  nameFr: string;
  nameEn: string;
}

export interface DemoSupplier {
  id: string;
  name: string;
  legalForm: string;
  siren: string;
  siret: string;
  vatNumber: string;
  country: 'FR';
  addressLine: string;
  postalCode: string;
  city: string;
  languages: readonly DemoLanguage[];
  paymentTermsDays: number;
  orderEmail: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  categoryCodes: readonly string[];
  allowedEntityIds: readonly string[];
}

export interface DemoCatalogItem {
  id: string;
  supplierId: string;
  supplierSku: string;
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  categoryCode: string;
  unitCode: string;
  unitPrice: string;
  currency: 'EUR';
  vatRate: string;
  minOrderQuantity: number;
  leadTimeDays: number;
}

export interface DemoPriceList {
  id: string;
  supplierId: string;
  reference: string;
  name: string;
  kind: 'contract' | 'price_list';
  currency: 'EUR';
  validFrom: string;
  validTo: string;
}

export interface DemoPriceTier {
  itemId: string;
  minQuantity: string;
  unitPrice: string;
}
