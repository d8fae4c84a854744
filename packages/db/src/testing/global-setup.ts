// Vitest global setup for packages whose tests need PostgreSQL: starts an embedded server (or
// uses DATABASE_URL), migrates every service schema into one template database, and hands its
// name to the test files, which clone it (see createTestDatabase).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { connect } from '../connection.js';
import { startEmbeddedPostgres } from '../embedded-postgres.js';
import { migrateSchema } from '../migrate.js';
import { serviceSchemas } from '../migrations/index.js';
import './provided-context.js';
import { databaseUrl } from './urls.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  let cleanup = async () => {};
  if (!adminUrl) {
    const baseDir = mkdtempSync(join(tmpdir(), 'procura-test-pg-'));
    const server = await startEmbeddedPostgres({ baseDir });
    adminUrl = server.adminUrl;
    cleanup = async () => {
      await server.stop();
      rmSync(baseDir, { recursive: true, force: true });
    };
  }

  const template = `procura_template_${randomBytes(6).toString('hex')}`;
  const admin = connect<unknown>({ url: adminUrl, maxConnections: 1 });
  await sql`create database ${sql.id(template)}`.execute(admin);
  const templateDb = connect<unknown>({ url: databaseUrl(adminUrl, template), maxConnections: 1 });
  try {
    for (const schema of serviceSchemas) await migrateSchema(templateDb, schema);
  } finally {
    await templateDb.destroy();
  }
  project.provide('procuraDatabase', { adminUrl, template });

  return async () => {
    await sql`drop database if exists ${sql.id(template)} with (force)`.execute(admin);
    await admin.destroy();
    await cleanup();
  };
}
