// Each test file gets its own database, cloned from the migrated template in a few
// milliseconds, so tests never see each other's rows and need no clean-up between them.
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { inject } from 'vitest';
import { connect } from '../connection.js';
import './provided-context.js';
import { databaseUrl } from './urls.js';

export { databaseUrl } from './urls.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** A new Kysely instance on this database; destroyed with the test database. */
  connect<DB>(): Kysely<DB>;
  /** Closes every connection made through `connect` and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject('procuraDatabase');
  const name = `procura_test_${randomBytes(8).toString('hex')}`;
  const admin = connect<unknown>({ url: adminUrl, maxConnections: 1 });
  try {
    await cloneTemplate(admin, name, template);
  } finally {
    await admin.destroy();
  }
  const url = databaseUrl(adminUrl, name);
  const opened: Kysely<unknown>[] = [];
  return {
    name,
    url,
    connect<DB>() {
      const db = connect<DB>({ url, applicationName: 'procura-test' });
      opened.push(db as Kysely<unknown>);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.destroy()));
      const dropper = connect<unknown>({ url: adminUrl, maxConnections: 1 });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(dropper);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** CREATE DATABASE … TEMPLATE fails while another clone of the same template is being made; retry. */
async function cloneTemplate(admin: Kysely<unknown>, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin);
      return;
    } catch (error) {
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Every migration by schema, to run one again in a test (an existing installation's upgrade). */
export { migrations } from '../migrations/index.js';
