import { demoUserEmails, demoUsers } from './organisation.js';
import { demoSupplierIds } from './suppliers.js';

// What a buyer has gathered on each demo supplier beyond its identity: addresses, contacts, the bank
// account (entered by the buyer, verified by the accountant), the yearly spend that the compliance
// rules read, and the compliance documents, dated relative to the day the demo is loaded so that
// one of them is always about to expire (Numéria's URSSAF certificate, in 12 days).

export type DemoAddressKind = 'registered_office' | 'ordering' | 'remittance';
export type DemoContactRole = 'sales' | 'accounts' | 'compliance' | 'management' | 'other';
export type DemoDocumentType =
  | 'company_registration'
  | 'urssaf_vigilance'
  | 'insurance_certificate'
  | 'purchasing_terms_acceptance';

export interface DemoSupplierReferencing {
  supplierId: string;
  duns: string | null;
  yearlySpend: string;
  yearlySpendSource: string;
  responsibleBuyerUserId: string;
  addresses: { kind: DemoAddressKind; line1: string; postalCode: string; city: string; country: 'FR' }[];
  contacts: {
    name: string;
    email: string;
    phone: string;
    role: DemoContactRole;
    complianceContact: boolean;
  }[];
  bankAccount: {
    iban: string;
    bic: string;
    accountHolder: string;
    enteredByUserId: string;
    verifiedByUserId: string;
  };
  documents: {
    type: DemoDocumentType;
    issuedDaysAgo: number;
    expiresInDays: number | null;
    fileName: string;
  }[];
}

const userId = (email: string) => {
  const user = demoUsers.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user.id;
};
const buyer = userId(demoUserEmails.buyer);
const accountant = userId(demoUserEmails.accountant);
const spendSource = 'Purchase orders of the last 12 months (estimate entered by the buyer)';

export const demoSupplierReferencing: readonly DemoSupplierReferencing[] = [
  {
    supplierId: demoSupplierIds.lemaire,
    duns: '275123456',
    yearlySpend: '48000.00',
    yearlySpendSource: spendSource,
    responsibleBuyerUserId: buyer,
    addresses: [
      {
        kind: 'registered_office',
        line1: '17 avenue Louis Roche',
        postalCode: '92230',
        city: 'Gennevilliers',
        country: 'FR',
      },
      {
        kind: 'remittance',
        line1: 'Service comptabilité, 17 avenue Louis Roche',
        postalCode: '92230',
        city: 'Gennevilliers',
        country: 'FR',
      },
    ],
    contacts: [
      {
        name: 'Isabelle Fontaine',
        email: 'isabelle.fontaine@lemaire-bureau.example',
        phone: '+33 1 99 00 41 27',
        role: 'sales',
        complianceContact: false,
      },
      {
        name: 'Marc Delorme',
        email: 'conformite@lemaire-bureau.example',
        phone: '+33 1 99 00 41 30',
        role: 'compliance',
        complianceContact: true,
      },
    ],
    bankAccount: {
      iban: 'FR1430004008280001234567890',
      bic: 'BNPAFRPPXXX',
      accountHolder: 'Lemaire Bureau Distribution SAS',
      enteredByUserId: buyer,
      verifiedByUserId: accountant,
    },
    documents: [
      {
        type: 'purchasing_terms_acceptance',
        issuedDaysAgo: 200,
        expiresInDays: null,
        fileName: 'cga-signees-lemaire.pdf',
      },
      { type: 'company_registration', issuedDaysAgo: 20, expiresInDays: 70, fileName: 'kbis-lemaire.pdf' },
      {
        type: 'urssaf_vigilance',
        issuedDaysAgo: 40,
        expiresInDays: 140,
        fileName: 'attestation-vigilance-lemaire.pdf',
      },
    ],
  },
  {
    supplierId: demoSupplierIds.numeria,
    duns: null,
    yearlySpend: '120000.00',
    yearlySpendSource: spendSource,
    responsibleBuyerUserId: buyer,
    addresses: [
      {
        kind: 'registered_office',
        line1: '31 rue Maurice Flandin',
        postalCode: '69003',
        city: 'Lyon',
        country: 'FR',
      },
      {
        kind: 'ordering',
        line1: 'Service commandes, 31 rue Maurice Flandin',
        postalCode: '69003',
        city: 'Lyon',
        country: 'FR',
      },
    ],
    contacts: [
      {
        name: 'Mehdi Haddad',
        email: 'mehdi.haddad@numeria-systemes.example',
        phone: '+33 4 65 71 23 58',
        role: 'sales',
        complianceContact: true,
      },
      {
        name: 'Claire Vidal',
        email: 'comptabilite@numeria-systemes.example',
        phone: '+33 4 65 71 23 60',
        role: 'accounts',
        complianceContact: false,
      },
    ],
    bankAccount: {
      iban: 'FR7710107001300012345678907',
      bic: 'BREDFRPPXXX',
      accountHolder: 'Numéria Systèmes SAS',
      enteredByUserId: buyer,
      verifiedByUserId: accountant,
    },
    documents: [
      {
        type: 'purchasing_terms_acceptance',
        issuedDaysAgo: 300,
        expiresInDays: null,
        fileName: 'cga-numeria.pdf',
      },
      { type: 'company_registration', issuedDaysAgo: 30, expiresInDays: 60, fileName: 'kbis-numeria.pdf' },
      // About to expire: the page shows it, and the daily job reminds the supplier.
      {
        type: 'urssaf_vigilance',
        issuedDaysAgo: 170,
        expiresInDays: 12,
        fileName: 'attestation-vigilance-numeria.pdf',
      },
      {
        type: 'insurance_certificate',
        issuedDaysAgo: 90,
        expiresInDays: 270,
        fileName: 'assurance-rc-numeria.pdf',
      },
    ],
  },
  {
    supplierId: demoSupplierIds.orialis,
    duns: '150483782',
    yearlySpend: '36000.00',
    yearlySpendSource: spendSource,
    responsibleBuyerUserId: buyer,
    addresses: [
      {
        kind: 'registered_office',
        line1: '57 rue de Paris',
        postalCode: '93100',
        city: 'Montreuil',
        country: 'FR',
      },
    ],
    contacts: [
      {
        name: 'Nadia Mercier',
        email: 'nadia.mercier@orialis-services.example',
        phone: '+33 1 99 00 67 93',
        role: 'management',
        complianceContact: true,
      },
    ],
    bankAccount: {
      iban: 'FR3330002005500000157841Z25',
      bic: 'CRLYFRPPXXX',
      accountHolder: 'Orialis Services SAS',
      enteredByUserId: buyer,
      verifiedByUserId: accountant,
    },
    documents: [
      {
        type: 'purchasing_terms_acceptance',
        issuedDaysAgo: 100,
        expiresInDays: null,
        fileName: 'cga-orialis.pdf',
      },
      { type: 'company_registration', issuedDaysAgo: 10, expiresInDays: 80, fileName: 'kbis-orialis.pdf' },
      {
        type: 'urssaf_vigilance',
        issuedDaysAgo: 60,
        expiresInDays: 120,
        fileName: 'attestation-vigilance-orialis.pdf',
      },
      {
        type: 'insurance_certificate',
        issuedDaysAgo: 45,
        expiresInDays: 320,
        fileName: 'assurance-rc-orialis.pdf',
      },
    ],
  },
];
