// Purchase orders through the API: issued from approved requests (one per supplier), numbered
// without gaps under concurrency, printed with the CGA behind every front page and the annexes the
// rules select, rendered identically later, dispatched by e-mail (retried, visible), acknowledged
// by the supplier, revised (re-approval beyond the threshold, never below what was received),
// received (ledger, event for invoicing) and cancelled.
import { demoSupplierIds } from '@procura/demo-data';
import { calendarDate } from '@procura/domain';
import { createMailer } from '@procura/mail';
import { startSmtpSink } from '@procura/mail/sink';
import { sampleGeneralTerms } from '@procura/pdf/samples';
import { readPdfPages, withoutSpaces } from '@procura/pdf/testing';
import { sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrderingData, publishTerms } from '../src/demo/ordering-data.js';
import { runDueDispatches } from '../src/services/order-dispatch.service.js';
import { supplierAcknowledgementToken } from '../src/services/supplier-acknowledgement.service.js';
import { buyer, employee, manager, requisitionTestbed, testLinkSecret } from './support/requisitions.js';

const bed = requisitionTestbed();
const { useRules, call, submit } = bed;
const costCentreId = employee.costCentreIds[0] ?? '';
const today = calendarDate(new Date());
const year = today.slice(0, 4);
const logger = pino({ level: 'silent' });

const orders = (identity: typeof buyer, method: 'get' | 'post', path: string, body?: object) =>
  bed.callPath(identity, method, `/api/v1/purchase-orders${path}`, body);

function line(
  supplier: 'lemaire' | 'numeria',
  quantity: string,
  unitPrice: string,
  categoryCode = '44121600',
) {
  return {
    source: 'catalog',
    catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    supplierId: demoSupplierIds[supplier],
    supplierName: supplier === 'lemaire' ? 'Lemaire Bureau Distribution' : 'Numéria Systèmes',
    description: supplier === 'lemaire' ? 'Ramette papier A4 80 g' : 'Audit de sécurité du réseau',
    categoryCode,
    quantity,
    unitCode: supplier === 'lemaire' ? 'C62' : 'HUR',
    unitPrice: { amount: unitPrice, currency: 'EUR' },
    vatRate: '20',
    costCentreId,
    budgetCategory: '606400',
  };
}

/** An approved request of these lines (no approval rule: approved on submission); its id. */
async function approvedRequest(lines: object[], title = 'Fournitures et audit') {
  const created = await call(employee, 'post', '', { title, currency: 'EUR', lines });
  expect(created.status).toBe(201);
  const submitted = await submit(created.body.id);
  expect(submitted.body.status).toBe('approved');
  return created.body.id as string;
}

async function issue(requisitionIds: string[], who = buyer) {
  return orders(who, 'post', '/from-requisitions', { requisitionIds });
}

async function pdfOf(orderId: string, revision?: number) {
  const answer = await request(bed.app)
    .get(`/api/v1/purchase-orders/${orderId}/pdf${revision ? `?revision=${revision}` : ''}`)
    .set('x-procura-identity', await bed.tokenFor(buyer))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('application/pdf');
  return answer.body as Buffer;
}

const sha256 = async (bytes: Uint8Array) =>
  (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  await loadOrderingData(bed.db, [demoSupplierIds.numeria]);
  await useRules([]);
});

