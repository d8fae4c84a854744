// Matching tolerances as accounts payable keeps them, through the API: created, changed at the version
// read, retired, every change in the history; applied at intake (exactly at the limit matches, a cent
// over does not); and invoices re-match by themselves when a rule changes or the goods arrive.
import { randomUUID } from 'node:crypto';
import { type Seller, ublDocument } from '@procura/einvoice/samples';
import { identityHeader, type TIdentity } from '@procura/http';
import { demoIdentity } from '@procura/http/testing';
import { sql } from 'kysely';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountant,
  auditor,
  administrator as demoAdministrator,
  employee,
  intakeTestbed,
  martin,
} from './support/intake.js';

const bed = intakeTestbed();
const base = '/api/v1/invoices/tolerance-rules';
const martinSeller: Seller = { name: martin.name, vatNumber: martin.vatNumber, siren: martin.siren };
/** The administrator of the accountant's entity. */
const administrator: TIdentity = { ...demoAdministrator, entityId: accountant.entityId };
/** An accountant of another entity. */
const otherEntity: TIdentity = { ...accountant, userId: randomUUID(), entityId: randomUUID() };

async function call(
  identity: TIdentity,
  method: 'get' | 'post' | 'patch' | 'delete',
  path: string,
  body?: object,
) {
  const pending = request(bed.app)
    [method](`${base}${path}`)
    .set(identityHeader, await bed.tokenFor(identity));
  return body === undefined ? pending : pending.send(body);
}

const priceRule = (overrides: object = {}) => ({
  measure: 'price',
  supplierId: martin.supplierId,
  absolute: '0.20',
  percent: '1',
  join: 'or',
  currency: 'EUR',
  ...overrides,
});

const history = (ruleId: string) =>
  bed.db
    .selectFrom('invoicing.tolerance_rule_change')
    .select(['action', 'version', 'actor_user_id'])
    .where('rule_id', '=', ruleId)
    .orderBy('id')
    .execute();

/** Receives a one-line UBL invoice of Martin for `order`, line 1 (10 C62 of paper unless told). */
async function invoice(number: string, order: string, line: { quantity?: string; price: string }) {
  const answer = await bed.upload(
    accountant,
    ublDocument({
      number,
      issueDate: '2026-11-14',
      seller: martinSeller,
      order,
      lines: [
        {
          id: '1',
          name: 'Ramette papier A4',
          quantity: line.quantity ?? '10',
          unit: 'C62',
          price: line.price,
          rate: '20',
          orderLine: '1',
        },
      ],
    }),
    'application/xml',
  );
  expect(answer.status).toBe(201);
  return answer.body as { id: string; match: { status: string; reasons: string[]; owner: string | null } };
}

const matchOf = async (invoiceId: string) =>
  (await bed.get(accountant, `/${invoiceId}`)).body as {
    status: string;
    match: { status: string; reasons: string[]; owner: string | null };
    lines: { match: { status: string; findings: { reason: string; allowed?: string }[] } }[];
  };

beforeAll(async () => {
  await bed.announceSupplier(martin);
});

