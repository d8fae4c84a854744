#!/usr/bin/env node
// `npm start`: the whole system on this machine, with its data under .data/ at the repository root.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoUsers } from '@procura/demo-data';
import { startStack } from './stack.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = resolve(repositoryRoot, process.env.PROCURA_DATA_DIR ?? '.data');
const port = process.env.PORT ? Number(process.env.PORT) : undefined;

console.log('Starting Procura: PostgreSQL, catalog, purchasing, invoicing, development IdP, gateway…');
const stack = await startStack({
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  ports: port ? { gateway: port } : undefined,
  output: 'inherit',
  logFormat: process.env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
  logLevel: process.env.LOG_LEVEL ?? 'info',
  webDistDir: join(repositoryRoot, 'apps', 'web', 'dist'),
});

const width = Math.max(...demoUsers.map((u) => u.email.length));
console.log(`
  Procura is running at ${stack.url}

  Log in through the development identity provider (${stack.idpUrl}) as one of the demo users
  (no password: pick a name):
${demoUsers.map((u) => `    ${u.email.padEnd(width)}  ${u.displayName} (${u.roles.join(', ')})`).join('\n')}

  E-mail sent by Procura stays on this machine: ${stack.mail.httpUrl ?? stack.mail.url}

  Data: ${dataDir}${process.env.DATABASE_URL ? ' (keys and logs; the database is DATABASE_URL)' : ''}
  Stop with Ctrl+C.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping Procura…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