describe('issuing orders from approved requests', () => {
  it('makes one order per supplier, commits the ledger, and tells invoicing', async () => {
    const id = await approvedRequest([
      line('lemaire', '10', '4.90'),
      line('numeria', '3', '850.00', '81111800'),
    ]);
    const answer = await issue([id]);
    expect(answer.status).toBe(201);
    const issued = answer.body.purchaseOrders as {
      id: string;
      number: string;
      supplier: { name: string };
      total: object;
    }[];
    expect(issued.map((o) => o.supplier.name).sort()).toEqual([
      'Lemaire Bureau Distribution',
      'Numéria Systèmes',
    ]);
    for (const o of issued) expect(o.number).toMatch(new RegExp(`^PO-${year}-\\d{6}$`));
    expect(issued.find((o) => o.supplier.name.startsWith('Lemaire'))?.total).toEqual({
      amount: '49.00',
      currency: 'EUR',
    });

    expect((await call(employee, 'get', `/${id}`)).body.status).toBe('ordered');
    // The request's requested amounts became the orders' committed ones.
    const { rows } = await sql<{ requested: string; committed: string }>`
      select coalesce(sum(requested), 0)::text as requested, coalesce(sum(committed), 0)::text as committed
      from purchasing.commitment_entry where commitment_id = ${id} or commitment_id in (${sql.join(issued.map((o) => o.id))})`.execute(
      bed.db,
    );
    expect(rows[0]).toEqual({ requested: '0.00', committed: '2599.00' });
    const events = await bed.db
      .selectFrom('purchasing.outbox_event')
      .select(['event_type', 'payload'])
      .where('event_type', '=', 'purchasing.purchase-order.issued')
      .execute();
    expect(events.map((e) => (e.payload as { number: string }).number).sort()).toEqual(
      issued.map((o) => o.number).sort(),
    );
    // A second issue of the same request finds nothing left to order.
    const again = await issue([id]);
    expect(again.status).toBe(409);
    // The requester reads the orders of their request; another employee does not.
    const mine = await orders(employee, 'get', `?requisitionId=${id}`);
    expect(mine.body.purchaseOrders).toHaveLength(2);
  });

  it('lists the approved requests still to order for buyers, until they are ordered', async () => {
    const id = await approvedRequest([line('lemaire', '1', '4.90')], 'À commander');
    const queue = await call(buyer, 'get', '/to-order');
    expect(queue.body.requisitions.map((r: { id: string }) => r.id)).toContain(id);
    expect((await call(employee, 'get', '/to-order')).status).toBe(403);
    await issue([id]);
    expect(
      (await call(buyer, 'get', '/to-order')).body.requisitions.map((r: { id: string }) => r.id),
    ).not.toContain(id);
  });

  it('is for buyers only, and only of approved requests', async () => {
    const id = await approvedRequest([line('lemaire', '1', '4.90')]);
    expect((await issue([id], employee)).status).toBe(403);
    const draft = await call(employee, 'post', '', {
      title: 'Brouillon',
      currency: 'EUR',
      lines: [line('lemaire', '1', '4.90')],
    });
    const refused = await issue([draft.body.id]);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('only approved requests');
  });

  it('numbers orders without gaps when buyers issue at the same moment, and orders a request once', async () => {
    const ids = [];
    for (let n = 0; n < 6; n++)
      ids.push(await approvedRequest([line('lemaire', '1', '4.90')], `Papier ${n}`));
    // Two buyers race on the first request; each other request is issued on its own.
    const answers = await Promise.all([issue([ids[0] as string]), ...ids.map((id) => issue([id]))]);
    const issued = answers.filter((a) => a.status === 201);
    expect(issued).toHaveLength(6);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.status)).toEqual([409]);
    const { rows } = await sql<{ number: string }>`
      select number from purchasing.purchase_order where entity_id = ${employee.entityId} order by number`.execute(
      bed.db,
    );
    const sequence = rows.map((r) => Number(r.number.slice(-6)));
    expect(sequence).toEqual(sequence.map((_, n) => n + 1));
  });

  it('refuses, whole, an issue to a supplier that cannot receive orders', async () => {
    const id = await approvedRequest([
      line('lemaire', '1', '4.90'),
      line('numeria', '1', '100.00', '81111800'),
    ]);
    await bed.db
      .updateTable('purchasing.supplier_status')
      .set({ status: 'blocked' })
      .where('supplier_id', '=', demoSupplierIds.numeria)
      .execute();
    try {
      const refused = await issue([id]);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('supplier_not_orderable');
      expect(refused.body.detail).toContain('Numéria');
      const left = await bed.db
        .selectFrom('purchasing.purchase_order_line')
        .select('id')
        .where('requisition_id', '=', id)
        .execute();
      expect(left).toEqual([]);
    } finally {
      await bed.db
        .updateTable('purchasing.supplier_status')
        .set({ status: 'active' })
        .where('supplier_id', '=', demoSupplierIds.numeria)
        .execute();
    }
  });
});

