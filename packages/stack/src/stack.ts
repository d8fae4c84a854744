// Runs the whole system on one machine, one process per service, as `npm start` and the
// end-to-end tests need it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@procura/db';
import { findFreePort, type RunningPostgres, startEmbeddedPostgres } from '@procura/db/embedded';
import { type SmtpSink, startSmtpSink } from '@procura/mail/sink';
import { sql } from 'kysely';
import { loadOrCreateIdentityKeys, loadOrCreateSecret } from './identity-keys.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export type StackService = 'catalog' | 'purchasing' | 'invoicing' | 'gateway' | 'dev-idp';
/** Everything that listens: the services, PostgreSQL, the SMTP sink and its HTTP listing. */
type StackPort = StackService | 'postgres' | 'smtp' | 'mail';

export interface StackOptions {
  /** Where PostgreSQL's data, the generated keys and the logs live; reused across starts. */
  dataDir: string;
  /** An existing PostgreSQL (15+) instead of the embedded one. */
  databaseUrl?: string | undefined;
  /** Fixed ports (npm start) or free ones chosen at start (tests). */
  ports?: Partial<Record<StackPort, number>> | 'auto';
  /** Where the services' output goes: the terminal, or one log file per service under dataDir/logs. */
  output?: 'inherit' | 'files';
  logFormat?: 'pretty' | 'json';
  logLevel?: string;
  demoData?: boolean;
  /** The built web app the gateway serves. */
  webDistDir?: string | undefined;
  /** Extra Node.js options for every service process, e.g. `--cpu-prof` when profiling a benchmark. */
  nodeArgs?: readonly string[];
}

export interface RunningStack {
  url: string;
  /** The development identity provider, where people log in. */
  idpUrl: string;
  databaseUrl: string;
  serviceUrls: Record<StackService, string>;
  logDir: string;
  /** The SMTP sink that receives every e-mail Procura sends (nothing leaves the machine). */
  mail: SmtpSink;
  stop(): Promise<void>;
}

const defaultPorts: Record<StackPort, number> = {
  gateway: 4000,
  catalog: 4101,
  purchasing: 4102,
  invoicing: 4103,
  'dev-idp': 4200,
  postgres: 54329,
  smtp: 4025,
  mail: 4026,
};

