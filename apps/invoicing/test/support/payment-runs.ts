// What payment-run tests need beyond intake: catalog announcing bank details through invoicing's
// own consumer, an entity's paying account, invoices brought to approved or on hold, and the run
// routes called as a person.
import { randomUUID } from 'node:crypto';
import type { InvoicingDatabase } from '@procura/db';
import { addDays, calendarDate } from '@procura/domain';
import { applyEventOnce, type EventPayload } from '@procura/events';
import { identityHeader, type TIdentity } from '@procura/http';
import type { Kysely } from 'kysely';
import request, { type Response } from 'supertest';
import { supplierHandlers } from '../../src/consumers/suppliers.consumer.js';
import { holdInvoice as holdApprovedInvoice } from '../../src/services/invoice-lifecycle.service.js';
import { accountant, type intakeTestbed } from './intake.js';

type Bed = ReturnType<typeof intakeTestbed>;

/** Today and days around it, YYYY-MM-DD (UTC, as the service reads its clock). */
export const today = () => calendarDate(new Date());
export const daysFromToday = (days: number) => addDays(today(), days);

/** Catalog announces a supplier's bank details (catalog.supplier.bank-account-changed). */
export async function announceBankAccount(
  db: Kysely<InvoicingDatabase>,
  supplier: { supplierId: string; name: string },
  details: {
    verified: { iban: string; bic: string | null; accountHolder?: string } | null;
    changePending?: boolean;
    changedAt?: string;
  },
): Promise<void> {
  const payload: EventPayload<'catalog.supplier.bank-account-changed'> = {
    supplierId: supplier.supplierId,
    supplierName: supplier.name,
    verified: details.verified
      ? {
          accountId: randomUUID(),
          accountHolder: details.verified.accountHolder ?? supplier.name,
          iban: details.verified.iban,
          bic: details.verified.bic,
          verifiedAt: '2026-01-10T10:00:00.000Z',
        }
      : null,
    changePending: details.changePending ?? false,
    changedAt: details.changedAt ?? new Date().toISOString(),
  };
  await applyEventOnce(
    { db, schema: 'invoicing', queue: 'invoicing.suppliers', handlers: supplierHandlers },
    {
      id: randomUUID(),
      type: 'catalog.supplier.bank-account-changed',
      source: 'catalog',
      aggregateId: supplier.supplierId,
      occurredAt: new Date().toISOString(),
      payload,
    },
  );
}

/**
 * Stands in for a person approving an exception for payment (the invoices of these tests have no
 * order: no exception action approves them yet). A matched invoice was approved at intake already.
 */
export async function approveForPayment(db: Kysely<InvoicingDatabase>, invoiceId: string): Promise<void> {
  await db
    .updateTable('invoicing.invoice')
    .set({ status: 'approved', approved_at: new Date() })
    .where('id', '=', invoiceId)
    .where('status', '=', 'received')
    .executeTakeFirstOrThrow();
}

/** Puts an approved invoice on hold through the lifecycle service, as accounts payable would. */
export async function holdInvoice(db: Kysely<InvoicingDatabase>, invoiceId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { version } = await trx
      .selectFrom('invoicing.invoice')
      .select('version')
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    await holdApprovedInvoice(
      trx,
      accountant,
      invoiceId,
      { version, reason: 'Litige sur la livraison' },
      new Date(),
    );
  });
}

/** The run routes as `identity`: post a JSON body, get, or download a file as text. */
export interface PaymentRunClient {
  post(identity: TIdentity, path: string, body: object, headers?: Record<string, string>): Promise<Response>;
  put(identity: TIdentity, path: string, body: object): Promise<Response>;
  get(identity: TIdentity, path: string): Promise<Response>;
  /** A file download, its body as text. */
  text(identity: TIdentity, path: string): Promise<Response>;
}

export function paymentRunClient(bed: Bed): PaymentRunClient {
  const authed = async (identity: TIdentity, pending: request.Test): Promise<Response> =>
    pending.set(identityHeader, await bed.tokenFor(identity));
  return {
    post: async (identity: TIdentity, path: string, body: object, headers: Record<string, string> = {}) =>
      authed(identity, request(bed.app).post(`/api/v1/invoices${path}`).set(headers).send(body)),
    put: async (identity: TIdentity, path: string, body: object) =>
      authed(identity, request(bed.app).put(`/api/v1/invoices${path}`).send(body)),
    get: async (identity: TIdentity, path: string) =>
      authed(identity, request(bed.app).get(`/api/v1/invoices${path}`)),
    text: async (identity: TIdentity, path: string) =>
      authed(
        identity,
        request(bed.app)
          .get(`/api/v1/invoices${path}`)
          .buffer(true)
          .parse((res, done) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () => done(null, text));
          }),
      ),
  };
}
