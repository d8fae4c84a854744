import type { DemoCostCentre, DemoEntity, DemoGroup, DemoSite, DemoUser, DemoUserEmails } from './types.js';

// Groupe Altiva: a fictional French group with a parent SAS (head office in Paris, branch in Lyon)
// and a subsidiary SARL in Nantes. SIREN and SIRET pass the Luhn check; the VAT numbers carry the
// French key (12 + 3 × (SIREN mod 97)) mod 97. E-mail domains use the reserved .example TLD and
// phone numbers come from the ranges ARCEP sets aside for fiction.

const ids = {
  group: '515c8333-3a04-4486-ba63-376f81227b4f',
  altiva: '0bf7add1-4532-4ea0-861c-b147b3e09d36',
  altivaOuest: '2382d326-db5b-4140-b3c4-6dce5759a20a',
  siteParis: '618db1b7-b3e2-4ec4-8dbb-7344e1a8c4e8',
  siteLyon: '8b4ed8bf-6746-44a5-b041-37c658ea36e1',
  siteNantes: '7a60d95a-27dc-4389-b3a4-1c23741b4592',
  ccIt: '4ed9c64f-a9d8-483b-aa53-6c4dba315e9a',
  ccMarketing: '32cc04af-2f21-4a3d-810e-4c356d258655',
  ccFinance: '71c2ac25-069e-4d35-aedf-0f8b9a3dea24',
  ccHr: '19942b32-6b18-4e63-8bc6-62358fc88f72',
  ccGeneralServices: '6d5e7a0c-f7c1-4920-b6be-baa7aa5ac917',
  ccWestOperations: '60c53166-cb9a-4756-a4b6-2a6d93091816',
  ccWestAdministration: 'f06d909c-7f9a-4950-8535-98a32a7c4219',
  employee: '3c59b28b-71f3-457a-90fb-9e94e79dbec8',
  manager: '02ab102b-b964-43ce-a9a9-3a52620140db',
  buyer: '3409defb-e13f-4315-bc12-87dc854b447e',
  accountant: 'ae302952-a148-4680-b3c9-83c1cfe9af7a',
  administrator: '9bbaf034-90ca-4c86-ab61-7203230f9eb4',
  director: 'b7e3c1d2-5f4a-4e8b-9c6d-2a1f0e9d8c7b',
} as const;

/** Entity ids, for modules of this package that refer to the buying entities. */
export const demoEntityIds = { altiva: ids.altiva, altivaOuest: ids.altivaOuest } as const;

export const demoGroup: DemoGroup = { id: ids.group, name: 'Groupe Altiva' };

export const demoEntities: readonly DemoEntity[] = [
  {
    id: ids.altiva,
    groupId: ids.group,
    code: 'ALTIVA',
    legalName: 'Altiva SAS',
    legalForm: 'SAS',
    siren: '342044278',
    siret: '34204427800014',
    vatNumber: 'FR13342044278',
    shareCapital: '1500000.00',
    registrationCity: 'Paris',
    addressLine: '42 rue de Châteaudun',
    postalCode: '75009',
    city: 'Paris',
    country: 'FR',
    currency: 'EUR',
    parentEntityId: null,
  },
  {
    id: ids.altivaOuest,
    groupId: ids.group,
    code: 'ALTIVA-OUEST',
    legalName: 'Altiva Ouest SARL',
    legalForm: 'SARL',
    siren: '886058932',
    siret: '88605893200015',
    vatNumber: 'FR60886058932',
    shareCapital: '200000.00',
    registrationCity: 'Nantes',
    addressLine: '12 quai de la Fosse',
    postalCode: '44000',
    city: 'Nantes',
    country: 'FR',
    currency: 'EUR',
    parentEntityId: ids.altiva,
  },
];

export const demoSites: readonly DemoSite[] = [
  {
    id: ids.siteParis,
    entityId: ids.altiva,
    code: 'PAR-HQ',
    name: 'Siège social – Paris',
    addressLine: '42 rue de Châteaudun',
    postalCode: '75009',
    city: 'Paris',
    country: 'FR',
  },
  {
    id: ids.siteLyon,
    entityId: ids.altiva,
    code: 'LYO',
    name: 'Agence de Lyon',
    addressLine: '64 rue de la République',
    postalCode: '69002',
    city: 'Lyon',
    country: 'FR',
  },
  {
    id: ids.siteNantes,
    entityId: ids.altivaOuest,
    code: 'NTE',
    name: 'Site de Nantes',
    addressLine: '12 quai de la Fosse',
    postalCode: '44000',
    city: 'Nantes',
    country: 'FR',
  },
];

