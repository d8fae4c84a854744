// The exceptions queue and its actions, over HTTP on a real database: who sees which exception,
// accepting a variance within (and beyond) a limit, refusing, holding and releasing, asking for a
// credit note, two people acting at once, retries, the append-only history, the lifecycle feed a
// platform connector reads, and the events purchasing is told through the outbox.
import { randomUUID } from 'node:crypto';
import { type Seller, ublDocument } from '@procura/einvoice/samples';
import { identityHeader, type TIdentity } from '@procura/http';
import { demoIdentity, integrationIdentity, routesLettingThrough } from '@procura/http/testing';
import { createMailer } from '@procura/mail';
import { startSmtpSink } from '@procura/mail/sink';
import { sql } from 'kysely';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendCreditNoteRequests } from '../src/services/credit-note-mail.service.js';
import { holdInvoice } from '../src/services/invoice-lifecycle.service.js';
import {
  accountant,
  administrator,
  auditor,
  intakeTestbed,
  martin,
  numeria,
  stranger,
} from './support/intake.js';

const bed = intakeTestbed();
const xml = 'application/xml';
const buyer = demoIdentity('buyer');
const requester = demoIdentity('employee');
/** An administrator of the buyer's entity (the demo administrator works for Altiva Ouest). */
const altivaAdministrator: TIdentity = { ...administrator, entityId: buyer.entityId };
const otherBuyer: TIdentity = { ...buyer, userId: randomUUID(), displayName: 'Autre acheteur' };
const martinSeller: Seller = { name: martin.name, vatNumber: martin.vatNumber, siren: martin.siren };
const numeriaSeller: Seller = { name: numeria.name, vatNumber: numeria.vatNumber, siren: numeria.siren };

let orderNo = 500;
/**
 * An order from Martin of 10 reams at 4.90 (received in full unless `received` says otherwise),
 * bought by the demo buyer for the demo requester, and an invoice of it at `price`: its id and version.
 */
