import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../src/connection.js';
import type { CatalogDatabase } from '../src/index.js';
import { migrateSchema, pendingMigrations, serviceSchemas } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, databaseUrl, type TestDatabase } from '../src/testing/index.js';

describe('test databases cloned from the migrated template', () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it('gives each caller its own database', () => {
    expect(first.name).not.toBe(second.name);
  });

  it('holds every service schema fully migrated', async () => {
    const db = first.connect<unknown>();
    for (const schema of serviceSchemas) {
      expect(await pendingMigrations(db, schema)).toEqual([]);
      expect(await migrateSchema(db, schema)).toEqual([]);
    }
  });

  it('does not let one test database see the rows of another', async () => {
    const a = first.connect<CatalogDatabase>();
    const b = second.connect<CatalogDatabase>();
    await a
      .insertInto('catalog.category')
      .values({ code: '44121600', name_fr: 'Fournitures', name_en: 'Supplies' })
      .execute();
    const inA = await a.selectFrom('catalog.category').select('code').execute();
    const inB = await b.selectFrom('catalog.category').select('code').execute();
    expect(inA).toEqual([{ code: '44121600' }]);
    expect(inB).toEqual([]);
  });

  it('drops the database and closes its connections', async () => {
    const third = await createTestDatabase();
    const db = third.connect<unknown>();
    await sql`select 1`.execute(db);
    await third.drop();
    const admin = first.connect<unknown>();
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${third.name}`.execute(admin);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('migrations run by several replicas at once', () => {
  it('migrate a fresh database exactly once, without errors', async () => {
    const { adminUrl } = inject('procuraDatabase');
    const name = `procura_race_${Date.now()}`;
    const admin = connect<unknown>({ url: adminUrl, maxConnections: 1 });
    await sql`create database ${sql.id(name)}`.execute(admin);
    const replicas = Array.from({ length: 4 }, () =>
      connect<unknown>({ url: databaseUrl(adminUrl, name), maxConnections: 2 }),
    );
    try {
      const applied = await Promise.all(replicas.map((db) => migrateSchema(db, 'catalog')));
      expect(applied.flat()).toEqual(Object.keys(migrations.catalog));
    } finally {
      await Promise.all(replicas.map((db) => db.destroy()));
      await sql`drop database ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    }
  });
});