export const demoCostCentres: readonly DemoCostCentre[] = [
  {
    id: ids.ccIt,
    entityId: ids.altiva,
    code: 'ALT-IT',
    nameFr: 'Informatique',
    nameEn: 'Information technology',
    managerUserId: ids.manager,
  },
  {
    id: ids.ccMarketing,
    entityId: ids.altiva,
    code: 'ALT-MKT',
    nameFr: 'Marketing et communication',
    nameEn: 'Marketing and communications',
    managerUserId: ids.manager,
  },
  {
    id: ids.ccFinance,
    entityId: ids.altiva,
    code: 'ALT-FIN',
    nameFr: 'Finance et comptabilité',
    nameEn: 'Finance and accounting',
    managerUserId: ids.accountant,
  },
  {
    id: ids.ccHr,
    entityId: ids.altiva,
    code: 'ALT-RH',
    nameFr: 'Ressources humaines',
    nameEn: 'Human resources',
    managerUserId: ids.manager,
  },
  {
    id: ids.ccGeneralServices,
    entityId: ids.altiva,
    code: 'ALT-SG',
    nameFr: 'Services généraux et achats',
    nameEn: 'General services and purchasing',
    managerUserId: ids.manager,
  },
  {
    id: ids.ccWestOperations,
    entityId: ids.altivaOuest,
    code: 'ALO-OPS',
    nameFr: 'Opérations Ouest',
    nameEn: 'West operations',
    managerUserId: ids.manager,
  },
  {
    id: ids.ccWestAdministration,
    entityId: ids.altivaOuest,
    code: 'ALO-ADM',
    nameFr: 'Administration et finance Ouest',
    nameEn: 'West administration and finance',
    managerUserId: ids.accountant,
  },
];

export const demoUserEmails: DemoUserEmails = {
  employee: 'lea.moreau@altiva.example',
  manager: 'julien.lefevre@altiva.example',
  buyer: 'sophie.garnier@altiva.example',
  accountant: 'thomas.petit@altiva.example',
  administrator: 'antoine.lambert@altiva.example',
  director: 'claire.dubois@altiva.example',
};

export const demoUsers: readonly DemoUser[] = [
  {
    // Marketing officer in Paris: the requester of the demo scenarios.
    id: ids.employee,
    email: demoUserEmails.employee,
    displayName: 'Léa Moreau',
    roles: ['employee'],
    entityId: ids.altiva,
    siteId: ids.siteParis,
    costCentreIds: [ids.ccMarketing],
    managerUserId: ids.manager,
    locale: 'fr',
    approvalLimit: null,
  },
  {
    // Group operations director: manages most cost centres, approves up to 5,000 EUR.
    id: ids.manager,
    email: demoUserEmails.manager,
    displayName: 'Julien Lefèvre',
    roles: ['employee', 'manager'],
    entityId: ids.altiva,
    siteId: ids.siteParis,
    costCentreIds: [ids.ccMarketing, ids.ccIt, ids.ccHr, ids.ccGeneralServices],
    managerUserId: ids.director,
    locale: 'fr',
    approvalLimit: '5000.00',
  },
  {
    // Group buyer, based at the Lyon branch.
    id: ids.buyer,
    email: demoUserEmails.buyer,
    displayName: 'Sophie Garnier',
    roles: ['employee', 'buyer'],
    entityId: ids.altiva,
    siteId: ids.siteLyon,
    costCentreIds: [ids.ccGeneralServices],
    managerUserId: ids.manager,
    locale: 'fr',
    approvalLimit: null,
  },
  {
    // Group accountant: manages the finance cost centres of both entities.
    id: ids.accountant,
    email: demoUserEmails.accountant,
    displayName: 'Thomas Petit',
    roles: ['employee', 'accountant'],
    entityId: ids.altiva,
    siteId: ids.siteParis,
    costCentreIds: [ids.ccFinance],
    managerUserId: null,
    locale: 'fr',
    approvalLimit: null,
  },
  {
    // Systems administrator at the Nantes subsidiary; prefers the English interface.
    id: ids.administrator,
    email: demoUserEmails.administrator,
    displayName: 'Antoine Lambert',
    roles: ['employee', 'administrator'],
    entityId: ids.altivaOuest,
    siteId: ids.siteNantes,
    costCentreIds: [ids.ccWestOperations],
    managerUserId: ids.manager,
    locale: 'en',
    approvalLimit: null,
  },
  {
    // Chief financial officer, above the operations director: holds the group's budgets and
    // approves what goes beyond his limit, up to 50,000 EUR.
    id: ids.director,
    email: demoUserEmails.director,
    displayName: 'Claire Dubois',
    roles: ['employee', 'manager'],
    entityId: ids.altiva,
    siteId: ids.siteParis,
    costCentreIds: [ids.ccFinance],
    managerUserId: null,
    locale: 'fr',
    approvalLimit: '50000.00',
  },
];