async function invoiceAt(
  price: string,
  options: { received?: string; quantity?: string; seller?: Seller; supplierId?: string } = {},
) {
  orderNo += 1;
  const order = `PO-2026-000${orderNo}`;
  const lines = await bed.issueOrder(
    order,
    options.supplierId ?? martin.supplierId,
    [{ lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' }],
    { buyerUserId: buyer.userId, requesterUserIds: [requester.userId] },
  );
  const received = options.received ?? '10';
  if (received !== '0')
    await bed.receive(order, [{ purchaseOrderLineId: lines[1] ?? '', quantity: received }]);
  const answer = await bed.upload(
    accountant,
    ublDocument({
      number: `F-${orderNo}`,
      // One day apart each: the same amount on the same day would be a possible duplicate.
      issueDate: new Date(Date.UTC(2026, 0, 1) + (orderNo - 500) * 86_400_000).toISOString().slice(0, 10),
      seller: options.seller ?? martinSeller,
      order,
      lines: [
        {
          id: '1',
          name: 'Ramette papier A4',
          quantity: options.quantity ?? '10',
          unit: 'C62',
          price,
          rate: '20',
          orderLine: '1',
        },
      ],
    }),
    xml,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return {
    id: answer.body.id as string,
    version: answer.body.version as number,
    orderLineId: lines[1] ?? '',
    body: answer.body,
  };
}

async function post(identity: TIdentity, path: string, body: object, headers: Record<string, string> = {}) {
  return request(bed.app)
    .post(`/api/v1/invoices${path}`)
    .set(identityHeader, await bed.tokenFor(identity))
    .set(headers)
    .send(body);
}

const historyOf = (invoiceId: string) =>
  bed.db
    .selectFrom('invoicing.invoice_history')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();

const eventsOf = (invoiceId: string) =>
  bed.db
    .selectFrom('invoicing.outbox_event')
    .select(['event_type', 'payload'])
    .where('aggregate_id', '=', invoiceId)
    .orderBy('occurred_at')
    .execute();

beforeAll(async () => {
  await bed.announceSupplier(martin, { contactEmail: 'facturation@martin.example' });
  await bed.announceSupplier(numeria);
});

describe('approval', () => {
  it('approves an invoice whose every line matches at intake, as Procura, and tells purchasing', async () => {
    const invoice = await invoiceAt('4.90');
    expect(invoice.body).toMatchObject({
      status: 'approved',
      reformStatus: { code: '205', label: 'Approuvée' },
      match: { status: 'matched' },
      version: 2,
    });
    expect(
      (await historyOf(invoice.id)).map((h) => [h.action, h.from_status, h.to_status, h.actor_id]),
    ).toEqual([
      ['receive', null, 'received', accountant.userId],
      ['approve', 'received', 'approved', null],
    ]);
    const events = await eventsOf(invoice.id);
    expect(events.map((e) => e.event_type)).toEqual(['invoicing.invoice.approved']);
    expect(events[0]?.payload).toMatchObject({
      invoiceId: invoice.id,
      kind: 'invoice',
      approvedBy: null,
      currency: 'EUR',
      taxExclusiveTotal: '49.00',
      orderLines: [{ purchaseOrderLineId: invoice.orderLineId, quantity: '10', netAmount: '49.00' }],
    });
  });
});

describe('the exceptions queue', () => {
  let priceVariance: Awaited<ReturnType<typeof invoiceAt>>;
  let awaitingReceipt: Awaited<ReturnType<typeof invoiceAt>>;
  let unknownSeller: string;

  beforeAll(async () => {
    priceVariance = await invoiceAt('5.10');
    awaitingReceipt = await invoiceAt('4.90', { received: '0' });
    const answer = await bed.upload(
      accountant,
      ublDocument({
        number: 'X-1',
        issueDate: '2026-11-10',
        seller: stranger,
        lines: [{ id: '1', name: 'Chose', quantity: '1', unit: 'C62', price: '10.00', rate: '20' }],
      }),
      xml,
    );
    unknownSeller = answer.body.id;
  });

  const queue = async (identity: TIdentity, query = '') => {
    const answer = await bed.get(identity, `/exceptions${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.exceptions as {
      id: string;
      owner: { kind: string; userIds: string[] };
      ageDays: number;
    }[];
  };
  const ids = (list: { id: string }[]) => list.map((e) => e.id);

  it('gives each exception its reasons, its owner as people, its age, oldest first', async () => {
    const all = await queue(accountant);
    const mine = all.filter((e) => [priceVariance.id, awaitingReceipt.id, unknownSeller].includes(e.id));
    expect(mine).toEqual([
      expect.objectContaining({
        id: priceVariance.id,
        reasons: ['price_variance'],
        owner: { kind: 'buyer', userIds: [buyer.userId] },
        ageDays: 0,
        status: 'received',
      }),
      expect.objectContaining({
        id: awaitingReceipt.id,
        reasons: ['awaiting_receipt'],
        owner: { kind: 'requester', userIds: [requester.userId] },
      }),
      expect.objectContaining({
        id: unknownSeller,
        reasons: expect.arrayContaining(['unknown_supplier']),
        owner: { kind: 'accounts_payable', userIds: [] },
      }),
    ]);
    const received = all.map((e) => (e as unknown as { receivedAt: string }).receivedAt);
    expect(received).toEqual([...received].sort());
  });

  it('counts the age in days since the invoice was received', async () => {
    await sql`update invoicing.invoice set received_at = now() - interval '12 days 1 hour' where id = ${unknownSeller}`.execute(
      bed.db,
    );
    const aged = (await queue(accountant)).find((e) => e.id === unknownSeller);
    expect(aged?.ageDays).toBe(12);
    // Oldest first: the aged one now leads.
    expect((await queue(accountant))[0]?.id).toBe(unknownSeller);
  });

  it('shows a buyer the exceptions of their orders, a requester theirs, another buyer none', async () => {
    expect(ids(await queue(buyer))).toEqual(expect.arrayContaining([priceVariance.id, awaitingReceipt.id]));
    expect(ids(await queue(buyer))).not.toContain(unknownSeller);
    expect(ids(await queue(requester))).toEqual(
      expect.arrayContaining([priceVariance.id, awaitingReceipt.id]),
    );
    expect(await queue(otherBuyer)).toEqual([]);
  });

  it('filters by owner=me, reason and supplier', async () => {
    expect(ids(await queue(buyer, '?owner=me'))).toContain(priceVariance.id);
    expect(ids(await queue(buyer, '?owner=me'))).not.toContain(awaitingReceipt.id);
    expect(ids(await queue(requester, '?owner=me'))).toContain(awaitingReceipt.id);
    expect(ids(await queue(requester, '?owner=me'))).not.toContain(priceVariance.id);
    const ap = ids(await queue(accountant, '?owner=me'));
    expect(ap).toContain(unknownSeller);
    expect(ap).not.toContain(priceVariance.id);
    expect(ids(await queue(accountant, '?reason=awaiting_receipt'))).toEqual(
      expect.arrayContaining([awaitingReceipt.id]),
    );
    expect(ids(await queue(accountant, '?reason=awaiting_receipt'))).not.toContain(priceVariance.id);
    expect(ids(await queue(accountant, `?supplierId=${martin.supplierId}`))).not.toContain(unknownSeller);
  });

  it('names a bad filter', async () => {
    const answer = await bed.get(accountant, '/exceptions?reason=late&owner=them');
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.owner',
      'query.reason',
    ]);
  });
});

describe('accepting a variance', () => {
  it('lets the buyer accept a price variance within their limit, approving the invoice as them', async () => {
    const invoice = await invoiceAt('5.10'); // 10 × 0.20 = 2.00 EUR over the order
    const answer = await post(buyer, `/${invoice.id}/accept-variance`, {
      version: invoice.version,
      comment: 'Hausse du papier annoncée en octobre',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'approved',
      match: { status: 'matched', reasons: [], owner: null },
      outcome: { approved: true, accepted: { total: { amount: '2.00', currency: 'EUR' } } },
    });
    expect(answer.body.lines[0].match.status).toBe('matched');
    expect(answer.body.lines[0].match.findings[0]).toMatchObject({
      reason: 'price_variance',
      accepted: { by: buyer.userId, comment: 'Hausse du papier annoncée en octobre' },
    });
    const history = await historyOf(invoice.id);
    expect(history.map((h) => [h.action, h.actor_id, h.reason])).toEqual([
      ['receive', accountant.userId, null],
      ['accept_variance', buyer.userId, 'price_variance'],
      ['approve', buyer.userId, null],
    ]);
    expect(history[1]?.amounts).toMatchObject({
      total: { amount: '2.00' },
      limit: { amount: '500.00', currency: 'EUR' },
    });
    const approved = (await eventsOf(invoice.id)).find((e) => e.event_type === 'invoicing.invoice.approved');
    expect(approved?.payload).toMatchObject({ approvedBy: buyer.userId, taxExclusiveTotal: '51.00' });
  });

  it('keeps an accepted variance through a re-match, and approves the invoice once its receipt arrives', async () => {
    const invoice = await invoiceAt('5.10', { received: '0' });
    const accepted = await post(buyer, `/${invoice.id}/accept-variance`, {
      version: invoice.version,
      comment: 'Tarif 2026',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'received',
      match: { status: 'exception', reasons: ['awaiting_receipt'], owner: 'requester' },
    });
    const order = accepted.body.lines[0].order.reference as string;
    await bed.receive(order, [{ purchaseOrderLineId: invoice.orderLineId, quantity: '10' }]);
    const after = await bed.get(accountant, `/${invoice.id}`);
    expect(after.body).toMatchObject({ status: 'approved', match: { status: 'matched', reasons: [] } });
    expect(after.body.lines[0].match.findings).toEqual([
      expect.objectContaining({
        reason: 'price_variance',
        accepted: expect.objectContaining({ by: buyer.userId }),
      }),
    ]);
    expect((await historyOf(invoice.id)).map((h) => [h.action, h.actor_id])).toEqual([
      ['receive', accountant.userId],
      ['accept_variance', buyer.userId],
      ['approve', null],
    ]);
  });

  it('refuses one cent over the person’s own limit with 403 naming it, and changes nothing', async () => {
    const set = await request(bed.app)
      .put(`/api/v1/invoices/acceptance-limits/${buyer.userId}`)
      .set(identityHeader, await bed.tokenFor(altivaAdministrator))
      .send({ amount: '1.99', currency: 'EUR' });
    expect(set.status).toBe(200);
    expect(set.body.limits).toEqual([
      expect.objectContaining({
        userId: buyer.userId,
        limit: { amount: '1.99', currency: 'EUR' },
        setBy: administrator.userId,
      }),
    ]);
    const badLimit = await request(bed.app)
      .put(`/api/v1/invoices/acceptance-limits/${buyer.userId}`)
      .set(identityHeader, await bed.tokenFor(altivaAdministrator))
      .send({ amount: '-3', currency: 'euro' });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.amount',
      'body.currency',
    ]);
    try {
      const invoice = await invoiceAt('5.10');
      const answer = await post(buyer, `/${invoice.id}/accept-variance`, {
        version: invoice.version,
        comment: 'ok',
      });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('variance_over_acceptance_limit');
      expect(answer.body.detail).toContain('1.99 EUR');
      expect(answer.body.detail).toContain('2.00 EUR');
      const after = await bed.get(accountant, `/${invoice.id}`);
      expect(after.body).toMatchObject({ status: 'received', version: invoice.version });
      expect(after.body.lines[0].match.status).toBe('price_variance');
      expect((await historyOf(invoice.id)).map((h) => h.action)).toEqual(['receive']);

      // Exactly at the limit passes.
      await sql`update invoicing.variance_acceptance_limit set amount = 2.00 where user_id = ${buyer.userId}`.execute(
        bed.db,
      );
      const atLimit = await post(buyer, `/${invoice.id}/accept-variance`, {
        version: invoice.version,
        comment: 'ok',
      });
      expect(atLimit.status).toBe(200);
    } finally {
      await sql`delete from invoicing.variance_acceptance_limit`.execute(bed.db);
    }
  });

  it('gives a requester no limit to accept a price variance with, and another buyer no access', async () => {
    const invoice = await invoiceAt('5.10');
    const asRequester = await post(requester, `/${invoice.id}/accept-variance`, {
      version: invoice.version,
      comment: 'ok',
    });
    expect(asRequester.status).toBe(403);
    expect(asRequester.body.code).toBe('variance_over_acceptance_limit');
    const asOther = await post(otherBuyer, `/${invoice.id}/accept-variance`, {
      version: invoice.version,
      comment: 'ok',
    });
    expect(asOther.status).toBe(403);
    expect(asOther.body.code).toBe('forbidden');
  });

  it('wants a comment, and refuses a variance that is not there', async () => {
    const invoice = await invoiceAt('5.10');
    const noComment = await post(buyer, `/${invoice.id}/accept-variance`, { version: invoice.version });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors).toEqual([{ field: 'body.comment', reason: 'is required' }]);
    const wrongKind = await post(buyer, `/${invoice.id}/accept-variance`, {
      version: invoice.version,
      reasons: ['quantity_over_received'],
      comment: 'ok',
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('no_variance_to_accept');
  });

  it('of two people accepting at once, lets one through and tells the other it changed (409)', async () => {
    const invoice = await invoiceAt('5.10');
    const body = { version: invoice.version, comment: 'ok' };
    const answers = await Promise.all([
      post(buyer, `/${invoice.id}/accept-variance`, body),
      post(accountant, `/${invoice.id}/refuse`, { version: invoice.version, reason: 'Prix non convenu' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('invoice_changed');
    const actions = (await historyOf(invoice.id)).map((h) => h.action);
    expect(actions.filter((a) => a === 'accept_variance' || a === 'refuse')).toHaveLength(1);
  });

  it('answers a retry with the same Idempotency-Key once, without acting twice', async () => {
    const invoice = await invoiceAt('5.10');
    const body = { version: invoice.version, comment: 'ok' };
    const key = { 'idempotency-key': randomUUID() };
    const first = await post(buyer, `/${invoice.id}/accept-variance`, body, key);
    const retry = await post(buyer, `/${invoice.id}/accept-variance`, body, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await historyOf(invoice.id)).map((h) => h.action)).toEqual([
      'receive',
      'accept_variance',
      'approve',
    ]);
  });
});

describe('refusing, holding, releasing, asking for a credit note', () => {
  it('refuses with a reason (refusée) and tells purchasing; a refused invoice is final', async () => {
    const invoice = await invoiceAt('5.10');
    const noReason = await post(accountant, `/${invoice.id}/refuse`, {
      version: invoice.version,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'body.reason', reason: 'is required' }]);

    const answer = await post(buyer, `/${invoice.id}/refuse`, {
      version: invoice.version,
      reason: 'Prix non conforme à la commande',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'refused', reformStatus: { code: '210', label: 'Refusée' } });
    const refused = (await eventsOf(invoice.id)).find((e) => e.event_type === 'invoicing.invoice.refused');
    expect(refused?.payload).toMatchObject({
      reason: 'Prix non conforme à la commande',
      refusedBy: buyer.userId,
    });

    const again = await post(accountant, `/${invoice.id}/hold`, {
      version: answer.body.version,
      reason: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state_transition');
  });

  it('holds an approved invoice and releases it back to approved', async () => {
    const invoice = await invoiceAt('4.90');
    const held = await post(accountant, `/${invoice.id}/hold`, {
      version: invoice.version,
      reason: 'Coordonnées bancaires à vérifier',
    });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'on_hold', reformStatus: { code: '208', label: 'Suspendue' } });
    const released = await post(accountant, `/${invoice.id}/release`, {
      version: held.body.version,
      reason: 'IBAN confirmé par téléphone',
    });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('approved');
    expect((await historyOf(invoice.id)).map((h) => [h.action, h.to_status, h.reason])).toEqual([
      ['receive', 'received', null],
      ['approve', 'approved', null],
      ['hold', 'on_hold', 'Coordonnées bancaires à vérifier'],
      ['release', 'approved', 'IBAN confirmé par téléphone'],
    ]);
    const stale = await post(accountant, `/${invoice.id}/hold`, { version: held.body.version, reason: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('invoice_changed');
  });

  it('asks the supplier for a credit note: recorded, the invoice held awaiting it, a mail queued', async () => {
    const invoice = await invoiceAt('5.10');
    const answer = await post(buyer, `/${invoice.id}/request-credit-note`, {
      version: invoice.version,
      reason: 'Avoir de 2,00 € attendu : prix de commande 4,90',
      amount: '2.40',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'on_hold',
      outcome: { mailTo: 'facturation@martin.example', mailStatus: 'pending' },
    });
    const requests = await bed.db
      .selectFrom('invoicing.credit_note_request')
      .selectAll()
      .where('invoice_id', '=', invoice.id)
      .execute();
    expect(requests).toEqual([
      expect.objectContaining({ amount: '2.40', requested_by: buyer.userId, mail_status: 'pending' }),
    ]);
    const row = await bed.db
      .selectFrom('invoicing.invoice')
      .select(['awaiting_credit_note', 'held_from'])
      .where('id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ awaiting_credit_note: true, held_from: 'received' });
    // Still in the queue, held, so that nobody pays it meanwhile.
    const queued = (await bed.get(accountant, '/exceptions')).body.exceptions.find(
      (e: { id: string }) => e.id === invoice.id,
    );
    expect(queued).toMatchObject({ status: 'on_hold', awaitingCreditNote: true });
  });

  it('mails the pending requests to the supplier’s contact once, in French', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer(sink.url, { from: 'Comptabilité fournisseurs <ap@altiva.example>' });
    try {
      const invoice = await invoiceAt('5.10');
      const asked = await post(buyer, `/${invoice.id}/request-credit-note`, {
        version: invoice.version,
        reason: 'Prix de commande 4,90 €',
        amount: '2.40',
      });
      expect(asked.status).toBe(200);
      const pending = await bed.db
        .selectFrom('invoicing.credit_note_request')
        .select('id')
        .where('mail_status', '=', 'pending')
        .execute();
      expect(await sendCreditNoteRequests(bed.db, mailer, new Date())).toBe(pending.length);
      const mails = await sink.waitForMessages(pending.length);
      const mail = mails.find((m) => m.subject.includes(asked.body.number));
      expect(mail?.to).toEqual(['facturation@martin.example']);
      expect(mail?.subject).toBe(`Demande d’avoir – facture ${asked.body.number} du ${asked.body.issueDate}`);
      expect(mail?.text).toContain('Motif : Prix de commande 4,90 €');
      expect(mail?.text).toContain('un avoir de 2.40 EUR');
      const row = await bed.db
        .selectFrom('invoicing.credit_note_request')
        .select(['mail_status', 'mail_sent_at'])
        .where('invoice_id', '=', invoice.id)
        .executeTakeFirstOrThrow();
      expect(row.mail_status).toBe('sent');
      expect(row.mail_sent_at).toBeInstanceOf(Date);
      // Nothing is sent twice.
      expect(await sendCreditNoteRequests(bed.db, mailer, new Date())).toBe(0);
    } finally {
      mailer.close();
      await sink.stop();
    }
  });

  it('mails the supplier’s order address without a contact, and nobody for an unknown supplier', async () => {
    const invoice = await invoiceAt('5.10', { seller: numeriaSeller, supplierId: numeria.supplierId });
    const answer = await post(accountant, `/${invoice.id}/request-credit-note`, {
      version: invoice.version,
      reason: 'Écart de prix',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toMatchObject({
      mailTo: 'commandes@fournisseur.example',
      mailStatus: 'pending',
    });

    const unknown = await bed.upload(
      accountant,
      ublDocument({
        number: 'X-2',
        issueDate: '2026-11-11',
        seller: stranger,
        lines: [{ id: '1', name: 'Chose', quantity: '1', unit: 'C62', price: '12.00', rate: '20' }],
      }),
      xml,
    );
    const asked = await post(accountant, `/${unknown.body.id}/request-credit-note`, {
      version: unknown.body.version,
      reason: 'Facture inconnue : avoir total demandé par téléphone',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.outcome).toMatchObject({ mailTo: null, mailStatus: 'no_contact' });
  });

  it('keeps the history append-only: the database refuses to change or delete it', async () => {
    const invoice = await invoiceAt('4.90');
    await expect(
      sql`update invoicing.invoice_history set reason = 'rewritten' where invoice_id = ${invoice.id}`.execute(
        bed.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from invoicing.invoice_history where invoice_id = ${invoice.id}`.execute(bed.db),
    ).rejects.toThrow(/append-only/);
    expect(await historyOf(invoice.id)).toHaveLength(2);
  });
});

describe('the lifecycle feed', () => {
  it('lists status changes in order with the reform’s codes, page by page, to a connector’s token', async () => {
    const platform = integrationIdentity(['invoices:read'], accountant.entityId);
    const first = await bed.get(platform, '/lifecycle?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.changes).toHaveLength(3);
    const all = [...first.body.changes];
    let next = first.body.next;
    for (;;) {
      const page = await bed.get(platform, `/lifecycle?limit=50&since=${next}`);
      expect(page.status).toBe(200);
      if (page.body.changes.length === 0) {
        expect(page.body.next).toBeNull();
        break;
      }
      all.push(...page.body.changes);
      next = page.body.next;
    }
    const total = Number(
      (await sql<{ n: string }>`select count(*) as n from invoicing.invoice_history`.execute(bed.db)).rows[0]
        ?.n,
    );
    expect(all).toHaveLength(total);
    const refused = all.find((c) => c.status === 'refused');
    expect(refused).toMatchObject({ reformStatus: { code: '210', label: 'Refusée' }, action: 'refuse' });
    expect(refused.reason).toBeTruthy();
    expect(all.some((c) => c.status === 'approved' && c.reformStatus.code === '205')).toBe(true);

    // A file refused as not processable appears as rejetée, without an invoice.
    const broken = await bed.upload(
      accountant,
      ublDocument({
        number: 'F-BROKEN',
        issueDate: '2026-11-10',
        seller: martinSeller,
        payableOverride: '999.99',
        lines: [{ id: '1', name: 'Papier', quantity: '1', unit: 'C62', price: '4.90', rate: '20' }],
      }),
      xml,
    );
    expect(broken.status).toBe(422);
    const after = await bed.get(platform, `/lifecycle?since=${next}`);
    expect(after.body.changes).toEqual([
      expect.objectContaining({
        invoiceId: null,
        fileId: broken.body.fileId,
        number: 'F-BROKEN',
        status: 'rejected',
        reformStatus: { code: '213', label: 'Rejetée' },
      }),
    ]);
  });

  it('holds back a change until every transaction that began writing before it has ended', async () => {
    const platform = integrationIdentity(['invoices:read'], accountant.entityId);
    const first = await invoiceAt('4.90');
    const second = await invoiceAt('4.90');
    let cursor = (await bed.get(platform, '/lifecycle?limit=500')).body.next;
    for (;;) {
      const page = await bed.get(platform, `/lifecycle?limit=500&since=${cursor}`);
      if (page.body.changes.length === 0) break;
      cursor = page.body.next;
    }
    // A slow transaction holds the first invoice while the second is put on hold and committed.
    const slow = await bed.db.startTransaction().execute();
    await holdInvoice(slow, accountant, first.id, { version: first.version, reason: 'Lent' }, new Date());
    const quick = await post(accountant, `/${second.id}/hold`, { version: second.version, reason: 'Rapide' });
    expect(quick.status).toBe(200);
    const meanwhile = await bed.get(platform, `/lifecycle?since=${cursor}`);
    expect(meanwhile.body).toEqual({ changes: [], next: null });
    await slow.commit().execute();
    const after = await bed.get(platform, `/lifecycle?since=${cursor}`);
    expect(
      after.body.changes.map((c: { invoiceId: string; reason: string }) => [c.invoiceId, c.reason]),
    ).toEqual([
      [first.id, 'Lent'],
      [second.id, 'Rapide'],
    ]);
  });

  it('names a cursor it never gave, and is closed to employees', async () => {
    const bad = await bed.get(auditor, '/lifecycle?since=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'query.since', reason: 'must be the next cursor of a previous answer' },
    ]);
    expect((await bed.get(requester, '/lifecycle')).status).toBe(403);
  });
});

describe('access', () => {
  it('keeps another entity’s people out of the invoice and its queue', async () => {
    const invoice = await invoiceAt('5.10');
    // The demo administrator works for Altiva Ouest, not Altiva.
    const held = await post(administrator, `/${invoice.id}/hold`, { version: invoice.version, reason: 'x' });
    expect(held.status).toBe(404);
    const queue = (await bed.get(administrator, '/exceptions')).body.exceptions as { id: string }[];
    expect(queue.map((e) => e.id)).not.toContain(invoice.id);
    expect((await bed.get(administrator, `/${invoice.id}/history`)).status).toBe(404);
  });

  it('lets no route through to a caller without the role or scope', async () => {
    const leaks = await routesLettingThrough(
      bed.app,
      [requester, auditor, integrationIdentity(['catalog:write'], accountant.entityId)],
      bed.tokenFor,
    );
    expect(leaks).toEqual([]);
  });
});

describe('a possible duplicate', () => {
  it('is for accounts payable to decide: not a duplicate, and the invoice goes on, approved by them', async () => {
    // Two orders of Martin, each invoiced 49.00 on the same day under two numbers.
    const invoices: { id: string; version: number; number: string }[] = [];
    for (const n of [1, 2]) {
      orderNo += 1;
      const order = `PO-2026-000${orderNo}`;
      const lines = await bed.issueOrder(
        order,
        martin.supplierId,
        [{ lineNo: 1, reference: 'PAP-A4', quantity: '10', unitCode: 'C62', unitPrice: '4.90' }],
        { buyerUserId: buyer.userId, requesterUserIds: [requester.userId] },
      );
      await bed.receive(order, [{ purchaseOrderLineId: lines[1] ?? '', quantity: '10' }]);
      const number = `F-DUP-${orderNo}-${n}`;
      const answer = await bed.upload(
        accountant,
        ublDocument({
          number,
          issueDate: '2026-10-15',
          seller: martinSeller,
          order,
          lines: [
            {
              id: '1',
              name: 'Ramette papier A4',
              quantity: '10',
              unit: 'C62',
              price: '4.90',
              rate: '20',
              orderLine: '1',
            },
          ],
        }),
        xml,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      invoices.push({ id: answer.body.id, version: answer.body.version, number });
    }
    const [first, second] = invoices;
    if (!first || !second) throw new Error('two invoices expected');
    const flagged = (
      await request(bed.app)
        .get(`/api/v1/invoices/${second.id}`)
        .set(identityHeader, await bed.tokenFor(accountant))
    ).body;
    expect(flagged).toMatchObject({
      status: 'received',
      match: { status: 'exception', reasons: ['possible_duplicate'], owner: 'accounts_payable' },
    });

    // Not the buyer's call, nor at another version than the one read, nor without saying why.
    expect(
      (
        await post(buyer, `/${second.id}/clear-duplicate`, {
          version: flagged.version,
          comment: 'Deux commandes',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post(accountant, `/${second.id}/clear-duplicate`, {
          version: flagged.version + 1,
          comment: 'x',
        })
      ).body.code,
    ).toBe('invoice_changed');
    expect(
      (await post(accountant, `/${second.id}/clear-duplicate`, { version: flagged.version })).status,
    ).toBe(400);

    const cleared = await post(accountant, `/${second.id}/clear-duplicate`, {
      version: flagged.version,
      comment: 'Deux commandes distinctes livrées le même jour',
    });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({
      status: 'approved',
      match: { status: 'matched', reasons: [] },
      intakeReasons: [],
    });
    const history = await historyOf(second.id);
    expect(history.map((h) => [h.action, h.actor_id])).toEqual([
      ['receive', accountant.userId],
      ['clear_duplicate', accountant.userId],
      ['approve', accountant.userId],
    ]);
    expect(history[1]).toMatchObject({
      reason: `not a duplicate of ${first.number}`,
      comment: 'Deux commandes distinctes livrées le même jour',
    });
    expect((await eventsOf(second.id)).map((e) => [e.event_type, e.payload.approvedBy])).toEqual([
      ['invoicing.invoice.approved', accountant.userId],
    ]);
    // Decided once: a second decision finds nothing to decide.
    expect(
      (
        await post(accountant, `/${second.id}/clear-duplicate`, {
          version: cleared.body.version,
          comment: 'encore',
        })
      ).body.code,
    ).toBe('invalid_state_transition');
  });
});