describe('tolerance rules', () => {
  it('creates, changes at the version read, and retires a rule, each change in the history', async () => {
    const created = await call(accountant, 'post', '/', priceRule({ categoryCode: '14111507' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entityId: accountant.entityId,
      supplierId: martin.supplierId,
      categoryCode: '14111507',
      measure: 'price',
      absolute: '0.2',
      percent: '1',
      join: 'or',
      currency: 'EUR',
      version: 1,
      createdBy: accountant.userId,
      retiredAt: null,
    });
    const id: string = created.body.id;
    expect((await call(auditor, 'get', '/')).body.rules.map((r: { id: string }) => r.id)).toContain(id);

    const changed = await call(administrator, 'patch', `/${id}`, { version: 1, percent: '2.5', join: 'and' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, absolute: '0.2', percent: '2.5', join: 'and' });
    expect(changed.body.updatedBy).toBe(administrator.userId);

    // Someone still at version 1 changes nothing.
    const stale = await call(accountant, 'patch', `/${id}`, { version: 1, absolute: '5' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'conflict' });
    expect(
      (await call(accountant, 'get', '/')).body.rules.find((r: { id: string }) => r.id === id),
    ).toMatchObject({
      version: 2,
      absolute: '0.2',
    });
    expect((await call(accountant, 'delete', `/${id}?version=1`)).status).toBe(409);

    const retired = await call(accountant, 'delete', `/${id}?version=2`);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ version: 3, retiredBy: accountant.userId });
    expect((await call(accountant, 'get', '/')).body.rules.map((r: { id: string }) => r.id)).not.toContain(
      id,
    );
    expect(
      (await call(accountant, 'get', '/?includeRetired=true')).body.rules.map((r: { id: string }) => r.id),
    ).toContain(id);
    expect((await call(accountant, 'patch', `/${id}`, { version: 3, percent: '1' })).status).toBe(409);

    expect(await history(id)).toEqual([
      { action: 'created', version: 1, actor_user_id: accountant.userId },
      { action: 'updated', version: 2, actor_user_id: administrator.userId },
      { action: 'retired', version: 3, actor_user_id: accountant.userId },
    ]);
    const answer = await call(auditor, 'get', `/history?ruleId=${id}`);
    expect(answer.body.changes.map((c: { action: string }) => c.action)).toEqual([
      'retired',
      'updated',
      'created',
    ]);
    expect(answer.body.changes[1].before).toMatchObject({ version: 1, percent: '1' });
    // The history cannot be rewritten.
    await expect(
      sql`update invoicing.tolerance_rule_change set actor_name = 'x' where rule_id = ${id}`.execute(bed.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from invoicing.tolerance_rule_change where rule_id = ${id}`.execute(bed.db),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const before = (await call(accountant, 'get', '/?includeRetired=true')).body.rules.length;
    const cases: [object, string][] = [
      [priceRule({ currency: null }), 'body.currency'],
      [priceRule({ measure: 'quantity' }), 'body.currency'],
      [priceRule({ absolute: '-1' }), 'body.absolute'],
      [priceRule({ percent: '1e3' }), 'body.percent'],
      [priceRule({ join: 'xor' }), 'body.join'],
      [priceRule({ categoryCode: '1411' }), 'body.categoryCode'],
      [priceRule({ supplierId: randomUUID() }), 'body.supplierId'],
      [priceRule({ entityId: randomUUID() }), 'body'],
    ];
    for (const [body, field] of cases) {
      const answer = await call(accountant, 'post', '/', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(answer.body.errors ?? answer.body)).toContain(field);
    }
    expect((await call(accountant, 'get', '/?includeRetired=true')).body.rules.length).toBe(before);
  });

  it('lets people of accounts payable and administrators keep rules, auditors read, nobody else', async () => {
    for (const identity of [employee, auditor, demoIdentity('buyer'), demoIdentity('manager')])
      expect((await call(identity, 'post', '/', priceRule({ absolute: '9' }))).status).toBe(403);
    for (const identity of [employee, demoIdentity('buyer')])
      expect((await call(identity, 'get', '/')).status).toBe(403);
  });

  it("keeps one rule per scope, also when two are created at once, and hides other entities' rules", async () => {
    const scope = priceRule({ supplierId: null, categoryCode: '44121600', absolute: '0.05' });
    const [first, second] = await Promise.all([
      call(accountant, 'post', '/', scope),
      call(administrator, 'post', '/', scope),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((a) => a.status === 409)?.body).toMatchObject({
      code: 'tolerance_rule_duplicate',
    });
    const kept = first.status === 201 ? first.body : second.body;

    // Another entity may have the same scope; it neither sees nor changes this one.
    expect((await call(otherEntity, 'post', '/', scope)).status).toBe(201);
    expect((await call(otherEntity, 'get', '/')).body.rules.map((r: { id: string }) => r.id)).not.toContain(
      kept.id,
    );
    expect((await call(otherEntity, 'patch', `/${kept.id}`, { version: 1, absolute: '1' })).status).toBe(404);
    expect((await call(otherEntity, 'delete', `/${kept.id}?version=1`)).status).toBe(404);
    expect((await call(accountant, 'delete', `/${kept.id}?version=1`)).status).toBe(200);
  });
});

describe('matching with tolerances', () => {
  it('matches a price exactly at the limit, not a cent over; changing the rule re-matches the invoice', async () => {
    const order = 'PO-2026-000701';
    await bed
      .issueOrder(order, martin.supplierId, [
        { lineNo: 1, reference: 'PAP-A4', quantity: '100', unitCode: 'C62', unitPrice: '10.00' },
      ])
      .then((ids) => bed.receive(order, [{ purchaseOrderLineId: ids[1] ?? '', quantity: '100' }]));
    // 0.20 OR 1 % of 10.00 (0.10): up to 10.20 matches.
    const created = await call(accountant, 'post', '/', priceRule());
    expect(created.status).toBe(201);

    const atLimit = await invoice('F-2026-0701', order, { price: '10.20' });
    expect(atLimit.match).toMatchObject({ status: 'matched', reasons: [], owner: null });
    const over = await invoice('F-2026-0702', order, { price: '10.21' });
    expect(over.match).toMatchObject({ status: 'exception', reasons: ['price_variance'], owner: 'buyer' });
    expect((await matchOf(over.id)).lines[0]?.match.findings[0]).toMatchObject({
      reason: 'price_variance',
      allowed: '0.2',
    });

    // With 0.21 allowed, the invoice a cent over matches by itself, and is approved as it matches.
    const widened = await call(accountant, 'patch', `/${created.body.id}`, { version: 1, absolute: '0.21' });
    expect(widened.status).toBe(200);
    expect((await matchOf(over.id)).match).toMatchObject({ status: 'matched', reasons: [], owner: null });
    // Both were approved when they matched: retiring the rule re-matches only invoices still open,
    // a decided invoice keeps what it was decided on.
    expect((await call(accountant, 'delete', `/${created.body.id}?version=2`)).status).toBe(200);
    for (const id of [atLimit.id, over.id])
      expect(await matchOf(id)).toMatchObject({
        status: 'approved',
        match: { status: 'matched', reasons: [] },
      });
    const held = await invoice('F-2026-0799', order, { price: '10.30' });
    expect(held.match).toMatchObject({ status: 'exception', reasons: ['price_variance'], owner: 'buyer' });
  });

  it('applies a quantity tolerance AND-joined: the smaller part is the limit', async () => {
    const order = 'PO-2026-000702';
    const ids = await bed.issueOrder(order, martin.supplierId, [
      { lineNo: 1, reference: 'PAP-A4', quantity: '100', unitCode: 'C62', unitPrice: '4.90' },
    ]);
    await bed.receive(order, [{ purchaseOrderLineId: ids[1] ?? '', quantity: '100' }]);
    // 3 AND 2 % of 100 (2): up to 102 invoiced matches.
    const rule = await call(accountant, 'post', '/', {
      measure: 'quantity',
      supplierId: martin.supplierId,
      absolute: '3',
      percent: '2',
      join: 'and',
    });
    expect(rule.status).toBe(201);
    expect((await invoice('F-2026-0703', order, { quantity: '60', price: '4.90' })).match.status).toBe(
      'matched',
    );
    expect((await invoice('F-2026-0704', order, { quantity: '42', price: '4.90' })).match.status).toBe(
      'matched',
    );
    const over = await invoice('F-2026-0705', order, { quantity: '1', price: '4.90' });
    expect(over.match).toMatchObject({
      status: 'exception',
      reasons: ['quantity_over_received', 'quantity_over_ordered'],
      owner: 'requester',
    });
    expect((await call(accountant, 'delete', `/${rule.body.id}?version=1`)).status).toBe(200);
  });

  it('holds an invoice for goods not yet received for the requester, and matches it when the receipt arrives', async () => {
    const order = 'PO-2026-000703';
    const ids = await bed.issueOrder(order, martin.supplierId, [
      { lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' },
    ]);
    const early = await invoice('F-2026-0706', order, { price: '4.90' });
    expect(early.match).toMatchObject({
      status: 'exception',
      reasons: ['awaiting_receipt'],
      owner: 'requester',
    });

    await bed.receive(order, [{ purchaseOrderLineId: ids[1] ?? '', quantity: '6' }]);
    expect((await matchOf(early.id)).match).toMatchObject({
      status: 'exception',
      reasons: ['quantity_over_received'],
      owner: 'requester',
    });
    await bed.receive(order, [{ purchaseOrderLineId: ids[1] ?? '', quantity: '4' }]);
    const matched = await matchOf(early.id);
    expect(matched.match).toMatchObject({ status: 'matched', reasons: [], owner: null });
    expect(matched.lines[0]?.match).toMatchObject({ status: 'matched', findings: [] });
  });
});
