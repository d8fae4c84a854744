// Payment runs through the API, over invoices received by the real intake: what a run pays (approved,
// due, supplier with verified bank details, credit notes netted) and leaves out with a reason (held,
// not due, bank details unverified, supplier blocked); the SEPA file and the accounting export it
// serves; confirming (invoices paid, purchasing told) and cancelling (invoices free again); two runs
// at once never paying an invoice twice; who may do what.
import type { InvoicingDatabase } from '@procura/db';
import { type InvoiceSpec, type Seller, ublDocument } from '@procura/einvoice/samples';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountant,
  administrator,
  auditor,
  employee,
  intakeTestbed,
  martin,
  numeria,
} from './support/intake.js';
import { Pain001Reader } from './support/payment-files.js';
import {
  announceBankAccount,
  approveForPayment,
  daysFromToday,
  holdInvoice,
  paymentRunClient,
} from './support/payment-runs.js';

const bed = intakeTestbed();
/** The administrator of the accountant's entity. */
const admin = { ...administrator, entityId: accountant.entityId };
const api = paymentRunClient(bed);
const xml = 'application/xml';

const martinSeller: Seller = {
  name: martin.name,
  vatNumber: martin.vatNumber,
  siren: martin.siren,
  siret: martin.siret,
};
const numeriaSeller: Seller = { name: numeria.name, vatNumber: numeria.vatNumber, siren: numeria.siren };
const martinIban = 'FR7630006000011234567890189';
const numeriaIban = 'DE89370400440532013000';
const executionDate = daysFromToday(1);

let orderNo = 0;
/** Receives a one-line invoice (or credit note) through the intake and returns its id. */
async function receive(
  seller: Seller,
  supplierId: string,
  spec: Partial<InvoiceSpec> & { number: string; quantity?: string },
): Promise<string> {
  orderNo += 1;
  const order = `PO-2026-9${String(orderNo).padStart(5, '0')}`;
  await bed.issueOrder(order, supplierId, [
    {
      lineNo: 1,
      reference: 'PAP-A4',
      quantity: '100',
      unitCode: 'C62',
      unitPrice: '4.90',
      receiptRequired: false,
    },
  ]);
  const answer = await bed.upload(
    accountant,
    ublDocument({
      issueDate: daysFromToday(-50),
      dueDate: daysFromToday(-5),
      seller,
      order,
      lines: [
        {
          id: '1',
          name: 'Ramette papier A4',
          quantity: spec.quantity ?? '10',
          unit: 'C62',
          price: '4.90',
          rate: '20',
          orderLine: '1',
        },
      ],
      ...spec,
    }),
    xml,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

async function receiveApproved(...args: Parameters<typeof receive>): Promise<string> {
  const id = await receive(...args);
  await approveForPayment(bed.db, id);
  return id;
}

const statusOf = async (db: Kysely<InvoicingDatabase>, id: string) =>
  db
    .selectFrom('invoicing.invoice')
    .select(['status', 'paid_on'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Invoice id → number of open or confirmed runs holding it. */
async function runsHolding(ids: readonly string[]): Promise<Record<string, number>> {
  const rows = await bed.db
    .selectFrom('invoicing.payment_run_invoice')
    .select(['invoice_id', sql<string>`count(*)`.as('runs')])
    .where('invoice_id', 'in', [...ids])
    .where('released', '=', false)
    .groupBy('invoice_id')
    .execute();
  return Object.fromEntries(ids.map((id) => [id, Number(rows.find((r) => r.invoice_id === id)?.runs ?? 0)]));
}

beforeAll(async () => {
  await bed.announceSupplier(martin);
  await bed.announceSupplier(numeria);
});

describe('before any run', () => {
  it('refuses a run while the entity has no paying account, naming the problem', async () => {
    const answer = await api.post(accountant, '/payment-runs', { executionDate });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('paying_account_missing');
  });

  it('lets only an administrator record the paying account, and checks its IBAN', async () => {
    const account = {
      accountHolder: 'Altiva SAS',
      iban: 'FR76 1010 7001 0112 3456 7890 129',
      bic: 'BREDFRPPXXX',
    };
    expect((await api.put(accountant, '/paying-account', account)).status).toBe(403);
    const wrong = await api.put(admin, '/paying-account', {
      ...account,
      iban: 'FR7610107001011234567890120',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'body.iban' })]);

    const saved = await api.put(admin, '/paying-account', account);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      entityId: accountant.entityId,
      iban: 'FR7610107001011234567890129',
      journalCode: 'HA',
      payableAccount: '401000',
    });
    expect((await api.get(auditor, '/paying-account')).body.iban).toBe('FR7610107001011234567890129');
  });

  it('refuses people without the accountant role, another entity, and a bad date', async () => {
    expect((await api.post(employee, '/payment-runs', { executionDate })).status).toBe(403);
    expect((await api.post(admin, '/payment-runs', { executionDate })).status).toBe(403);
    const otherEntity = await api.post(accountant, '/payment-runs', {
      executionDate,
      entityId: 'e9000000-0000-4000-8000-000000000009',
    });
    expect(otherEntity.status).toBe(403);
    const badDate = await api.post(accountant, '/payment-runs', { executionDate: '23/11/2026' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'body.executionDate' })]);
    const past = await api.post(accountant, '/payment-runs', { executionDate: daysFromToday(-1) });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'executionDate' })]);
    expect(await bed.db.selectFrom('invoicing.payment_run').select('id').execute()).toEqual([]);
  });
});

