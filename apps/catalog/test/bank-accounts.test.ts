// Bank details under four eyes: pending until someone other than the person who entered them
// verifies them, safe against two people verifying at once, enforced by the database too.
import { demoSuppliers } from '@procura/demo-data';
import { demoIdentity, integrationIdentity } from '@procura/http/testing';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditor, type Harness, secondAccountant, startHarness } from './support/harness.js';

const buyer = demoIdentity('buyer');
const accountant = demoIdentity('accountant');
const employee = demoIdentity('employee');
const supplier = demoSuppliers[2];
if (!supplier) throw new Error('demo data changed: update this test');
const base = `/api/v1/catalog/suppliers/${supplier.id}/bank-accounts`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.database.drop());

const accounts = async () =>
  (
    await request(h.app)
      .get(base)
      .set(await h.as(demoIdentity('administrator')))
  ).body;

async function enter(identity = accountant, body: object = {}) {
  return request(h.app)
    .post(base)
    .set(await h.as(identity))
    .send({
      iban: 'FR14 2004 1010 0505 0001 3M02 606',
      bic: 'PSSTFRPPPAR',
      accountHolder: 'Orialis Services SAS',
      ...body,
    });
}
async function decide(
  id: string,
  decision: 'verify' | 'reject',
  identity = secondAccountant,
  body: object = {},
) {
  return request(h.app)
    .post(`${base}/${id}/${decision}`)
    .set(await h.as(identity))
    .send(body);
}

