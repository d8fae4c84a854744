// What the benchmarks share: a fresh database for one service's schema (on an embedded PostgreSQL
// in a temporary folder, or on the server of DATABASE_URL, where it is dropped afterwards), clients
// looping over jobs, and the figures printed from their times.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect, migrateSchema, type ServiceSchema } from '@procura/db';
import { type RunningPostgres, startEmbeddedPostgres } from '@procura/db/embedded';
import { type Kysely, sql } from 'kysely';

export interface BenchDatabase<DB> {
  db: Kysely<DB>;
  /** Where it runs, for the report. */
  where: string;
  close(): Promise<void>;
}

/** A new database named after the bench, with `schema` migrated, and `maxConnections` to it. */
export async function openBenchDatabase<DB>(options: {
  bench: string;
  schema: ServiceSchema;
  maxConnections: number;
}): Promise<BenchDatabase<DB>> {
  let adminUrl = process.env.DATABASE_URL;
  let server: RunningPostgres | undefined;
  let baseDir: string | undefined;
  if (!adminUrl) {
    baseDir = mkdtempSync(join(tmpdir(), `procura-bench-${options.bench}-`));
    server = await startEmbeddedPostgres({ baseDir });
    adminUrl = server.adminUrl;
  }
  const name = `procura_bench_${options.bench.replaceAll('-', '_')}_${randomBytes(6).toString('hex')}`;
  const admin = connect<unknown>({ url: adminUrl, maxConnections: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connect<DB>({
    url: url.toString(),
    maxConnections: options.maxConnections,
    applicationName: `procura-bench-${options.bench}`,
  });
  await migrateSchema(db as Kysely<unknown>, options.schema);
  return {
    db,
    where: server ? `embedded PostgreSQL in ${baseDir}` : `database ${name} of DATABASE_URL`,
    async close() {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
      await server?.stop();
      if (baseDir) rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

export interface Run {
  /** Milliseconds per job, sorted. */
  latencies: number[];
  seconds: number;
}

/** `clients` loops, each taking the next job and running it; every job's time is kept. */
export async function runConcurrently(
  jobs: number,
  clients: number,
  job: (n: number) => Promise<unknown>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs) {
        const n = next++;
        const t0 = performance.now();
        await job(n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

/** The `p`th percentile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Jobs per second. */
export const rate = (run: Run) => run.latencies.length / run.seconds;