describe('a payment run', () => {
  const ids: Record<string, string> = {};
  let runId = '';

  beforeAll(async () => {
    await announceBankAccount(bed.db, martin, { verified: { iban: martinIban, bic: 'AGRIFRPP' } });
    // Numéria changed its bank details and nobody has verified them yet: none is verified.
    await announceBankAccount(bed.db, numeria, { verified: null, changePending: true });
    ids.due = await receiveApproved(martinSeller, martin.supplierId, { number: 'F-PAY-001' });
    ids.credit = await receiveApproved(martinSeller, martin.supplierId, {
      number: 'AV-PAY-001',
      kind: 'credit_note',
      quantity: '1',
    });
    ids.held = await receiveApproved(martinSeller, martin.supplierId, { number: 'F-PAY-002' });
    await holdInvoice(bed.db, ids.held);
    ids.notDue = await receiveApproved(martinSeller, martin.supplierId, {
      number: 'F-PAY-003',
      issueDate: daysFromToday(-2),
      dueDate: daysFromToday(40),
    });
    ids.notApproved = await receive(martinSeller, martin.supplierId, { number: 'F-PAY-004' });
    ids.unverified = await receiveApproved(numeriaSeller, numeria.supplierId, { number: 'NS-PAY-001' });
  });

  it('pays the approved invoices due by its date, credit notes netted, and says why it left the others out', async () => {
    const answer = await api.post(accountant, '/payment-runs', { executionDate });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    runId = answer.body.id;
    expect(answer.headers.location).toBe(`/api/v1/invoices/payment-runs/${runId}`);
    // 10 × 4.90 + 20 % VAT = 58.80, less the credit note of 1 × 4.90 + VAT = 5.88.
    expect(answer.body).toMatchObject({
      number: expect.stringMatching(/^PR-\d{4}-\d{6}$/),
      status: 'open',
      executionDate,
      currency: 'EUR',
      total: '52.92',
      paymentCount: 1,
      invoiceCount: 2,
      debtorAccount: { accountHolder: 'Altiva SAS', iban: 'FR7610107001011234567890129' },
    });
    expect(answer.body.invoices.map((i: { number: string; amount: string }) => [i.number, i.amount])).toEqual(
      [
        ['F-PAY-001', '58.80'],
        ['AV-PAY-001', '-5.88'],
      ],
    );
    expect(
      Object.fromEntries(
        answer.body.excluded.map((e: { documentNumber: string; reason: string }) => [
          e.documentNumber,
          e.reason,
        ]),
      ),
    ).toEqual({ 'F-PAY-002': 'on_hold', 'F-PAY-003': 'not_due', 'NS-PAY-001': 'bank_details_unverified' });
    // Received but not approved: not even a candidate.
    expect(await runsHolding([ids.notApproved ?? ''])).toEqual({ [ids.notApproved ?? '']: 0 });
  });

  it('serves the SEPA credit transfer file: one transfer to the verified account, naming both documents', async () => {
    const file = await api.text(accountant, `/payment-runs/${runId}/sepa`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^application\/xml/);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="PR-\d{4}-\d{6}\.xml"/);
    const sepa = new Pain001Reader(file.body as string);
    expect(sepa.text('CstmrCdtTrfInitn/GrpHdr/CtrlSum')).toBe('52.92');
    expect(sepa.text('CstmrCdtTrfInitn/PmtInf/ReqdExctnDt/Dt')).toBe(executionDate);
    expect(sepa.text('CstmrCdtTrfInitn/PmtInf/DbtrAcct/Id/IBAN')).toBe('FR7610107001011234567890129');
    const [transfer] = sepa.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf');
    if (!transfer) throw new Error('no transfer in the file');
    expect(sepa.text('CdtrAcct/Id/IBAN', transfer)).toBe(martinIban);
    expect(sepa.text('RmtInf/Ustrd', transfer)).toBe('F-PAY-001, AV-PAY-001');
    // The file is kept as written: the same bytes each time.
    expect((await api.text(auditor, `/payment-runs/${runId}/sepa`)).body).toBe(file.body);
  });

  it('serves the accounting export: a balanced purchase journal entry per document', async () => {
    const file = await api.text(accountant, `/payment-runs/${runId}/accounting-export`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(file.body as string, { columns: true });
    const cents = (value: string) => (value ? Math.round(Number(value) * 100) : 0);
    const byDocument: Record<string, Record<string, string>[]> = {};
    for (const row of rows)
      byDocument[row.document_number ?? ''] = [...(byDocument[row.document_number ?? ''] ?? []), row];
    expect(Object.keys(byDocument)).toEqual(['F-PAY-001', 'AV-PAY-001']);
    for (const entry of Object.values(byDocument)) {
      const debit = (entry ?? []).reduce((total, row) => total + cents(row.debit ?? ''), 0);
      const credit = (entry ?? []).reduce((total, row) => total + cents(row.credit ?? ''), 0);
      expect(debit).toBe(credit);
    }
    expect(byDocument['F-PAY-001']?.map((r) => [r.account, r.debit, r.credit])).toEqual([
      ['606000', '49.00', ''],
      ['445660', '9.80', ''],
      ['401000', '', '58.80'],
    ]);
    expect(byDocument['AV-PAY-001']?.find((r) => r.account === '401000')?.debit).toBe('5.88');
  });

  it('holds each invoice in one run: another run finds nothing left to pay', async () => {
    const again = await api.post(accountant, '/payment-runs', { executionDate });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('payment_run_empty');
    expect(again.body.errors).toEqual(
      expect.arrayContaining([{ field: `invoices.${ids.held}`, reason: 'F-PAY-002: on_hold' }]),
    );
  });

  it('lists the runs of the entity and shows one; another entity sees none', async () => {
    const list = await api.get(auditor, '/payment-runs?status=open');
    expect(list.status).toBe(200);
    expect(list.body.paymentRuns.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect((await api.get(accountant, '/payment-runs?status=paid')).status).toBe(400);
    const stranger = { ...accountant, entityId: 'e9000000-0000-4000-8000-000000000009' };
    expect((await api.get(stranger, `/payment-runs/${runId}`)).status).toBe(404);
    expect((await api.text(stranger, `/payment-runs/${runId}/sepa`)).status).toBe(404);
    expect((await api.post(stranger, `/payment-runs/${runId}/confirm`, {})).status).toBe(404);
    expect((await api.get(employee, `/payment-runs/${runId}`)).status).toBe(403);
  });

  it('cancels an open run with a reason, freeing its invoices for the next run', async () => {
    const noReason = await api.post(accountant, `/payment-runs/${runId}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);

    const cancelled = await api.post(accountant, `/payment-runs/${runId}/cancel`, {
      reason: 'Wrong execution date',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Wrong execution date' });
    expect(await runsHolding([ids.due ?? '', ids.credit ?? ''])).toEqual({
      [ids.due ?? '']: 0,
      [ids.credit ?? '']: 0,
    });
    expect((await api.post(accountant, `/payment-runs/${runId}/confirm`, {})).status).toBe(409);

    const next = await api.post(accountant, '/payment-runs', { executionDate });
    expect(next.status).toBe(201);
    expect(next.body.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([ids.due, ids.credit]);
    runId = next.body.id;
  });

  it('confirms a run sent to the bank: its documents are paid on the execution date and purchasing is told', async () => {
    const confirmed = await api.post(accountant, `/payment-runs/${runId}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'confirmed',
      confirmedBy: { userId: accountant.userId },
      invoices: [
        { number: 'F-PAY-001', invoiceStatus: 'paid', paidOn: executionDate },
        { number: 'AV-PAY-001', invoiceStatus: 'paid', paidOn: executionDate },
      ],
    });
    expect(await statusOf(bed.db, ids.due ?? '')).toEqual({ status: 'paid', paid_on: executionDate });
    expect(await statusOf(bed.db, ids.held ?? '')).toEqual({ status: 'on_hold', paid_on: null });
    // The invoice's history says who paid it, in which run (paiement transmis on the lifecycle feed).
    const paid = await bed.db
      .selectFrom('invoicing.invoice_history')
      .select(['from_status', 'to_status', 'actor_id', 'reason'])
      .where('invoice_id', '=', ids.due ?? '')
      .where('action', '=', 'pay')
      .execute();
    expect(paid).toEqual([
      {
        from_status: 'approved',
        to_status: 'paid',
        actor_id: accountant.userId,
        reason: `Payment run ${confirmed.body.number}, executed ${executionDate}`,
      },
    ]);

    const events = await bed.db
      .selectFrom('invoicing.outbox_event')
      .select(['aggregate_id', 'payload'])
      .where('event_type', '=', 'invoicing.invoice.paid')
      .orderBy('aggregate_id')
      .execute();
    expect(events.map((e) => e.aggregate_id).sort()).toEqual([ids.due, ids.credit].sort());
    const paidEvent = events.find((e) => e.aggregate_id === ids.due)?.payload;
    expect(paidEvent).toMatchObject({
      invoiceId: ids.due,
      kind: 'invoice',
      number: 'F-PAY-001',
      supplierId: martin.supplierId,
      entityId: accountant.entityId,
      payableAmount: '58.80',
      paidOn: executionDate,
      paymentRunId: runId,
      orderLines: [{ quantity: '10', netAmount: '49.00' }],
    });
    // A credit note takes back what it credits: its quantities and amounts are negative.
    expect(events.find((e) => e.aggregate_id === ids.credit)?.payload).toMatchObject({
      kind: 'credit_note',
      orderLines: [{ quantity: '-1', netAmount: '-4.90' }],
    });

    // Confirmed once: neither confirmed again nor cancelled, and the invoices stay paid.
    expect((await api.post(accountant, `/payment-runs/${runId}/confirm`, {})).body.code).toBe(
      'invalid_state_transition',
    );
    expect((await api.post(accountant, `/payment-runs/${runId}/cancel`, { reason: 'late' })).status).toBe(
      409,
    );
  });

  it('pays a supplier once a second person verified its bank details, and never a blocked supplier', async () => {
    await announceBankAccount(bed.db, numeria, { verified: { iban: numeriaIban, bic: null } });
    const blocked = { supplierId: 'b1000000-0000-4000-8000-000000000003', name: 'Bloqué SARL' };
    const blockedSeller: Seller = { name: blocked.name, vatNumber: 'FR40303265045', siren: '303265045' };
    await bed.announceSupplier({ ...blocked, vatNumber: 'FR40303265045', siren: '303265045', siret: null });
    await announceBankAccount(bed.db, blocked, { verified: { iban: martinIban, bic: null } });
    const blockedInvoice = await receiveApproved(blockedSeller, blocked.supplierId, { number: 'BL-PAY-001' });
    await bed.db
      .updateTable('invoicing.supplier')
      .set({ status: 'blocked' })
      .where('supplier_id', '=', blocked.supplierId)
      .execute();

    const answer = await api.post(accountant, '/payment-runs', { executionDate });
    expect(answer.status).toBe(201);
    expect(answer.body.invoices.map((i: { number: string }) => i.number)).toEqual(['NS-PAY-001']);
    expect(answer.body.excluded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invoiceId: blockedInvoice, reason: 'supplier_blocked' }),
      ]),
    );
    const sepa = new Pain001Reader((await api.text(accountant, `/payment-runs/${answer.body.id}/sepa`)).body);
    expect(sepa.text('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN')).toBe(numeriaIban);
    // Without a BIC the creditor agent is left out.
    expect(sepa.all('CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAgt')).toEqual([]);
    await api.post(accountant, `/payment-runs/${answer.body.id}/cancel`, { reason: 'test over' });
  });
});