describe('a buyer’s direct order', () => {
  const direct = (lines: object[]) =>
    call(buyer, 'post', '', {
      title: 'Commande directe',
      currency: 'EUR',
      directOrder: true,
      lines: lines.map((l) => ({ ...l, costCentreId: buyer.costCentreIds[0] })),
    });

  it('goes through the same approval rules, then is issued at once', async () => {
    await useRules([{ name: 'Manager chain', approvers: { kind: 'manager_chain' } }]);
    try {
      const created = await direct([line('lemaire', '4', '4.90')]);
      expect(created.status).toBe(201);
      expect(created.body.directOrder).toBe(true);
      const submitted = await submit(created.body.id, buyer);
      expect(submitted.body.status).toBe('in_approval');
      expect((await orders(buyer, 'get', `?requisitionId=${created.body.id}`)).body.purchaseOrders).toEqual(
        [],
      );
      const step = submitted.body.approvalSteps[0];
      const approver = step.approvers[0].userId;
      const decided = await bed.decide(
        approver === manager.userId
          ? manager
          : { ...manager, userId: approver, displayName: step.approvers[0].displayName },
        created.body.id,
        { stepIndex: step.stepIndex, outcome: 'approved', comment: null },
      );
      expect(decided.body.status).toBe('ordered');
      const made = (await orders(buyer, 'get', `?requisitionId=${created.body.id}`)).body.purchaseOrders;
      expect(made).toEqual([
        expect.objectContaining({
          status: 'issued',
          buyer: expect.objectContaining({ userId: buyer.userId }),
        }),
      ]);
    } finally {
      await useRules([]);
    }
  });

  it('is for buyers only', async () => {
    const refused = await call(employee, 'post', '', {
      title: 'Commande directe',
      currency: 'EUR',
      directOrder: true,
      lines: [line('lemaire', '1', '4.90')],
    });
    expect(refused.status).toBe(403);
  });
});

describe('the order PDF', () => {
  let lemaireOrder: string;
  let numeriaOrder: string;

  beforeAll(async () => {
    const id = await approvedRequest([
      ...Array.from({ length: 3 }, (_, n) => ({
        ...line('lemaire', String(n + 2), '4.90'),
        description: `Article de bureau ${n + 1}`,
      })),
      line('numeria', '3', '850.00', '81111800'),
    ]);
    const answer = await issue([id]);
    const byName = (name: string) =>
      answer.body.purchaseOrders.find((o: { supplier: { name: string } }) =>
        o.supplier.name.startsWith(name),
      );
    lemaireOrder = byName('Lemaire').id;
    numeriaOrder = byName('Numéria').id;
  });

  it('shows the lines and totals in front and the CGA in the supplier’s language behind every front page', async () => {
    const order = (await orders(buyer, 'get', `/${lemaireOrder}`)).body;
    const pages = await readPdfPages(await pdfOf(lemaireOrder));
    const front = pages[0] ?? '';
    expect(front).toContain(order.number);
    expect(front).toContain('Article de bureau 1');
    expect(front).toContain('Article de bureau 3');
    expect(front).toContain('44,10'); // (2 + 3 + 4) × 4.90
    expect(front).toMatch(/52,92/); // with 20 % VAT
    // Page 2 is the back of page 1: the French CGA.
    expect(withoutSpaces(pages[1] ?? '')).toContain(withoutSpaces("Conditions générales d'achat"));
    expect(pages.length % 2).toBe(0);
    expect(order.revisions[0].terms).toEqual([{ code: 'CGA', version: 1 }]);
  });

  it('prints the English terms for an English-speaking supplier, with the annexes the rules select', async () => {
    const order = (await orders(buyer, 'get', `/${numeriaOrder}`)).body;
    const pages = await readPdfPages(await pdfOf(numeriaOrder));
    expect(withoutSpaces(pages[1] ?? '')).toContain(withoutSpaces('General purchasing terms'));
    // IT services (UNSPSC 8111…): the confidentiality annex, recorded with its version and rule.
    expect(order.revisions[0].terms).toEqual([
      { code: 'CGA', version: 1 },
      expect.objectContaining({ code: 'CONFIDENTIALITY', ruleIds: ['confidentiality-it-and-services'] }),
    ]);
    expect(withoutSpaces(pages.slice(2).join(' '))).toContain(withoutSpaces('Confidentiality undertaking'));
  });

  it('renders an old order identically after a new CGA version is published, while new orders carry it', async () => {
    const before = await pdfOf(lemaireOrder);
    const stored = (await orders(buyer, 'get', `/${lemaireOrder}`)).body.revisions[0].pdfSha256;
    expect(await sha256(before)).toBe(stored);
    await publishTerms(bed.db, [sampleGeneralTerms(2, today)]);
    const after = await pdfOf(lemaireOrder);
    expect(Buffer.compare(before, after)).toBe(0);
    const next = await issue([await approvedRequest([line('lemaire', '1', '4.90')])]);
    const detail = (await orders(buyer, 'get', `/${next.body.purchaseOrders[0].id}`)).body;
    expect(detail.revisions[0].terms).toEqual([{ code: 'CGA', version: 2 }]);
  });

  it('never hands out a PDF that differs from the one first rendered', async () => {
    const recorded = await sha256(await pdfOf(lemaireOrder));
    const recordAs = (hash: string) =>
      bed.db
        .updateTable('purchasing.purchase_order_revision')
        .set({ pdf_sha256: hash })
        .where('purchase_order_id', '=', lemaireOrder)
        .where('revision', '=', 1)
        .execute();
    await recordAs('0'.repeat(64));
    try {
      const answer = await orders(buyer, 'get', `/${lemaireOrder}/pdf`);
      expect(answer.status).toBe(500);
      expect(answer.body).toMatchObject({ status: 500 }); // a problem, not a PDF
    } finally {
      await recordAs(recorded);
    }
  });
});

