// A purchasing service on a fresh test database with the demo directory, and the calls the
// request and approval tests make through its API.
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadDemoDirectory } from '../../src/demo/demo-directory.js';

export const employee = demoIdentity('employee');
export const manager = demoIdentity('manager');
export const buyer = demoIdentity('buyer');
export const accountant = demoIdentity('accountant');
export const adminId = '9bbaf034-90ca-4c86-ab61-7203230f9eb4';
/** Signs the links of the testbed's e-mails (approval and supplier acknowledgement). */
export const testLinkSecret = 'test-link-secret-of-at-least-32-characters';

/** What a test reads of an answer. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: Response['body'];
}

export interface RuleSpec {
  name: string;
  approvers: object;
  mode?: 'any' | 'all';
  conditions?: object;
  label?: string;
}

/** Registers the database's lifecycle with the test file's hooks; the returned helpers use it. */
export function requisitionTestbed() {
  let database: TestDatabase;
  let keys: TestIdentityKeys;
  let app: ReturnType<typeof createApp>;
  const bed = {
    db: undefined as unknown as Kysely<PurchasingDatabase>,

    /** Replaces the entity's approval rules by these, in this order. */
    async useRules(rules: RuleSpec[]) {
      await bed.db.deleteFrom('purchasing.approval_rule').execute();
      if (rules.length === 0) return;
      await bed.db
        .insertInto('purchasing.approval_rule')
        .values(
          rules.map((r, position) => ({
            entity_id: employee.entityId,
            name: r.name,
            position,
            kind: 'blocking' as const,
            conditions: JSON.stringify(r.conditions ?? {}),
            approvers: JSON.stringify(r.approvers),
            mode: r.mode ?? 'any',
            label: r.label ?? null,
            updated_by: adminId,
          })),
        )
        .execute();
    },

    /** Calls the requisitions API: `path` is under /api/v1/purchasing/requisitions. */
    call(
      identity: TIdentity,
      method: 'get' | 'post' | 'put',
      path: string,
      payload?: object,
      headers: Record<string, string> = {},
    ): Promise<ApiAnswer> {
      return bed.callPath(identity, method, `/api/v1/purchasing/requisitions${path}`, payload, headers);
    },

    /** A signed identity token for `identity`, for calls a test builds itself. */
    tokenFor: (identity: TIdentity) => keys.tokenFor(identity, 'purchasing'),

    /** The test database's connection string, for an event bus on it. */
    get url() {
      return database.url;
    },

    /** The service itself, for calls a test makes without an identity (a supplier's link). */
    get app() {
      return app;
    },

    /** Calls any route of the service, by its whole path. */
    async callPath(
      identity: TIdentity,
      method: 'get' | 'post' | 'put',
      path: string,
      payload?: object,
      headers: Record<string, string> = {},
    ): Promise<ApiAnswer> {
      const pending = request(app)
        [method](path)
        .set(identityHeader, await keys.tokenFor(identity, 'purchasing'))
        .set(headers);
      return payload ? pending.send(payload) : pending;
    },

    /** A one-line draft of `amount` EUR on the requester's first cost centre; its id. */
    async draft(amount: string, title = 'Fournitures', requester = employee) {
      const created = await bed.call(requester, 'post', '', draftBody(amount, title, requester));
      expect(created.status).toBe(201);
      return created.body.id as string;
    },

    submit: (id: string, requester = employee) => bed.call(requester, 'post', `/${id}/submit`),
    decide: (who: TIdentity, id: string, body: object) => bed.call(who, 'post', `/${id}/decisions`, body),

    /** What the request still has requested in the ledger, summed over its lines. */
    async ledgerOf(id: string) {
      const { rows } = await sql<{ requested: string }>`
        select coalesce(sum(requested), 0)::text as requested from purchasing.commitment_entry where commitment_id = ${id}`.execute(
        bed.db,
      );
      return rows[0]?.requested;
    },
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    bed.db = database.connect<PurchasingDatabase>();
    keys = await createTestIdentityKeys();
    app = createApp({
      db: bed.db,
      logger: pino({ level: 'silent' }),
      identityKey: keys.verifyKey,
      readiness: [],
      approvalLinks: { secret: testLinkSecret, publicUrl: 'https://procura.test', validDays: 7 },
    });
    await loadDemoDirectory(bed.db);
  });
  afterAll(() => database.drop());
  return bed;
}

/** The body of a one-line request of `amount` EUR, as the request form sends it. */
export function draftBody(amount: string, title = 'Fournitures', requester = employee, supplierId?: string) {
  return {
    title,
    currency: 'EUR',
    lines: [
      {
        source: 'catalog',
        catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        supplierId: supplierId ?? '5c65ecf2-73ca-4ff1-b9d9-031bf0ee4222',
        supplierName: 'Lemaire Bureau Distribution',
        description: 'Fournitures de bureau',
        categoryCode: '44121600',
        quantity: '1',
        unitCode: 'C62',
        unitPrice: { amount, currency: 'EUR' },
        vatRate: '20',
        costCentreId: requester.costCentreIds[0],
        budgetCategory: '606400',
      },
    ],
  };
}
