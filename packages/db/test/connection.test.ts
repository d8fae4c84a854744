// Statements marked with `preparedStatement` are prepared once per connection, named by their text.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedStatement } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('prepared statements', () => {
  it('prepares a marked statement once per connection and binds new values each time', async () => {
    const db = database.connect<unknown>();
    const doubled = (n: number) =>
      sql<{ doubled: number }>`${preparedStatement} select ${n}::int * 2 as doubled`;
    const { results, prepared } = await db.connection().execute(async (connection) => {
      const results = [];
      for (const n of [1, 2, 3]) results.push((await doubled(n).execute(connection)).rows[0]?.doubled);
      await sql`select ${4}::int * 2 as doubled`.execute(connection);
      const prepared = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements`.execute(connection);
      return { results, prepared: prepared.rows };
    });
    expect(results).toEqual([2, 4, 6]);
    expect(prepared).toHaveLength(1);
    expect(prepared[0]?.name).toMatch(/^procura_[0-9a-f]{32}$/);
    expect(prepared[0]?.statement).toContain('select $1::int * 2 as doubled');
  });

  it('names two different marked statements differently', async () => {
    const db = database.connect<unknown>();
    const prepared = await db.connection().execute(async (connection) => {
      await sql`${preparedStatement} select ${1}::int as one`.execute(connection);
      await sql`${preparedStatement} select ${'two'}::text as two`.execute(connection);
      return (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(connection)).rows;
    });
    expect(new Set(prepared.map((p) => p.name)).size).toBe(2);
  });
});