describe('dispatch to the supplier', () => {
  it('e-mails the PDF to the supplier’s order address, with an acknowledgement link', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer(sink.url, { from: 'Procura <achats@altiva.example>' });
    try {
      const issued = await issue([await approvedRequest([line('lemaire', '5', '4.90')])]);
      const order = issued.body.purchaseOrders[0];
      await bed.db
        .updateTable('purchasing.purchase_order_dispatch')
        .set({ status: 'sent' })
        .where('purchase_order_id', '!=', order.id)
        .execute();
      // Issuing records what the PDF is made of, not the PDF: the dispatch renders it first.
      expect((await orders(buyer, 'get', `/${order.id}`)).body.revisions[0].pdfSha256).toBeNull();
      const links = { secret: testLinkSecret, publicUrl: 'https://procura.test' };
      expect(await runDueDispatches({ db: bed.db, mailer, logger, links }, new Date())).toBe(1);
      const [mail] = await sink.waitForMessages(1);
      expect(mail?.to).toEqual(['commandes@lemaire-bureau.example']);
      // The PDF sent is the one whose hash is now recorded, and the one the API hands out after it.
      const sent = mail?.attachments[0]?.content ?? Buffer.alloc(0);
      expect((await orders(buyer, 'get', `/${order.id}`)).body.revisions[0].pdfSha256).toBe(
        await sha256(sent),
      );
      expect(Buffer.compare(await pdfOf(order.id), sent)).toBe(0);
      expect(mail?.subject).toContain(order.number);
      expect(mail?.text).toContain('https://procura.test/supplier/orders/');
      const attachment = mail?.attachments[0];
      expect(attachment).toMatchObject({ filename: `${order.number}.pdf`, contentType: 'application/pdf' });
      expect((await readPdfPages(attachment?.content ?? Buffer.alloc(0)))[0]).toContain(order.number);
      const detail = (await orders(buyer, 'get', `/${order.id}`)).body;
      expect(detail.dispatches).toEqual([
        expect.objectContaining({
          status: 'sent',
          attempts: 1,
          recipient: 'commandes@lemaire-bureau.example',
        }),
      ]);
    } finally {
      mailer.close();
      await sink.stop();
    }
  });

  it('retries a failed send with growing delays, then shows it failed until a buyer sends it again', async () => {
    // Nothing listens on this port: every attempt fails to connect.
    const mailer = createMailer('smtp://127.0.0.1:9', {
      from: 'Procura <achats@altiva.example>',
      connectionTimeoutMs: 2_000,
    });
    try {
      const issued = await issue([await approvedRequest([line('lemaire', '2', '4.90')])]);
      const orderId = issued.body.purchaseOrders[0].id;
      await bed.db
        .updateTable('purchasing.purchase_order_dispatch')
        .set({ status: 'sent' })
        .where('purchase_order_id', '!=', orderId)
        .where('status', '=', 'queued')
        .execute();
      let clock = Date.now();
      for (let attempt = 1; attempt <= 5; attempt++) {
        await runDueDispatches({ db: bed.db, mailer, logger }, new Date(clock));
        const [dispatch] = (await orders(buyer, 'get', `/${orderId}`)).body.dispatches;
        expect(dispatch.attempts).toBe(attempt);
        expect(dispatch.lastError).toMatch(/ECONNREFUSED|connect/i);
        expect(dispatch.status).toBe(attempt < 5 ? 'queued' : 'failed');
        // Not due again before its delay.
        expect(await runDueDispatches({ db: bed.db, mailer, logger }, new Date(clock))).toBe(0);
        clock += 61 * 60_000;
      }
      const [failed] = (await orders(buyer, 'get', `/${orderId}`)).body.dispatches;
      const retried = await orders(buyer, 'post', `/${orderId}/dispatches/${failed.id}/retry`);
      expect(retried.body.dispatches[0]).toMatchObject({ status: 'queued', attempts: 0 });
    } finally {
      mailer.close();
    }
  }, 60_000);
});

