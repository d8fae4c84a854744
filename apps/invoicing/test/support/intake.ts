// An invoicing service on a fresh test database, with what it knows of suppliers, orders and
// receipts put there through its own consumers, as catalog's and purchasing's events would.
import { randomUUID } from 'node:crypto';
import type { InvoicingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import type { Seller } from '@procura/einvoice/samples';
import { applyEventOnce, type EventEnvelope, type EventPayload, type EventType } from '@procura/events';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.js';
import { purchaseOrderHandlers } from '../../src/consumers/purchase-orders.consumer.js';
import { supplierHandlers } from '../../src/consumers/suppliers.consumer.js';

export const accountant = demoIdentity('accountant');
export const administrator = demoIdentity('administrator');
export const employee = demoIdentity('employee');
export const auditor: TIdentity = {
  ...accountant,
  userId: '5f0c3d2e-8a7b-4c6d-9e1f-2a3b4c5d6e7f',
  email: 'audit@altiva.example',
  displayName: 'Cabinet d’audit',
  roles: ['auditor'],
};

export const martin = {
  supplierId: 'b1000000-0000-4000-8000-000000000001',
  name: 'Papeterie Martin SAS',
  vatNumber: 'FR44732829320',
  siren: '732829320',
  siret: '73282932000074',
} as const;
export const numeria = {
  supplierId: 'b1000000-0000-4000-8000-000000000002',
  name: 'Numéria Systèmes',
  vatNumber: 'FR19812345676',
  siren: '812345676',
  siret: '81234567600017',
} as const;
/** A seller catalog never announced. */
export const stranger: Seller = { name: 'Inconnu SARL', vatNumber: 'FR59890123458', siren: '890123458' };

export const entityId = accountant.entityId;
const person = accountant.userId;

/** The max upload of the testbed's service, small enough to test the limit quickly. */
export const testMaxBytes = 256 * 1024;

export interface OrderLineSpec {
  readonly lineNo: number;
  readonly reference: string;
  readonly quantity: string;
  readonly unitCode: string;
  readonly unitPrice: string;
  readonly vatRate?: string;
  readonly receiptRequired?: boolean;
}

export function intakeTestbed() {
  let database: TestDatabase;
  let keys: TestIdentityKeys;
  let app: ReturnType<typeof createApp>;

  const envelope = <T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope<T> => ({
    id: randomUUID(),
    type,
    source: type.split('.')[0] ?? 'test',
    aggregateId: randomUUID(),
    occurredAt: new Date().toISOString(),
    payload,
  });
  const fromCatalog = (event: EventEnvelope) =>
    applyEventOnce(
      { db: bed.db, schema: 'invoicing', queue: 'invoicing.suppliers', handlers: supplierHandlers },
      event,
    );
  const fromPurchasing = (event: EventEnvelope) =>
    applyEventOnce(
      {
        db: bed.db,
        schema: 'invoicing',
        queue: 'invoicing.purchase-orders',
        handlers: purchaseOrderHandlers,
      },
      event,
    );

  const bed = {
    db: undefined as unknown as Kysely<InvoicingDatabase>,
    get app() {
      return app;
    },
    tokenFor: (identity: TIdentity) => keys.tokenFor(identity, 'invoicing'),

    /** Catalog announces the supplier's approved details (catalog.supplier.ordering-details). */
    async announceSupplier(
      supplier: {
        supplierId: string;
        name: string;
        vatNumber: string | null;
        siren: string | null;
        siret: string | null;
      },
      changes: { paymentTermsDays?: number; approvedAt?: string; contactEmail?: string } = {},
    ) {
      await fromCatalog(
        envelope('catalog.supplier.ordering-details', {
          ...supplier,
          legalForm: 'SAS',
          address: { line: '12 rue des Écoles', postalCode: '69002', city: 'Lyon', country: 'FR' },
          language: 'fr',
          paymentTermsDays: changes.paymentTermsDays ?? 45,
          orderEmail: 'commandes@fournisseur.example',
          contact: changes.contactEmail
            ? { name: 'Service facturation', email: changes.contactEmail, phone: null }
            : null,
          approvedAt: changes.approvedAt ?? '2026-01-05T09:00:00.000Z',
        }),
      );
    },

    /** Purchasing issues an order (purchasing.purchase-order.issued); the ids of its lines by number. */
    async issueOrder(
      number: string,
      supplierId: string,
      lines: readonly OrderLineSpec[],
      options: { entityId?: string; buyerUserId?: string; requesterUserIds?: string[] } = {},
    ): Promise<Record<number, string>> {
      const purchaseOrderId = randomUUID();
      const ids = Object.fromEntries(lines.map((l) => [l.lineNo, randomUUID()]));
      await fromPurchasing(
        envelope('purchasing.purchase-order.issued', {
          purchaseOrderId,
          number,
          revision: 1,
          entityId: options.entityId ?? entityId,
          supplierId,
          supplierName: 'Fournisseur',
          currency: 'EUR',
          status: 'issued',
          buyerUserId: options.buyerUserId ?? person,
          requesterUserIds: options.requesterUserIds ?? [person],
          lines: lines.map((l) => ({
            purchaseOrderLineId: ids[l.lineNo] ?? '',
            lineNo: l.lineNo,
            reference: l.reference,
            description: l.reference,
            categoryCode: '44121600',
            quantity: l.quantity,
            unitCode: l.unitCode,
            unitPrice: l.unitPrice,
            vatRate: l.vatRate ?? '20',
            amount: '0.00',
            receiptRequired: l.receiptRequired ?? true,
            cancelled: false,
            costCentreId: person,
            budgetCategory: '606400',
          })),
          changedAt: '2026-10-01T09:00:00.000Z',
        }),
      );
      return ids;
    },

    /** Purchasing records goods received on order lines (purchasing.goods.received). */
    async receive(number: string, lines: readonly { purchaseOrderLineId: string; quantity: string }[]) {
      await fromPurchasing(
        envelope('purchasing.goods.received', {
          receiptId: randomUUID(),
          purchaseOrderId: randomUUID(),
          purchaseOrderNumber: number,
          entityId,
          receivedOn: '2026-10-20',
          recordedBy: person,
          lines: [...lines],
          recordedAt: '2026-10-20T10:00:00.000Z',
        }),
      );
    },

    /** Posts a file to the intake as `identity`, with its Content-Type (none: the bytes decide). */
    async upload(
      identity: TIdentity,
      body: string | Buffer,
      contentType?: string,
      options: { query?: string; headers?: Record<string, string> } = {},
    ): Promise<Response> {
      let pending = request(app)
        .post(`/api/v1/invoices${options.query ? `?${options.query}` : ''}`)
        .set(identityHeader, await bed.tokenFor(identity))
        .set(options.headers ?? {});
      if (contentType) pending = pending.set('content-type', contentType);
      // A string goes as written (superagent would serialise a Buffer sent as JSON).
      return pending.send(body);
    },

    async get(identity: TIdentity, path: string): Promise<Response> {
      return request(app)
        .get(`/api/v1/invoices${path}`)
        .set(identityHeader, await bed.tokenFor(identity));
    },

    /** The original bytes of a stored file, as the API gives them back. */
    async fileBytes(identity: TIdentity, fileId: string): Promise<Response> {
      return request(app)
        .get(`/api/v1/invoices/files/${fileId}`)
        .set(identityHeader, await bed.tokenFor(identity))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    bed.db = database.connect<InvoicingDatabase>();
    keys = await createTestIdentityKeys();
    app = createApp({
      db: bed.db,
      logger: pino({ level: 'silent' }),
      identityKey: keys.verifyKey,
      readiness: [],
      intakeLimits: { maxBytes: testMaxBytes },
    });
  });
  afterAll(() => database.drop());
  return bed;
}