describe('bank accounts', () => {
  it('refuses an IBAN failing mod-97 and a malformed BIC, naming them, and writes nothing', async () => {
    const before = (await accounts()).accounts.length;
    const iban = await enter(accountant, { iban: 'FR1420041010050500013M02607' });
    expect(iban.status).toBe(400);
    expect(iban.body.errors).toEqual([{ field: 'body.iban', reason: 'fails the mod-97 check' }]);
    const bic = await enter(accountant, { bic: 'PSST' });
    expect(bic.body.errors[0].field).toBe('body.bic');
    expect((await accounts()).accounts.length).toBe(before);
  });

  it('keeps a changed account pending while the verified one stays the one payments use', async () => {
    const { current } = await accounts();
    expect(current).toMatchObject({ status: 'verified', iban: 'FR3330002005500000157841Z25' });
    const entered = await enter();
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({
      status: 'pending',
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPPAR',
      enteredBy: { userId: accountant.userId },
      decidedBy: null,
    });
    const after = await accounts();
    expect(after.current.id).toBe(current.id);
    expect(after.pending.id).toBe(entered.body.id);
    expect((await enter(buyer)).status).toBe(409);
  });

  it('refuses the person who entered the account as its verifier (403), in the database too', async () => {
    const { pending } = await accounts();
    const response = await decide(pending.id, 'verify', accountant);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('segregation_of_duties');
    expect((await accounts()).pending.status).toBe('pending');
    await expect(
      sql`update catalog.supplier_bank_account set status = 'verified', decided_by = entered_by, decided_by_name = 'x', decided_at = now()
          where id = ${pending.id}`.execute(h.db),
    ).rejects.toThrow(/check constraint/);
  });

  it('refuses a buyer as verifier (403): finance verifies bank details', async () => {
    const { pending } = await accounts();
    expect((await decide(pending.id, 'verify', buyer)).status).toBe(403);
  });

  it('lets exactly one of two people verifying at once succeed; the old account is superseded', async () => {
    const { pending, current } = await accounts();
    const administrator = demoIdentity('administrator');
    const results = await Promise.all([
      decide(pending.id, 'verify', secondAccountant),
      decide(pending.id, 'verify', administrator),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await accounts();
    expect(after.current).toMatchObject({
      id: pending.id,
      status: 'verified',
      iban: 'FR1420041010050500013M02606',
    });
    expect(after.current.decidedBy.userId).not.toBe(accountant.userId);
    expect(after.current.decidedAt).toMatch(/^\d{4}-/);
    expect(after.pending).toBeNull();
    expect(after.accounts.find((a: { id: string }) => a.id === current.id)).toMatchObject({
      status: 'superseded',
    });
  });

  it('lets another person reject a change, with a reason, leaving the verified account in place', async () => {
    const entered = await enter(buyer, { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' });
    expect(entered.status).toBe(201);
    expect((await decide(entered.body.id, 'reject', secondAccountant)).status).toBe(400);
    const rejected = await decide(entered.body.id, 'reject', secondAccountant, {
      reason: 'Called back: not theirs',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Called back: not theirs' });
    expect((await accounts()).current.iban).toBe('FR1420041010050500013M02606');
  });

  it('refuses an employee (403)', async () => {
    expect((await enter(employee)).status).toBe(403);
    const response = await request(h.app)
      .get(base)
      .set(await h.as(employee));
    expect(response.status).toBe(403);
  });

  it('shows the current verified account on the supplier, in full to those who verify bank details', async () => {
    for (const identity of [accountant, demoIdentity('administrator')]) {
      const response = await request(h.app)
        .get(`/api/v1/catalog/suppliers/${supplier.id}`)
        .set(await h.as(identity));
      expect(response.body.currentBankAccount).toMatchObject({
        iban: 'FR1420041010050500013M02606',
        status: 'verified',
      });
    }
  });
});

describe('who sees a full IBAN', () => {
  const masked = 'FR14 •••• •••• 2606';
  const readToken = integrationIdentity(['read'], buyer.entityId);

  it('masks it for buyers, auditors and API tokens that read suppliers', async () => {
    for (const identity of [buyer, auditor, readToken]) {
      const detail = await request(h.app)
        .get(`/api/v1/catalog/suppliers/${supplier.id}`)
        .set(await h.as(identity));
      expect(detail.status).toBe(200);
      expect(detail.body.currentBankAccount).toMatchObject({ iban: masked, status: 'verified' });
      const list = await request(h.app)
        .get(base)
        .set(await h.as(identity));
      expect(list.body.current.iban).toBe(masked);
      expect(JSON.stringify(list.body)).not.toContain('FR1420041010050500013M02606');
    }
  });

  it('shows a buyer the account they entered themselves in full, and the others masked', async () => {
    const { accounts: all } = (
      await request(h.app)
        .get(base)
        .set(await h.as(buyer))
    ).body;
    const own = all.find((a: { enteredBy: { userId: string } }) => a.enteredBy.userId === buyer.userId);
    expect(own).toMatchObject({ iban: 'FR7630006000011234567890189', status: 'rejected' });
    const others = all.filter((a: { enteredBy: { userId: string } }) => a.enteredBy.userId !== buyer.userId);
    expect(others.length).toBeGreaterThan(0);
    for (const account of others) expect(account.iban).toMatch(/^FR\d\d •••• •••• \w{4}$/);
  });
});

// Last: it verifies a new account, which the tests above do not expect.
describe('announcements to invoicing', () => {
  it('tells invoicing, with each change, the verified account payments use and whether a change is pending', async () => {
    const announced = async () =>
      (
        await sql<{ payload: Record<string, unknown> }>`
          select payload from catalog.outbox_event
          where event_type = 'catalog.supplier.bank-account-changed' and aggregate_id = ${supplier.id}
          order by occurred_at, id`.execute(h.db)
      ).rows.map((row) => row.payload);
    // The demo loader announced the verified account it loaded (superseded by the tests above).
    expect((await announced())[0]).toMatchObject({
      verified: { iban: 'FR3330002005500000157841Z25' },
      changePending: false,
    });
    const before = (await announced()).length;
    const entered = await enter(buyer, { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' });
    expect(entered.status).toBe(201);
    const { current } = await accounts();
    expect((await announced()).slice(before)).toEqual([
      {
        supplierId: supplier.id,
        supplierName: expect.any(String),
        verified: {
          accountId: current.id,
          accountHolder: current.accountHolder,
          iban: current.iban,
          bic: current.bic,
          verifiedAt: current.decidedAt,
        },
        changePending: true,
        changedAt: expect.any(String),
      },
    ]);
    expect((await decide(entered.body.id, 'verify', secondAccountant)).status).toBe(200);
    expect((await announced()).at(-1)).toMatchObject({
      verified: { accountId: entered.body.id, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
      changePending: false,
    });
  });
});
