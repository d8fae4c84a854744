export { type ConnectOptions, connect, preparedStatement } from './connection.js';
export { migrateSchema, pendingMigrations } from './migrate.js';
export { type ServiceSchema, serviceSchemas } from './migrations/index.js';
export type * from './schema/catalog.js';
export type * from './schema/common.js';
export type * from './schema/identity.js';
export type * from './schema/invoicing.js';
export type * from './schema/purchasing.js';