describe('retries and late changes', () => {
  it('gives a retried request (same Idempotency-Key) the same run, and makes no second one', async () => {
    const invoice = await receiveApproved(martinSeller, martin.supplierId, { number: 'F-RETRY-1' });
    const headers = { 'idempotency-key': 'run-2026-11-retry' };
    const first = await api.post(accountant, '/payment-runs', { executionDate }, headers);
    const retry = await api.post(accountant, '/payment-runs', { executionDate }, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await runsHolding([invoice])).toEqual({ [invoice]: 1 });
    const reused = await api.post(accountant, '/payment-runs', { executionDate: daysFromToday(2) }, headers);
    expect(reused.body.code).toBe('idempotency_key_reused');
    await api.post(accountant, `/payment-runs/${first.body.id}/cancel`, { reason: 'test over' });
  });

  it('refuses to confirm a run one of whose invoices was put on hold since, and pays nothing', async () => {
    const invoice = await receiveApproved(martinSeller, martin.supplierId, { number: 'F-LATE-HOLD' });
    const run = await api.post(accountant, '/payment-runs', { executionDate });
    expect(run.status).toBe(201);
    const others = run.body.invoices
      .map((i: { invoiceId: string }) => i.invoiceId)
      .filter((id: string) => id !== invoice);
    await holdInvoice(bed.db, invoice);

    const confirm = await api.post(accountant, `/payment-runs/${run.body.id}/confirm`, {});
    expect(confirm.status).toBe(409);
    expect(confirm.body.detail).toContain('F-LATE-HOLD is on hold');
    expect((await api.get(accountant, `/payment-runs/${run.body.id}`)).body.status).toBe('open');
    for (const id of others) expect((await statusOf(bed.db, id)).status).toBe('approved');
    await api.post(accountant, `/payment-runs/${run.body.id}/cancel`, { reason: 'invoice held' });
  });
});

