// The data bench/matching runs on, and the hand-written statement it compares the re-match with.
import type { InvoicingDatabase } from '@procura/db';
import { type Kysely, sql } from 'kysely';

type Db = Kysely<InvoicingDatabase>;
const linesPerInvoice = 3;
const linesPerOrder = 4;

/** The order projection, receipts, tolerance rules, invoices and their lines, in a few statements. */
export async function loadData(db: Db, orderLines: number, invoiceLines: number): Promise<void> {
  const orders = Math.ceil(orderLines / linesPerOrder);
  const invoices = Math.ceil(invoiceLines / linesPerInvoice);
  const creditNotes = Math.floor(invoices / 10);
  const regular = invoices - creditNotes;
  // Of the orders invoiced, the first `twice` are invoiced in two halves.
  const invoicedOrders = Math.min(orders, Math.ceil(regular * 0.9));
  const twice = regular - invoicedOrders;
  await sql`
    insert into invoicing.order_line (purchase_order_line_id, purchase_order_id, purchase_order_number, revision,
      entity_id, supplier_id, currency, order_status, line_no, reference, description, category_code, quantity,
      unit_code, unit_price, vat_rate, amount, receipt_required, cancelled, buyer_user_id, requester_user_ids,
      received_quantity, changed_at)
    select md5('line' || n)::uuid, md5('order' || o)::uuid, 'PO-2026-' || lpad(o::text, 6, '0'), 1,
      md5('entity' || (o % 2))::uuid, md5('supplier' || (o % 200))::uuid, 'EUR',
      case when o % 100 = 7 then 'cancelled' when o % 100 = 8 then 'closed' else 'issued' end,
      (n - 1) % ${linesPerOrder} + 1, 'REF-' || n, 'Article ' || n,
      (array['44121600', '43211500', '14111507', '81111800', '44103100'])[n % 5 + 1],
      (n % 10 + 1) * 5, 'C62', 1 + ((n * 37) % 20000) / 100.0,
      case when n % 25 = 0 then 0 when n % 10 = 3 then 5.5 else 20 end, 0,
      n % 10 < 7, n % 200 = 0, md5('buyer')::uuid, array[md5('requester' || (o % 50))::uuid],
      0, now()
    from generate_series(1, ${orderLines}) n, lateral (select (n - 1) / ${linesPerOrder} as o) x`.execute(db);
  // Goods: 10 % not received yet, 10 % half, the rest in full; services are not received.
  await sql`
    insert into invoicing.receipt_line (receipt_id, position, purchase_order_line_id, quantity, received_on)
    select md5('receipt' || purchase_order_line_id)::uuid, 1, purchase_order_line_id,
      case when hashtext(purchase_order_line_id::text) % 10 in (1, -1) then quantity / 2 else quantity end,
      date '2026-10-20'
    from invoicing.order_line where receipt_required and hashtext(purchase_order_line_id::text) % 10 not in (0)`.execute(
    db,
  );
  await sql`
    update invoicing.order_line o set received_quantity = r.quantity
    from invoicing.receipt_line r where r.purchase_order_line_id = o.purchase_order_line_id`.execute(db);
  // Per entity: price 0.05 OR 1 %, quantity 0 OR 2 %; office paper 0.10 AND 5 %; ten suppliers exact.
  await sql`
    insert into invoicing.tolerance_rule (entity_id, supplier_id, category_code, measure, absolute, percent,
      join_operator, currency, created_at, created_by, updated_at, updated_by)
    select md5('entity' || e)::uuid, r.supplier_id, r.category_code, r.measure, r.absolute, r.percent, r.join_operator,
      r.currency, now(), md5('admin')::uuid, now(), md5('admin')::uuid
    from generate_series(0, 1) e, lateral (values
      (null::uuid, null::text, 'price', 0.05, 1, 'or', 'EUR'),
      (null::uuid, null::text, 'quantity', 0, 2, 'or', null),
      (null::uuid, '14111507', 'price', 0.10, 5, 'and', 'EUR')) r(supplier_id, category_code, measure, absolute,
        percent, join_operator, currency)
    union all
    select md5('entity' || (s % 2))::uuid, md5('supplier' || s)::uuid, null, 'price', 0, 0, 'and', 'EUR', now(),
      md5('admin')::uuid, now(), md5('admin')::uuid
    from generate_series(0, 199, 20) s`.execute(db);

  await sql`
    insert into invoicing.invoice_file (id, content, content_type, byte_size, sha256, received_by, received_by_name,
      received_by_kind, received_at, status, syntax, container)
    select md5('file' || k)::uuid, '\\x7b7d'::bytea, 'application/json', 2, repeat('0', 64), md5('ap')::uuid,
      'Comptabilité', 'user', now(), 'accepted', 'json', 'json'
    from generate_series(1, ${invoices}) k`.execute(db);
  // Invoice k: regular ones on order (k - 1) % invoicedOrders, credit notes on the first orders.
  await sql`
    insert into invoicing.invoice (id, file_id, kind, type_code, number, issue_date, currency, specification_id,
      supplier_id, seller_key, seller_name, buyer_name, entity_id, line_net_total, tax_exclusive_total,
      tax_inclusive_total, payable_amount, due_date, due_date_source, due_date_capped, status, held_from,
      totals_consistent, match_status, exception_owner, matched_at, canonical, received_at, received_by,
      received_by_name)
    select md5('invoice' || k)::uuid, md5('file' || k)::uuid,
      case when credit then 'credit_note' else 'invoice' end, case when credit then '381' else '380' end,
      'F-' || k, date '2026-11-02', 'EUR', 'urn:cen.eu:en16931:2017',
      md5('supplier' || (o % 200))::uuid, 'supplier:' || md5('supplier' || (o % 200))::uuid, 'Fournisseur',
      'Altiva', md5('entity' || (o % 2))::uuid, 0, 0, 0, 0, date '2026-12-17', 'statutory_default', false,
      case when k % 50 = 1 then 'approved' when k % 50 = 2 then 'on_hold' else 'received' end,
      case when k % 50 = 2 then 'received' end,
      k % 97 <> 0, 'exception', 'accounts_payable', now(), '{}', now(), md5('ap')::uuid, 'Comptabilité'
    from generate_series(1, ${invoices}) k,
      lateral (select k > ${regular} as credit) c,
      lateral (select case when credit then (k - ${regular} - 1) % ${invoicedOrders}
                           else (k - 1) % ${invoicedOrders} end as o) x`.execute(db);
  await sql`
    insert into invoicing.invoice_line (invoice_id, position, line_id, purchase_order_line_id, order_lookup,
      quantity, unit_code, net_price, net_amount, vat_category, vat_rate, item_name, match_status)
    select md5('invoice' || k)::uuid, j, j::text, case when h < 3 then null else ol.purchase_order_line_id end,
      case when h < 3 then 'unknown_line' else 'found' end,
      case when credit then case when h % 2 = 0 then ol.quantity else 1 end
           when ((k - 1) / ${invoicedOrders}) > 0 or (k - 1) % ${invoicedOrders} < ${twice} then ol.quantity / 2
           when h between 25 and 29 then ol.quantity + 2
           else ol.quantity end,
      'C62',
      case when h between 8 and 17 then ol.unit_price + 0.01
           when h between 18 and 24 then round(ol.unit_price * 1.05 + 1, 2)
           else ol.unit_price end,
      0, case when ol.vat_rate = 0 then 'E' else 'S' end,
      case when h between 3 and 7 then 10 else ol.vat_rate end, 'Article', 'pending'
    from generate_series(1, ${invoices}) k, generate_series(1, ${linesPerInvoice}) j,
      lateral (select k > ${regular} as credit, (hashint4(k * 7 + j)::bigint % 100 + 100) % 100 as h) c,
      lateral (select case when credit then (k - ${regular} - 1) % ${invoicedOrders}
                           else (k - 1) % ${invoicedOrders} end as o) x,
      lateral (select * from invoicing.order_line
               where purchase_order_line_id = md5('line' || (x.o * ${linesPerOrder} + j))::uuid) ol
    where (k - 1) * ${linesPerInvoice} + j <= ${invoiceLines}`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

/** The hand-written classification: one UPDATE storing each open line's status, nothing else. */
export const classifyInOneStatement = sql`
  update invoicing.invoice_line l set match_status = s.status
  from (
    select x.invoice_id, x.position,
      case
        when o.purchase_order_line_id is null then 'no_order_line'
        when i.supplier_id is distinct from o.supplier_id then 'supplier_mismatch'
        when o.cancelled or o.order_status = 'cancelled' then 'order_line_cancelled'
        when i.currency <> o.currency then 'currency_mismatch'
        when x.unit_code <> o.unit_code then 'unit_mismatch'
        when x.vat_category <> case when o.vat_rate = 0 then x.vat_category else 'S' end
          or coalesce(x.vat_rate, 0) <> o.vat_rate then 'vat_mismatch'
        when q.signed > 0 and (case when coalesce(x.price_base_quantity, 1) = 1 then x.net_price
                                    else round(div(x.net_price * 10000000000000, x.price_base_quantity)
                                               * 0.0000000000001, 12) end) - o.unit_price
             > case when pt.join_operator = 'or' then greatest(pt.absolute, abs(o.unit_price) * pt.percent * 0.01)
                    else coalesce(least(pt.absolute, abs(o.unit_price) * pt.percent * 0.01), 0) end
          then 'price_variance'
        when q.signed > 0 and o.receipt_required and o.received_quantity <= 0 and inv.quantity > o.received_quantity
          then 'awaiting_receipt'
        when q.signed > 0 and o.receipt_required and o.received_quantity > 0
             and inv.quantity - o.received_quantity
               > case when qt.join_operator = 'or'
                      then greatest(qt.absolute, abs(o.received_quantity) * qt.percent * 0.01)
                      else coalesce(least(qt.absolute, abs(o.received_quantity) * qt.percent * 0.01), 0) end
          then 'quantity_over_received'
        when q.signed > 0 and inv.quantity - o.quantity
               > case when qt.join_operator = 'or' then greatest(qt.absolute, abs(o.quantity) * qt.percent * 0.01)
                      else coalesce(least(qt.absolute, abs(o.quantity) * qt.percent * 0.01), 0) end
          then 'quantity_over_ordered'
        when q.signed < 0 and inv.quantity < 0 then 'credit_exceeds_invoiced'
        else 'matched'
      end as status
    from invoicing.invoice_line x
    join invoicing.invoice i on i.id = x.invoice_id and i.status in ('received', 'on_hold')
    cross join lateral (select case when i.kind = 'credit_note' then -x.quantity else x.quantity end as signed) q
    left join invoicing.order_line o on o.purchase_order_line_id = x.purchase_order_line_id
    left join (
      select y.purchase_order_line_id, sum(case when d.kind = 'credit_note' then -y.quantity else y.quantity end) as quantity
      from invoicing.invoice_line y join invoicing.invoice d on d.id = y.invoice_id
      where d.status not in ('rejected', 'refused') group by y.purchase_order_line_id
    ) inv on inv.purchase_order_line_id = x.purchase_order_line_id
    left join lateral (select r.absolute, r.percent, r.join_operator from invoicing.tolerance_rule r
      where r.retired_at is null and r.measure = 'price' and r.entity_id = o.entity_id and r.currency = o.currency
        and (r.supplier_id is null or r.supplier_id = o.supplier_id)
        and (r.category_code is null or r.category_code = o.category_code)
      order by (r.supplier_id is not null)::int * 4 + (r.category_code is not null)::int * 2 desc, r.id limit 1) pt on true
    left join lateral (select r.absolute, r.percent, r.join_operator from invoicing.tolerance_rule r
      where r.retired_at is null and r.measure = 'quantity' and r.entity_id = o.entity_id
        and (r.supplier_id is null or r.supplier_id = o.supplier_id)
        and (r.category_code is null or r.category_code = o.category_code)
      order by (r.supplier_id is not null)::int * 4 + (r.category_code is not null)::int * 2 desc, r.id limit 1) qt on true
  ) s
  where l.invoice_id = s.invoice_id and l.position = s.position`;
