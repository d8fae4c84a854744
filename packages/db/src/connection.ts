import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export interface ConnectOptions {
  url: string;
  /** Pool size; a service process rarely needs more than the default. */
  maxConnections?: number;
  /** Shown in pg_stat_activity, so a DBA can tell the services apart. */
  applicationName?: string;
  /**
   * Told when the server closes an idle pooled connection (a restart, a failover, a dropped
   * database): the pool replaces it at the next query. Without a listener `pg` would crash the
   * process on that event.
   */
  onIdleConnectionError?: (error: Error) => void;
}

const dateOid = 1082;

/** Calendar dates stay 'YYYY-MM-DD' strings: a `date` has no time zone, a JS Date does. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === dateOid
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A Kysely instance over a `pg` pool. `numeric` and `bigint` columns come back as strings, `date`
 * columns as 'YYYY-MM-DD'.
 */
export function connect<DB>(options: ConnectOptions): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'procura',
    idleTimeoutMillis: 30_000,
    types,
  });
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
