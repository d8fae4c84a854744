import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrations, type ServiceSchema } from './migrations/index.js';

function migratorFor(db: Kysely<unknown>, schema: ServiceSchema): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations[schema] },
    migrationTableSchema: schema,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

/**
 * Brings a service's schema to the latest migration. Safe to run from several replicas at once:
 * Kysely's migrator serialises them with a lock row.
 */
export async function migrateSchema(db: Kysely<unknown>, schema: ServiceSchema): Promise<string[]> {
  // Replicas starting together must not race on creating the schema: serialise on a lock.
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${`procura.migrate.${schema}`}))`.execute(connection);
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${`procura.migrate.${schema}`}))`.execute(connection);
    }
  });
  const result: MigrationResultSet = await migratorFor(db, schema).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${schema}/${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** The migrations this build knows for the schema that the database has not applied. */
export async function pendingMigrations(db: Kysely<unknown>, schema: ServiceSchema): Promise<string[]> {
  const known = await migratorFor(db, schema).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