async function resolvePorts(ports: StackOptions['ports']): Promise<Record<StackPort, number>> {
  if (ports !== 'auto') return { ...defaultPorts, ...ports };
  const entries = await Promise.all(
    Object.keys(defaultPorts).map(async (k) => [k, await findFreePort()] as const),
  );
  return Object.fromEntries(entries) as Record<StackPort, number>;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = connect<unknown>({ url: adminUrl, maxConnections: 1 });
  try {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${name}`.execute(admin);
    if (rows[0]?.n === 0) await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
}

function tailOf(logFile: string | undefined, lines = 40): string {
  if (!logFile || !existsSync(logFile)) return '(its output went to the terminal)';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function pidAnswering(url: string): Promise<number | undefined> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return ((await response.json()) as { pid?: number }).pid;
}

async function waitUntilReady(
  name: string,
  url: string,
  child: ChildProcess,
  logFile: string | undefined,
  probePath = '/readyz',
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await sleep(200); // let its last lines reach the log
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tailOf(logFile)}`,
      );
    }
    try {
      const response = await fetch(`${url}${probePath}`, { signal: AbortSignal.timeout(2_000) });
      // Ready, and answered by our own child: another process that took the same port (two
      // systems started at once on 'auto' ports) must not pass for it.
      if (response.ok && (await pidAnswering(url)) === child.pid) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${tailOf(logFile)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timeout = sleep(15_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports = await resolvePorts(options.ports);
  const logDir = join(options.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const children: ChildProcess[] = [];
  let postgres: RunningPostgres | undefined;
  let mail: SmtpSink | undefined;

  const stop = async () => {
    await Promise.all(children.filter((c) => c.spawnargs.some((a) => a.includes('gateway'))).map(stopChild));
    await Promise.all(children.map(stopChild));
    await postgres?.stop();
    await mail?.stop();
  };

  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres({ baseDir: options.dataDir, port: ports.postgres });
      await ensureDatabase(postgres.adminUrl, 'procura');
      databaseUrl = postgres.urlFor('procura');
    }
    const mailLog =
      options.output === 'inherit' ? undefined : createWriteStream(join(logDir, 'mail.log'), { flags: 'a' });
    mail = await startSmtpSink({
      port: ports.smtp,
      httpPort: ports.mail,
      onMessage: (m) => {
        const line = `mail to ${[...m.to, ...m.cc].join(', ')}: ${m.subject}`;
        if (mailLog) mailLog.write(`${JSON.stringify(m)}\n`);
        else console.log(line);
      },
    });
    const keys = await loadOrCreateIdentityKeys(options.dataDir);
    const serviceUrls = Object.fromEntries(
      (['catalog', 'purchasing', 'invoicing', 'gateway', 'dev-idp'] as const).map((s) => [
        s,
        `http://127.0.0.1:${ports[s]}`,
      ]),
    ) as Record<StackService, string>;

    const common = {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_FORMAT: options.logFormat ?? 'json',
      LOG_LEVEL: options.logLevel ?? 'info',
      DEMO_DATA: String(options.demoData ?? true),
    };
    const launch = (service: StackService, env: Record<string, string | undefined>) => {
      const child = spawn(
        process.execPath,
        [...(options.nodeArgs ?? []), join(packageDir(`@procura/${service}`), 'dist', 'main.js')],
        {
          env: { ...common, ...env, PORT: String(ports[service]) },
          stdio: options.output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
        },
      );
      const logFile = options.output === 'inherit' ? undefined : join(logDir, `${service}.log`);
      if (logFile) {
        const log = createWriteStream(logFile, { flags: 'a' });
        child.stdout?.pipe(log);
        child.stderr?.pipe(log);
      }
      children.push(child);
      // The development IdP holds no data: alive is ready.
      return waitUntilReady(
        service,
        serviceUrls[service],
        child,
        logFile,
        service === 'dev-idp' ? '/healthz' : '/readyz',
      );
    };

    const url = `http://localhost:${ports.gateway}`;
    const idpUrl = `http://localhost:${ports['dev-idp']}`;
    const verify = { IDENTITY_VERIFY_KEY: keys.publicKeyPem };
    await Promise.all([
      launch('catalog', { ...verify, SMTP_URL: mail.url, MAIL_FROM: 'Procura <no-reply@procura.example>' }),
      launch('purchasing', {
        ...verify,
        SMTP_URL: mail.url,
        MAIL_FROM: 'Procura <no-reply@procura.example>',
        APPROVAL_LINK_SECRET: loadOrCreateSecret(options.dataDir, 'approval-link'),
        PUBLIC_URL: url,
      }),
      launch('invoicing', verify),
      launch('dev-idp', {
        DATA_DIR: options.dataDir,
        PUBLIC_URL: idpUrl,
        SP_ENTITY_ID: `${url}/auth/saml/metadata`,
        SP_ACS_URL: `${url}/auth/saml/callback`,
        SP_SLO_URL: `${url}/auth/saml/logout`,
      }),
    ]);
    await launch('gateway', {
      IDENTITY_SIGNING_KEY: keys.privateKeyPem,
      CATALOG_URL: serviceUrls.catalog,
      PURCHASING_URL: serviceUrls.purchasing,
      INVOICING_URL: serviceUrls.invoicing,
      WEB_DIST_DIR: options.webDistDir,
      PUBLIC_URL: url,
      SESSION_SECRET: loadOrCreateSecret(options.dataDir, 'session'),
      SAML_IDP_METADATA_URL: `${serviceUrls['dev-idp']}/metadata`,
    });
    return { url, idpUrl, databaseUrl, serviceUrls, logDir, mail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
