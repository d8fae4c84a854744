import type { CatalogDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadDemoData } from '../../src/demo/load-demo-data.js';

export const logger = pino({ level: 'silent' });

export interface Harness {
  database: TestDatabase;
  db: Kysely<CatalogDatabase>;
  keys: TestIdentityKeys;
  app: ReturnType<typeof createApp>;
  as(identity: TIdentity): Promise<Record<string, string>>;
}

/** A cloned database with the demo data, and the catalog app on it. */
export async function startHarness(options: { mailer?: Mailer; demo?: boolean } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const db = database.connect<CatalogDatabase>();
  const keys = await createTestIdentityKeys();
  if (options.demo ?? true) await loadDemoData(db, logger);
  const app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [], mailer: options.mailer });
  return {
    database,
    db,
    keys,
    app,
    as: async (identity) => ({ [identityHeader]: await keys.tokenFor(identity, 'catalog') }),
  };
}

/** Another person with the same roles and entity as a demo user. */
export function colleagueOf(
  role: Parameters<typeof demoIdentity>[0],
  userId: string,
  displayName: string,
): TIdentity {
  return {
    ...demoIdentity(role),
    userId,
    displayName,
    email: `${displayName.toLowerCase().replace(/\W+/g, '.')}@altiva.example`,
  };
}

export const secondBuyer = colleagueOf('buyer', '0d6f6f3e-6b1a-4c2e-9f51-3c7e2a9b1d40', 'Paul Roux');
export const secondAccountant = colleagueOf(
  'accountant',
  '5a2b7c9d-1e3f-4a5b-8c7d-9e0f1a2b3c4d',
  'Anne Caron',
);

/** An internal auditor: reads suppliers, changes nothing (no demo user has this role). */
export const auditor: TIdentity = {
  ...colleagueOf('accountant', '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f', 'Claire Audit'),
  roles: ['auditor'],
};

/** A valid new supplier, French, with a SIRET, VAT number, an address and a compliance contact. */
export const newSupplier = (overrides: Record<string, unknown> = {}) => ({
  name: 'Atelier Verdier',
  legalForm: 'SARL',
  country: 'FR',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  duns: '123456789',
  languages: ['fr'],
  paymentTermsDays: 45,
  orderEmail: 'commandes@atelier-verdier.example',
  addresses: [
    {
      kind: 'registered_office',
      line1: '4 rue des Lilas',
      postalCode: '35000',
      city: 'Rennes',
      country: 'FR',
    },
    { kind: 'remittance', line1: 'BP 12', postalCode: '35000', city: 'Rennes', country: 'FR' },
  ],
  contacts: [
    { name: 'Hugo Verdier', email: 'hugo@atelier-verdier.example', role: 'sales' },
    {
      name: 'Lina Verdier',
      email: 'conformite@atelier-verdier.example',
      role: 'compliance',
      complianceContact: true,
    },
  ],
  categoryCodes: ['44121704'],
  allowedEntities: [],
  yearlySpend: { amount: '12000.00', currency: 'EUR', source: 'Tender estimate 2026' },
  ...overrides,
});
