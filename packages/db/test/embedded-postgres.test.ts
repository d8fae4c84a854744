import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../src/connection.js';
import { startEmbeddedPostgres } from '../src/embedded-postgres.js';

const baseDir = mkdtempSync(join(tmpdir(), 'procura-embedded-'));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

async function countRows(url: string): Promise<number> {
  const db = connect<unknown>({ url, maxConnections: 1 });
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from kept`.execute(db);
    return rows[0]?.n ?? -1;
  } finally {
    await db.destroy();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps its data across a stop and a start on the same folder', async () => {
    const first = await startEmbeddedPostgres({ baseDir });
    const db = connect<unknown>({ url: first.adminUrl, maxConnections: 1 });
    await sql`create table kept (id int primary key)`.execute(db);
    await sql`insert into kept values (1), (2)`.execute(db);
    await db.destroy();
    await first.stop();

    const second = await startEmbeddedPostgres({ baseDir });
    try {
      expect(await countRows(second.adminUrl)).toBe(2);
    } finally {
      await second.stop();
    }
  });

  it('takes over a server left running by a process that was killed', async () => {
    // A child starts the server and is killed with SIGKILL, as a crashed `npm start` would be.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(new URL('../src/embedded-postgres.ts', import.meta.url).href)});
         const pg = await startEmbeddedPostgres({ baseDir: ${JSON.stringify(baseDir)} });
         console.log('ready ' + pg.port);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const restarted = await startEmbeddedPostgres({ baseDir });
    try {
      expect(await countRows(restarted.adminUrl)).toBe(2);
    } finally {
      await restarted.stop();
    }
  });
});