describe('two runs at once', () => {
  it('never pays an invoice twice: each due invoice lands in exactly one run', async () => {
    const ids = [];
    for (let n = 1; n <= 6; n += 1)
      ids.push(await receiveApproved(martinSeller, martin.supplierId, { number: `F-RACE-${n}` }));
    const answers = await Promise.all([
      api.post(accountant, '/payment-runs', { executionDate }),
      api.post(accountant, '/payment-runs', { executionDate }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    // The second waits for the first, then finds nothing left to pay.
    expect(statuses).toEqual([201, 422]);
    expect(await runsHolding(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    const paidTwice = await sql<{ invoice_id: string }>`
      select invoice_id from invoicing.payment_run_invoice where not released
      group by invoice_id having count(*) > 1`.execute(bed.db);
    expect(paidTwice.rows).toEqual([]);
  });

  it('has the database refuse a second open run of an invoice, whatever the code does', async () => {
    const [link] = await bed.db
      .selectFrom('invoicing.payment_run_invoice')
      .selectAll()
      .where('released', '=', false)
      .limit(1)
      .execute();
    if (!link) throw new Error('no open run link');
    // A run that never held that invoice.
    const other = await bed.db
      .selectFrom('invoicing.payment_run as r')
      .select('r.id')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('invoicing.payment_run_invoice as p')
              .select('p.invoice_id')
              .whereRef('p.payment_run_id', '=', 'r.id')
              .where('p.invoice_id', '=', link.invoice_id),
          ),
        ),
      )
      .limit(1)
      .executeTakeFirstOrThrow();
    await expect(
      bed.db
        .insertInto('invoicing.payment_run_invoice')
        .values({ ...link, payment_run_id: other.id, released: false })
        .execute(),
    ).rejects.toThrow(/payment_run_invoice_once/);
  });
});
