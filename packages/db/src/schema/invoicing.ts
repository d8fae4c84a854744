import type { OutboxTables } from './common.js';

export type InvoicingDatabase = OutboxTables<'invoicing'>;