describe('the supplier’s acknowledgement', () => {
  it('acknowledges once with a promised date through the signed link; a forged link is refused', async () => {
    const issued = await issue([await approvedRequest([line('lemaire', '1', '4.90')])]);
    const orderId = issued.body.purchaseOrders[0].id;
    const token = supplierAcknowledgementToken(testLinkSecret, orderId, 1);
    const page = await request(bed.app).get(`/public/v1/supplier-orders/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      number: issued.body.purchaseOrders[0].number,
      acknowledgement: { status: 'awaiting' },
    });
    const promised = calendarDate(new Date(Date.now() + 7 * 86_400_000));
    const [first, second] = await Promise.all([
      request(bed.app)
        .post(`/public/v1/supplier-orders/${token}`)
        .send({ decision: 'acknowledge', promisedDate: promised }),
      request(bed.app)
        .post(`/public/v1/supplier-orders/${token}`)
        .send({ decision: 'decline', reason: 'Rupture de stock' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const detail = (await orders(buyer, 'get', `/${orderId}`)).body;
    expect(detail.revisions[0].acknowledgement.status).toMatch(/acknowledged|declined/);
    const forged = `${token.slice(0, -3)}abc`;
    expect((await request(bed.app).get(`/public/v1/supplier-orders/${forged}`)).status).toBe(404);
  });
});

describe('receipts', () => {
  it('moves the ledger, reaches invoicing through the outbox, refuses over-receipt, and closes a received and invoiced order', async () => {
    const issued = await issue([await approvedRequest([line('lemaire', '10', '4.90')])]);
    const order = (await orders(buyer, 'get', `/${issued.body.purchaseOrders[0].id}`)).body;
    const lineId = order.lines[0].id;
    const receive = (quantity: string, who = employee) =>
      orders(who, 'post', `/${order.id}/receipts`, {
        receivedOn: today,
        lines: [{ purchaseOrderLineId: lineId, quantity }],
      });
    const partial = await receive('4');
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ receiptStatus: 'partial' });
    const { rows } = await sql<{ received: string }>`
      select sum(received)::text as received from purchasing.commitment_entry where commitment_id = ${order.id}`.execute(
      bed.db,
    );
    expect(rows[0]?.received).toBe('19.60');
    const event = await bed.db
      .selectFrom('purchasing.outbox_event')
      .select('payload')
      .where('event_type', '=', 'purchasing.goods.received')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      purchaseOrderNumber: order.number,
      lines: [{ purchaseOrderLineId: lineId, quantity: '4' }],
    });

    // 10 ordered, 5 % tolerance: 10.5 in all at most.
    const over = await receive('6.6');
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ field: 'lines[0].quantity' });
    expect((await receive('-1')).status).toBe(201);
    expect((await receive('7.5')).body.receiptStatus).toBe('full');
    // Someone else's order is not theirs to receive.
    expect((await receive('1', manager)).status).toBe(403);

    // Invoiced in full (as invoicing will report): the next receipt check closes it.
    await bed.db
      .updateTable('purchasing.purchase_order_line')
      .set({ invoiced_quantity: '10' })
      .where('id', '=', lineId)
      .execute();
    const returned = await receive('-0.5');
    expect(returned.body.status).toBe('closed');
  });
});

describe('changes and cancellation', () => {
  async function issuedOrder(quantity = '10', unitPrice = '100.00') {
    const issued = await issue([await approvedRequest([line('lemaire', quantity, unitPrice)])]);
    return (await orders(buyer, 'get', `/${issued.body.purchaseOrders[0].id}`)).body;
  }

  it('issues a small increase as the next revision with its own PDF and dispatch', async () => {
    const order = await issuedOrder();
    const revised = await orders(buyer, 'post', `/${order.id}/revisions`, {
      version: order.version,
      reason: 'Deux ramettes de plus',
      lines: [{ lineId: order.lines[0].id, quantity: '11', unitPrice: '100.00' }],
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    expect(revised.body.revisionOutcome).toEqual({ revision: 2, status: 'issued', increasePercent: '10.00' });
    expect(revised.body.revision).toBe(2);
    expect(revised.body.dispatches.map((d: { revision: number }) => d.revision)).toEqual([1, 2]);
    const pages = await readPdfPages(await pdfOf(order.id, 2));
    expect(pages[0]).toContain('1 100,00');
    // Revision 1 is still readable as it was.
    expect((await readPdfPages(await pdfOf(order.id, 1)))[0]).toContain('1 000,00');
    // A stale version is refused.
    const stale = await orders(buyer, 'post', `/${order.id}/revisions`, {
      version: order.version,
      reason: 'Encore une',
      lines: [{ lineId: order.lines[0].id, quantity: '12', unitPrice: '100.00' }],
    });
    expect(stale.status).toBe(409);
  });

  it('sends an increase beyond the threshold back through approval, never by the buyer who made it', async () => {
    const order = await issuedOrder();
    const revised = await orders(buyer, 'post', `/${order.id}/revisions`, {
      version: order.version,
      reason: 'Quantité doublée',
      lines: [{ lineId: order.lines[0].id, quantity: '20', unitPrice: '100.00' }],
    });
    expect(revised.body.revisionOutcome).toMatchObject({
      revision: 2,
      status: 'pending_approval',
      increasePercent: '100.00',
    });
    expect(revised.body.status).toBe('pending_approval');
    expect(revised.body.dispatches).toHaveLength(1);
    const self = await orders(buyer, 'post', `/${order.id}/revisions/2/decisions`, { outcome: 'approved' });
    expect(self.status).toBe(403);
    const approved = await orders(manager, 'post', `/${order.id}/revisions/2/decisions`, {
      outcome: 'approved',
      comment: 'OK',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'issued', revision: 2 });
    expect(approved.body.lines[0].quantity).toBe('20');
  });

  it('refuses a change below what was received, and a cancellation once received', async () => {
    const order = await issuedOrder();
    await orders(employee, 'post', `/${order.id}/receipts`, {
      receivedOn: today,
      lines: [{ purchaseOrderLineId: order.lines[0].id, quantity: '4' }],
    });
    const current = (await orders(buyer, 'get', `/${order.id}`)).body;
    const below = await orders(buyer, 'post', `/${order.id}/revisions`, {
      version: current.version,
      reason: 'Moins',
      lines: [{ lineId: order.lines[0].id, quantity: '3', unitPrice: '100.00' }],
    });
    expect(below.status).toBe(400);
    expect(below.body.errors).toEqual([
      { field: 'lines[0].quantity', reason: 'cannot go below 4, already received or invoiced' },
    ]);
    const cancel = await orders(buyer, 'post', `/${order.id}/cancel`, {
      version: current.version,
      reason: 'Plus nécessaire',
    });
    expect(cancel.status).toBe(409);
  });

  it('cancels with a reason, releasing the commitment and notifying the supplier', async () => {
    const order = await issuedOrder('2', '50.00');
    expect(
      (await orders(buyer, 'post', `/${order.id}/cancel`, { version: order.version, reason: '' })).status,
    ).toBe(400);
    const cancelled = await orders(buyer, 'post', `/${order.id}/cancel`, {
      version: order.version,
      reason: 'Projet abandonné',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled: { reason: 'Projet abandonné' } });
    expect(cancelled.body.dispatches.map((d: { kind: string }) => d.kind)).toEqual(['order', 'cancellation']);
    const { rows } = await sql<{ committed: string }>`
      select sum(committed)::text as committed from purchasing.commitment_entry where commitment_id = ${order.id}`.execute(
      bed.db,
    );
    expect(rows[0]?.committed).toBe('0.00');
  });
});
