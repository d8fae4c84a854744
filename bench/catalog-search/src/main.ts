// bench/catalog-search: 200,000 items across 500 suppliers, 1,000 realistic queries through the
// gateway's HTTP API with 8 concurrent clients, and the same queries directly in SQL in the same
// run. Prints latency percentiles, throughput, and how often the intended item is on page one.
//
//   pnpm --filter @procura/bench-catalog-search bench            (or: ITEMS=50000 … for a quick run)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { searchDatabaseUrl, searchItems } from '@procura/catalog/search';
import { type CatalogDatabase, connect } from '@procura/db';
import { demoEntities, demoUserEmails } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import { identityHeader, importSigningKey, signIdentityToken, type TIdentity } from '@procura/http';
import { logInThroughDevIdp, startStack } from '@procura/stack';
import { sql } from 'kysely';
import {
  type BenchQuery,
  benchCategories,
  type GeneratedItem,
  generateCatalog,
  generateQueries,
  type QueryKind,
} from './catalog-generator.js';

const itemCount = Number(process.env.ITEMS ?? 200_000);
const supplierCount = Number(process.env.SUPPLIERS ?? 500);
const queryCount = Number(process.env.QUERIES ?? 1_000);
const clients = Number(process.env.CLIENTS ?? 8);
const pageSize = 24;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Run {
  latencies: number[];
  seconds: number;
  hits: Map<QueryKind, { found: number; total: number; latencies: number[] }>;
}

async function runConcurrently(
  queries: BenchQuery[],
  search: (q: BenchQuery) => Promise<string[]>,
): Promise<Run> {
  const latencies: number[] = [];
  const hits = new Map<QueryKind, { found: number; total: number; latencies: number[] }>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < queries.length) {
        const query = queries[next++] as BenchQuery;
        const t0 = performance.now();
        const ids = await search(query);
        const elapsed = performance.now() - t0;
        latencies.push(elapsed);
        const tally = hits.get(query.kind) ?? { found: 0, total: 0, latencies: [] };
        tally.total++;
        tally.latencies.push(elapsed);
        if (ids.includes(query.intendedId)) tally.found++;
        hits.set(query.kind, tally);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, hits };
}

function report(name: string, run: Run): void {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const found = [...run.hits.values()].reduce((n, h) => n + h.found, 0);
  const total = [...run.hits.values()].reduce((n, h) => n + h.total, 0);
  console.log(
    `${name.padEnd(16)} p50 ${ms(percentile(run.latencies, 50)).padStart(9)}  p95 ${ms(percentile(run.latencies, 95)).padStart(9)}  p99 ${ms(percentile(run.latencies, 99)).padStart(9)}  ${(run.latencies.length / run.seconds).toFixed(0).padStart(5)} queries/s  intended item on page 1: ${((100 * found) / total).toFixed(1)} %`,
  );
  for (const [kind, h] of [...run.hits].sort()) {
    const sorted = [...h.latencies].sort((a, b) => a - b);
    console.log(
      `${''.padEnd(16)}   ${kind.padEnd(16)} ${((100 * h.found) / h.total).toFixed(1).padStart(5)} % of ${h.total}   p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}`,
    );
  }
}

