import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Money, money } from '../money/index.js';
import type { BudgetLineKey } from './budget-line.js';
import {
  type CommitmentBalance,
  type DocumentLine,
  documentBalances,
  goodsReceived,
  goodsReturned,
  invoiceApproved,
  invoicePaid,
  type LedgerEntry,
  ledgerBuckets,
  ledgerFigures,
  orderCancelled,
  orderChanged,
  orderClosed,
  orderIssued,
  requisitionRejected,
  requisitionSubmitted,
  requisitionWithdrawn,
} from './commitment-ledger.js';

// Random lives of a few requests, orders and invoices, posted only through the event constructors,
// checked after every event against a plain model kept in integer cents.

const key: BudgetLineKey = {
  entityId: 'ent-fr',
  costCentreId: 'cc-it',
  budgetCategory: '606300',
  periodKey: '2026-11',
};
const day = '2026-11-15';
const lines = 3;
const requestLine = (r: number): DocumentLine => ({ kind: 'requisition', id: `REQ-${r}`, lineId: '1' });
const orderLine = (p: number): DocumentLine => ({ kind: 'purchase_order', id: `PO-${p}`, lineId: '1' });
const invoiceLine = (i: number): DocumentLine => ({ kind: 'invoice', id: `INV-${i}`, lineId: '1' });
const receiptLine: DocumentLine = { kind: 'receipt', id: 'GR-1', lineId: '1' };

const eur = (cents: number) =>
  money(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, 'EUR');
const cents = (amount: Money) => Number(amount.amount.times('100').toFixed(0));

const index = fc.integer({ min: 0, max: lines - 1 });
const amount = fc.integer({ min: 0, max: 100_000 });
const share = fc.integer({ min: 0, max: 1000 });

const command = fc.oneof(
  fc.record({ op: fc.constant('submit' as const), r: index, cents: amount }),
  fc.record({ op: fc.constantFrom('withdraw' as const, 'reject' as const), r: index }),
  fc.record({
    op: fc.constant('order' as const),
    p: index,
    r: fc.option(index, { nil: undefined }),
    cents: amount,
    ordered: fc.constantFrom('fully' as const, 'partly' as const),
  }),
  fc.record({ op: fc.constant('change' as const), p: index, cents: amount }),
  fc.record({ op: fc.constantFrom('cancel' as const, 'close' as const), p: index }),
  fc.record({ op: fc.constant('receive' as const), p: index, cents: amount }),
  fc.record({ op: fc.constant('return' as const), p: index, share }),
  fc.record({
    op: fc.constant('invoice' as const),
    p: fc.option(index, { nil: undefined }),
    i: index,
    cents: amount,
  }),
  fc.record({ op: fc.constant('pay' as const), p: fc.option(index, { nil: undefined }), i: index, share }),
);

interface OrderModel {
  issued: boolean;
  closed: boolean;
  ordered: number;
  invoiced: number;
  received: number;
  paid: number;
}

