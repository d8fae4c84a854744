import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `numeric` columns travel as decimal strings, never as floats. */
export type Numeric = ColumnType<string, string, string>;

export interface OutboxEventTable {
  id: Generated<string>;
  event_type: string;
  aggregate_id: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  occurred_at: CreatedAt;
  published_at: Timestamp | null;
  publish_attempts: Generated<number>;
  last_error: string | null;
}

export interface ProcessedEventTable {
  consumer: string;
  event_id: string;
  event_type: string;
  processed_at: CreatedAt;
}

/** The outbox tables every service schema has, keyed by schema-qualified name. */
export type OutboxTables<S extends string> = {
  [K in `${S}.outbox_event`]: OutboxEventTable;
} & {
  [K in `${S}.processed_event`]: ProcessedEventTable;
};