async function loadCatalog(supplierIds: string[], items: GeneratedItem[]): Promise<void> {
  console.log(`Generating ${itemCount.toLocaleString('en')} items across ${supplierCount} suppliers…`);
  const t0 = performance.now();
  await db
    .insertInto('catalog.category')
    .values(benchCategories.map((c) => ({ code: c.code, name_fr: c.nameFr, name_en: c.nameEn })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('catalog.supplier')
    .values(
      supplierIds.map((id, n) => ({
        id,
        name: `Fournisseur ${n + 1}`,
        country: 'FR',
        status: 'active' as const,
      })),
    )
    .execute();
  await db
    .insertInto('catalog.supplier_entity')
    .values(supplierIds.flatMap((id) => demoEntities.map((e) => ({ supplier_id: id, entity_id: e.id }))))
    .execute();
  for (let start = 0; start < items.length; start += 5_000) {
    await db
      .insertInto('catalog.item')
      .values(
        items.slice(start, start + 5_000).map((i) => ({
          id: i.id,
          supplier_id: i.supplierId,
          supplier_sku: i.sku,
          name_fr: i.nameFr,
          name_en: i.nameEn,
          description_fr: i.descriptionFr,
          description_en: i.descriptionEn,
          category_code: i.categoryCode,
          unit_code: 'H87',
          unit_price: i.unitPrice,
          currency: 'EUR',
          vat_rate: '20.00',
          min_order_quantity: '1',
        })),
      )
      .execute();
  }
  await sql`analyze catalog.item`.execute(db);
  console.log(`  loaded and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// DATA_DIR keeps the system's data between runs: the catalog is generated once, later runs reuse it.
const keptDataDir = process.env.DATA_DIR;
const dataDir = keptDataDir ?? mkdtempSync(join(tmpdir(), 'procura-bench-search-'));
console.log(`Starting Procura (embedded PostgreSQL, services, gateway) in ${dataDir}…`);
// PROFILE_DIR: every service writes a CPU profile there when it stops (open it in Chrome DevTools).
const profileDir = process.env.PROFILE_DIR;
const stack = await startStack({
  dataDir,
  ports: 'auto',
  output: 'files',
  logLevel: 'warn',
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
const db = connect<CatalogDatabase>({ url: stack.databaseUrl, maxConnections: clients + 2 });
// Connections like the ones the catalog service searches on (their sessions keep generic plans).
const searchDb = connect<CatalogDatabase>({
  url: searchDatabaseUrl(stack.databaseUrl),
  maxConnections: clients + 2,
});
try {
  const { supplierIds, items, random } = generateCatalog({
    suppliers: supplierCount,
    items: itemCount,
    seed: 20261123,
  });
  const loaded = await db
    .selectFrom('catalog.item')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('id', '=', items[0]?.id ?? '')
    .executeTakeFirstOrThrow();
  if (Number(loaded.n) > 0) {
    console.log(`Reusing the ${itemCount.toLocaleString('en')} items already in ${dataDir}`);
  } else {
    await loadCatalog(supplierIds, items);
  }

  // An integration token, made through the administration API as an administrator would.
  const admin = await logInThroughDevIdp(stack.url, demoUserEmails.administrator);
  const created = await fetch(`${stack.url}/api/v1/admin/api-tokens`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Search benchmark',
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  });
  const { token, entityId } = (await created.json()) as { token: string; entityId: string };

  const queries = generateQueries(items, queryCount, random);
  const overHttp = async (query: BenchQuery) => {
    const response = await fetch(
      `${stack.url}/api/v1/catalog/items?q=${encodeURIComponent(query.q)}&pageSize=${pageSize}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    if (!response.ok) throw new Error(`HTTP ${response.status} for "${query.q}"`);
    return ((await response.json()) as { items: { id: string }[] }).items.map((i) => i.id);
  };
  // The same request straight to the catalog service, with the signed identity the gateway would
  // forward (re-signed every 30 s, within its 60 s validity): separates the gateway's cost from the
  // service's.
  const signingKey = await importSigningKey(
    readFileSync(join(dataDir, 'keys', 'identity-signing.pem'), 'utf8'),
  );
  const integration: TIdentity = {
    kind: 'integration',
    userId: '00000000-0000-4000-8000-00000000be9c',
    email: null,
    displayName: 'Search benchmark',
    roles: [],
    scopes: ['read'],
    actingFor: [],
    entityId,
    siteId: null,
    costCentreIds: [],
    locale: 'fr',
  };
  let signed = { token: '', at: 0 };
  const identityToken = async () => {
    if (Date.now() - signed.at > 30_000)
      signed = {
        token: await signIdentityToken(signingKey, integration, { audience: 'catalog' }),
        at: Date.now(),
      };
    return signed.token;
  };
  const overServiceHttp = async (query: BenchQuery) => {
    const response = await fetch(
      `${stack.serviceUrls.catalog}/api/v1/catalog/items?q=${encodeURIComponent(query.q)}&pageSize=${pageSize}`,
      { headers: { [identityHeader]: await identityToken() } },
    );
    if (!response.ok) throw new Error(`HTTP ${response.status} from the catalog service for "${query.q}"`);
    return ((await response.json()) as { items: { id: string }[] }).items.map((i) => i.id);
  };
  const inSql = async (query: BenchQuery) =>
    (
      await searchItems(searchDb, {
        entityId,
        siteId: null,
        today: calendarDate(new Date()),
        currency: 'EUR',
        q: query.q,
        sort: 'relevance',
        language: 'fr',
        page: 1,
        pageSize,
      })
    ).items.map((i) => i.id);

  console.log(`Warming up…`);
  await runConcurrently(queries.slice(0, 100), overHttp);
  await runConcurrently(queries.slice(0, 100), overServiceHttp);
  await runConcurrently(queries.slice(0, 100), inSql);

  console.log(
    `\n${queryCount} queries, ${clients} concurrent clients, ${itemCount.toLocaleString('en')} items:`,
  );
  const http = await runConcurrently(queries, overHttp);
  const service = await runConcurrently(queries, overServiceHttp);
  const direct = await runConcurrently(queries, inSql);
  report('gateway HTTP API', http);
  report('catalog service', service);
  report('direct SQL', direct);
  const p50 = (run: Run) => percentile(run.latencies, 50);
  const p95 = (run: Run) => percentile(run.latencies, 95);
  const rate = (run: Run) => run.latencies.length / run.seconds;
  const ratio = (name: string, a: Run, b: Run) =>
    console.log(
      `${name.padEnd(26)} p50 ${(p50(a) / p50(b)).toFixed(2)}×  p95 ${(p95(a) / p95(b)).toFixed(2)}×  throughput ${(rate(b) / rate(a)).toFixed(2)}×`,
    );
  console.log('');
  ratio('HTTP API / SQL', http, direct);
  ratio('gateway / catalog service', http, service);
  ratio('catalog service / SQL', service, direct);
  console.log(
    'Examples:',
    queries
      .slice(0, 10)
      .map((q) => `${q.kind}: "${q.q}"`)
      .join(' | '),
  );
} catch (error) {
  // Show what the services said before their logs go with the temporary folder.
  for (const file of readdirSync(stack.logDir)) {
    const lines = readFileSync(join(stack.logDir, file), 'utf8').trimEnd().split('\n').slice(-15);
    console.error(`--- ${file}\n${lines.join('\n')}`);
  }
  throw error;
} finally {
  await searchDb.destroy();
  await db.destroy();
  await stack.stop();
  if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
}