describe('the commitment ledger (properties)', () => {
  it('never makes a bucket negative, keeps paid within invoiced, and counts every euro once in consumed', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const entries: LedgerEntry[] = [];
        const requested = Array<number>(lines).fill(0);
        const orders: OrderModel[] = Array.from({ length: lines }, () => ({
          issued: false,
          closed: false,
          ordered: 0,
          invoiced: 0,
          received: 0,
          paid: 0,
        }));
        const invoices = Array.from({ length: lines }, () => ({ invoiced: 0, paid: 0 }));
        const balanceOf = (line: DocumentLine): CommitmentBalance | undefined =>
          documentBalances(entries, line)[0];

        for (const c of commands) {
          switch (c.op) {
            case 'submit':
              entries.push(
                ...requisitionSubmitted({
                  requisitionLine: requestLine(c.r),
                  budgetLine: key,
                  amount: eur(c.cents),
                  occurredOn: day,
                }),
              );
              requested[c.r] = (requested[c.r] ?? 0) + c.cents;
              break;
            case 'withdraw':
            case 'reject': {
              const balance = balanceOf(requestLine(c.r));
              if (!balance) break;
              const release = c.op === 'withdraw' ? requisitionWithdrawn : requisitionRejected;
              entries.push(...release({ balance, occurredOn: day }));
              requested[c.r] = 0;
              break;
            }
            case 'order': {
              const model = orders[c.p] as OrderModel;
              if (model.issued) break;
              const balance = c.r === undefined ? undefined : balanceOf(requestLine(c.r));
              entries.push(
                ...orderIssued({
                  orderLine: orderLine(c.p),
                  budgetLine: key,
                  amount: eur(c.cents),
                  occurredOn: day,
                  requisition: balance && { balance, ordered: c.ordered },
                }),
              );
              if (balance && c.r !== undefined) {
                const open = requested[c.r] ?? 0;
                requested[c.r] = c.ordered === 'fully' ? 0 : open - Math.min(open, c.cents);
              }
              Object.assign(model, { issued: true, ordered: c.cents });
              break;
            }
            case 'change': {
              const model = orders[c.p] as OrderModel;
              const balance = balanceOf(orderLine(c.p));
              if (!model.issued || model.closed || !balance) break;
              entries.push(...orderChanged({ balance, orderedAmount: eur(c.cents), occurredOn: day }));
              model.ordered = c.cents;
              break;
            }
            case 'cancel':
            case 'close': {
              const model = orders[c.p] as OrderModel;
              const balance = balanceOf(orderLine(c.p));
              if (!model.issued || model.closed || !balance) break;
              entries.push(
                ...(c.op === 'cancel' ? orderCancelled : orderClosed)({ balance, occurredOn: day }),
              );
              model.closed = true;
              break;
            }
            case 'receive': {
              const balance = balanceOf(orderLine(c.p));
              if (!balance) break;
              entries.push(...goodsReceived({ balance, receiptLine, amount: eur(c.cents), occurredOn: day }));
              (orders[c.p] as OrderModel).received += c.cents;
              break;
            }
            case 'return': {
              const model = orders[c.p] as OrderModel;
              const balance = balanceOf(orderLine(c.p));
              if (!balance) break;
              const returned = Math.floor((model.received * c.share) / 1000);
              entries.push(
                ...goodsReturned({ balance, receiptLine, amount: eur(returned), occurredOn: day }),
              );
              model.received -= returned;
              break;
            }
            case 'invoice': {
              const order = c.p === undefined ? undefined : balanceOf(orderLine(c.p));
              entries.push(
                ...invoiceApproved({
                  invoiceLine: invoiceLine(c.i),
                  order,
                  budgetLine: key,
                  amount: eur(c.cents),
                  occurredOn: day,
                }),
              );
              if (order) (orders[c.p as number] as OrderModel).invoiced += c.cents;
              else (invoices[c.i] as { invoiced: number }).invoiced += c.cents;
              break;
            }
            case 'pay': {
              const holder = c.p === undefined ? invoiceLine(c.i) : orderLine(c.p);
              const balance = balanceOf(holder);
              const model = c.p === undefined ? invoices[c.i] : orders[c.p];
              if (!balance || !model) break;
              const paid = Math.floor(((model.invoiced - model.paid) * c.share) / 1000);
              entries.push(
                ...invoicePaid({
                  balance,
                  invoiceLine: invoiceLine(c.i),
                  amount: eur(paid),
                  occurredOn: day,
                }),
              );
              model.paid += paid;
              break;
            }
          }

          const figures = ledgerFigures(entries).values().next().value;
          const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
          const expected = {
            requested: total(requested),
            committed: total(
              orders.map((o) => (o.issued && !o.closed ? Math.max(0, o.ordered - o.invoiced) : 0)),
            ),
            received: total(orders.map((o) => o.received)),
            invoiced: total([...orders, ...invoices].map((o) => o.invoiced)),
            paid: total([...orders, ...invoices].map((o) => o.paid)),
          };
          const consumed = expected.requested + expected.committed + expected.invoiced;
          if (figures === undefined) {
            expect(consumed + expected.received + expected.paid).toBe(0);
            continue;
          }
          expect({
            requested: cents(figures.requested),
            committed: cents(figures.committed),
            received: cents(figures.received),
            invoiced: cents(figures.invoiced),
            paid: cents(figures.paid),
            consumed: cents(figures.consumed),
          }).toEqual({ ...expected, consumed });
          for (const kind of ['requisition', 'purchase_order', 'invoice'] as const)
            for (let n = 0; n < lines; n++)
              for (const balance of documentBalances(entries, {
                kind,
                id: kind === 'requisition' ? `REQ-${n}` : kind === 'invoice' ? `INV-${n}` : `PO-${n}`,
              })) {
                for (const bucket of ledgerBuckets) expect(balance[bucket].isNegative(), bucket).toBe(false);
                expect(balance.paid.compare(balance.invoiced)).toBeLessThanOrEqual(0);
              }
        }
      }),
      { numRuns: 300 },
    );
  });
});
