// Set-based re-matching: every invoice line still open to matching (its invoice received or on
// hold) on a set of order lines is classified again in one UPDATE, then its invoices' summaries in a
// second. The statements state, in SQL, exactly the rules of the domain's matchInvoiceLine and
// summarizeInvoiceMatch (test/invoice-rematch.test.ts holds them to it, line by line, over many
// generated cases): same status, mode, findings (figures, tolerance and impact included) and
// quantities. The reason lists, owners and currency minor units come from the domain, not copies.
import type { InvoicingDatabase } from '@procura/db';
import {
  currencyCodes,
  exceptionOwnerOf,
  invoiceExceptionReasons,
  minorUnitsOf,
  unitPriceScale,
} from '@procura/domain';
import { type RawBuilder, sql, type Transaction } from 'kysely';

type Trx = Transaction<InvoicingDatabase>;

/** Which invoice lines to re-match: those on these order lines, on an entity's order lines, or all. */
export type RematchScope =
  | { readonly orderLineIds: readonly string[] }
  | { readonly entityId: string }
  | { readonly all: true };

/** Invoices still open to matching; the others keep the result they were decided on. */
const openStatuses = ['received', 'on_hold'];
/** Documents whose lines count in what is invoiced on an order line. */
const uncountedStatuses = ['rejected', 'refused'];

const ownerByReason = JSON.stringify(
  Object.fromEntries(invoiceExceptionReasons.map((reason) => [reason, exceptionOwnerOf(reason)])),
);
const minorUnits = JSON.stringify(Object.fromEntries(currencyCodes.map((c) => [c, minorUnitsOf(c)])));

function lineFilter(scope: RematchScope): RawBuilder<boolean> {
  if ('all' in scope) return sql<boolean>`true`;
  if ('entityId' in scope)
    return sql<boolean>`l.purchase_order_line_id in (select purchase_order_line_id from invoicing.order_line
                                                     where entity_id = ${scope.entityId})`;
  return sql<boolean>`l.purchase_order_line_id = any(${[...scope.orderLineIds]}::uuid[])`;
}

const isEmpty = (scope: RematchScope) => 'orderLineIds' in scope && scope.orderLineIds.length === 0;

/** A decimal as the domain's formatDecimal writes it: no trailing zeros, no exponent. */
const fmt = (value: RawBuilder<unknown>) => sql`trim_scale(${value})::text`;

/** 10^-(scale + 1), exact: dividing by a power of ten would round. */
const truncationStep = sql.raw(`0.${'0'.repeat(unitPriceScale)}1`);
const truncationFactor = sql.raw(`1${'0'.repeat(unitPriceScale + 1)}`);

/**
 * A VarianceFinding as JSON: expected, actual, difference and allowed as decimals, the tolerance
 * applied (or null), and the impact: the difference × `by`, rounded to 2 decimals, shown with at
 * least the currency's minor units (Money's toJSON).
 */
function varianceFinding(
  reason: string,
  measure: 'unit_price' | 'quantity',
  figures: { expected: string; actual: string; allowed: string; tolerance: string | null; by: string },
) {
  const expected = sql.raw(figures.expected);
  const actual = sql.raw(figures.actual);
  const impact = sql`round((${actual} - ${expected}) * ${sql.raw(figures.by)}, 2)`;
  return sql`jsonb_build_object('reason', ${sql.lit(reason)}, 'measure', ${sql.lit(measure)},
    'expected', ${fmt(expected)}, 'actual', ${fmt(actual)}, 'difference', ${fmt(sql`${actual} - ${expected}`)},
    'allowed', ${fmt(sql.raw(figures.allowed))},
    'tolerance', ${figures.tolerance === null ? sql`null::jsonb` : sql.raw(figures.tolerance)},
    'impact', jsonb_build_object(
      'amount', round(${impact}, greatest(m.minor_units, scale(trim_scale(${impact}))))::text,
      'currency', m.order_currency::text))`;
}

/**
 * Re-matches the open invoice lines of `scope` and the summaries of their invoices, in the caller's
 * transaction; the number of lines and invoices whose result changed (the others are not rewritten).
 */
export async function rematchInvoiceLines(
  trx: Trx,
  scope: RematchScope,
  now: Date,
): Promise<{ lines: number; invoices: number; matchedInvoiceIds: string[] }> {
  if (isEmpty(scope)) return { lines: 0, invoices: 0, matchedInvoiceIds: [] };
  const filter = lineFilter(scope);
  // The aggregates of a full re-match fit in memory.
  await sql`select set_config('work_mem', '64MB', true)`.execute(trx);
  const lines = await sql`
    -- What every counted document invoices on each order line concerned (credit notes negative).
    with invoiced as (
      select l.purchase_order_line_id,
             sum(case when i.kind = 'credit_note' then -l.quantity else l.quantity end) as quantity
      from invoicing.invoice_line l join invoicing.invoice i on i.id = l.invoice_id
      where i.status <> all(${uncountedStatuses}::text[]) and l.purchase_order_line_id is not null and ${filter}
      group by l.purchase_order_line_id
    ),
    compared as (
      select l.invoice_id, l.position, o.purchase_order_line_id is not null as has_order,
        -- Variances someone accepted, to carry over (most lines have none).
        case when jsonb_path_exists(l.match_findings, '$[*].accepted') then l.match_findings end as accepted_findings,
        case when o.receipt_required then 'three_way' else 'two_way' end as mode,
        i.supplier_id, i.currency, l.unit_code, l.vat_category,
        o.supplier_id as order_supplier_id, o.currency as order_currency, o.unit_code as order_unit_code,
        i.supplier_id is distinct from o.supplier_id as supplier_mismatch,
        (o.cancelled or o.order_status = 'cancelled') as cancelled,
        i.currency <> o.currency as currency_mismatch,
        l.unit_code <> o.unit_code as unit_mismatch,
        -- Purchasing announces a rate: positive is the standard category, zero takes the line's.
        case when o.vat_rate = 0 then l.vat_category else 'S' end as order_vat_category,
        o.vat_rate as order_vat_rate, coalesce(l.vat_rate, 0) as vat_rate,
        q.signed as line_quantity, coalesce(inv.quantity, 0) as invoiced,
        coalesce(inv.quantity, 0) - q.signed as invoiced_elsewhere,
        o.quantity as ordered,
        case when o.receipt_required then o.received_quantity end as received,
        o.unit_price as ordered_price,
        case when coalesce(l.price_base_quantity, 1) = 1 then l.net_price
             -- divideRounded: truncated one decimal beyond the scale, then ties away from zero.
             else round(div(l.net_price * ${truncationFactor}, l.price_base_quantity) * ${truncationStep},
                        ${sql.lit(unitPriceScale)}) end as invoiced_price,
        pt.id as price_rule_id, coalesce(pt.absolute, 0) as price_absolute,
        coalesce(pt.percent, 0) as price_percent, coalesce(pt.join_operator, 'and') as price_join,
        qt.id as quantity_rule_id, coalesce(qt.absolute, 0) as quantity_absolute,
        coalesce(qt.percent, 0) as quantity_percent, coalesce(qt.join_operator, 'and') as quantity_join,
        coalesce((${minorUnits}::jsonb ->> o.currency::text)::int, 2) as minor_units
      from invoicing.invoice_line l
      join invoicing.invoice i on i.id = l.invoice_id
      cross join lateral (select case when i.kind = 'credit_note' then -l.quantity else l.quantity end as signed) q
      left join invoicing.order_line o on o.purchase_order_line_id = l.purchase_order_line_id
      left join invoiced inv on inv.purchase_order_line_id = l.purchase_order_line_id
      -- The most specific live rule (supplier 4, category 2, entity 1; ties: lowest id), as selectTolerance.
      left join lateral (
        select r.id, r.absolute, r.percent, r.join_operator from invoicing.tolerance_rule r
        where r.retired_at is null and r.measure = 'price' and r.entity_id = o.entity_id
          and r.currency = o.currency
          and (r.supplier_id is null or r.supplier_id = o.supplier_id)
          and (r.category_code is null or r.category_code = o.category_code)
        order by (r.supplier_id is not null)::int * 4 + (r.category_code is not null)::int * 2 desc, r.id
        limit 1) pt on true
      left join lateral (
        select r.id, r.absolute, r.percent, r.join_operator from invoicing.tolerance_rule r
        where r.retired_at is null and r.measure = 'quantity' and r.entity_id = o.entity_id
          and (r.supplier_id is null or r.supplier_id = o.supplier_id)
          and (r.category_code is null or r.category_code = o.category_code)
        order by (r.supplier_id is not null)::int * 4 + (r.category_code is not null)::int * 2 desc, r.id
        limit 1) qt on true
      where i.status = any(${openStatuses}::text[]) and ${filter}
    ),
    limits as (
      select c.*,
        c.supplier_mismatch or c.cancelled or c.currency_mismatch or c.unit_mismatch as structural,
        c.invoiced_price - c.ordered_price as price_difference,
        case when c.price_join = 'and' then least(c.price_absolute, abs(c.ordered_price) * c.price_percent * 0.01)
             else greatest(c.price_absolute, abs(c.ordered_price) * c.price_percent * 0.01) end as price_allowed,
        case when c.quantity_join = 'and' then least(c.quantity_absolute, abs(c.received) * c.quantity_percent * 0.01)
             else greatest(c.quantity_absolute, abs(c.received) * c.quantity_percent * 0.01) end as received_allowed,
        case when c.quantity_join = 'and' then least(c.quantity_absolute, abs(c.ordered) * c.quantity_percent * 0.01)
             else greatest(c.quantity_absolute, abs(c.ordered) * c.quantity_percent * 0.01) end as ordered_allowed,
        jsonb_build_object('ruleId', c.price_rule_id, 'absolute', ${fmt(sql`c.price_absolute`)},
          'percent', ${fmt(sql`c.price_percent`)}, 'join', c.price_join) as price_tolerance,
        jsonb_build_object('ruleId', c.quantity_rule_id, 'absolute', ${fmt(sql`c.quantity_absolute`)},
          'percent', ${fmt(sql`c.quantity_percent`)}, 'join', c.quantity_join) as quantity_tolerance
      from compared c
    ),
    -- A variance finding: its figures, the tolerance applied and the difference valued in the order currency.
    findings as materialized (
      select m.invoice_id, m.position, m.has_order, m.structural, m.mode, m.ordered, m.received, m.invoiced,
        m.accepted_findings,
        case
          when not m.has_order then jsonb_build_array(jsonb_build_object('reason', 'no_order_line', 'expected', null, 'actual', null))
          when m.structural then to_jsonb(array_remove(array[
            case when m.supplier_mismatch then jsonb_build_object('reason', 'supplier_mismatch',
              'expected', m.order_supplier_id::text, 'actual', coalesce(m.supplier_id::text, '')) end,
            case when m.cancelled then jsonb_build_object('reason', 'order_line_cancelled',
              'expected', 'open', 'actual', 'cancelled') end,
            case when m.currency_mismatch then jsonb_build_object('reason', 'currency_mismatch',
              'expected', m.order_currency::text, 'actual', m.currency::text) end,
            case when m.unit_mismatch then jsonb_build_object('reason', 'unit_mismatch',
              'expected', m.order_unit_code, 'actual', m.unit_code) end
          ], null))
          else to_jsonb(array_remove(array[
            case when m.vat_category <> m.order_vat_category or m.vat_rate <> m.order_vat_rate then
              jsonb_build_object('reason', 'vat_mismatch',
                'expected', m.order_vat_category || ' ' || ${fmt(sql`m.order_vat_rate`)},
                'actual', m.vat_category || ' ' || ${fmt(sql`m.vat_rate`)}) end,
            case when m.line_quantity > 0 and m.price_difference > m.price_allowed then
              ${varianceFinding('price_variance', 'unit_price', { expected: 'm.ordered_price', actual: 'm.invoiced_price', allowed: 'm.price_allowed', tolerance: 'm.price_tolerance', by: 'm.line_quantity' })} end,
            case when m.line_quantity > 0 and m.mode = 'three_way' and m.received <= 0
                      and m.invoiced - m.received > 0 then
              ${varianceFinding('awaiting_receipt', 'quantity', { expected: 'm.received', actual: 'm.invoiced', allowed: '0', tolerance: null, by: 'm.ordered_price' })} end,
            case when m.line_quantity > 0 and m.mode = 'three_way' and m.received > 0
                      and m.invoiced - m.received > m.received_allowed then
              ${varianceFinding('quantity_over_received', 'quantity', { expected: 'm.received', actual: 'm.invoiced', allowed: 'm.received_allowed', tolerance: 'm.quantity_tolerance', by: 'm.ordered_price' })} end,
            case when m.line_quantity > 0 and m.invoiced - m.ordered > m.ordered_allowed then
              ${varianceFinding('quantity_over_ordered', 'quantity', { expected: 'm.ordered', actual: 'm.invoiced', allowed: 'm.ordered_allowed', tolerance: 'm.quantity_tolerance', by: 'm.ordered_price' })} end,
            case when m.line_quantity < 0 and m.invoiced < 0 then
              ${varianceFinding('credit_exceeds_invoiced', 'quantity', { expected: 'm.invoiced_elsewhere', actual: 'abs(m.line_quantity)', allowed: '0', tolerance: null, by: 'm.ordered_price' })} end
          ], null))
        end as findings
      from limits m
    ),
    results as (
      select f.invoice_id, f.position, f.accepted_findings, coalesce(f.findings -> 0 ->> 'reason', 'matched') as status,
        case when f.has_order then f.mode end as mode, f.findings,
        case when f.has_order and not f.structural then jsonb_build_object(
          'ordered', ${fmt(sql`f.ordered`)}, 'received', ${fmt(sql`f.received`)}, 'invoiced', ${fmt(sql`f.invoiced`)})
        end as quantities
      from findings f
    ),
    -- A variance someone accepted stays accepted while it is not larger than what they accepted
    -- (same reason, impact no greater); the line's status is then its first finding nobody accepted.
    carried as (
      select r.invoice_id, r.position, r.mode, r.quantities, r.accepted_findings, r.status as plain_status,
        case when r.accepted_findings is null then r.findings else (
          select coalesce(jsonb_agg(
            case when a.accepted is not null then n.f || jsonb_build_object('accepted', a.accepted) else n.f end
            order by n.i), '[]'::jsonb)
          from jsonb_array_elements(r.findings) with ordinality n(f, i)
          left join lateral (
            select o.f -> 'accepted' as accepted from jsonb_array_elements(r.accepted_findings) o(f)
            where o.f ? 'accepted' and o.f ->> 'reason' = n.f ->> 'reason'
              and abs((o.f -> 'impact' ->> 'amount')::numeric) >= abs((n.f -> 'impact' ->> 'amount')::numeric)
            limit 1) a on true
        ) end as findings
      from results r
    ),
    decided as (
      select c.invoice_id, c.position, c.mode, c.quantities, c.findings,
        case when c.accepted_findings is null then c.plain_status else coalesce(
          (select x.f ->> 'reason' from jsonb_array_elements(c.findings) with ordinality x(f, n)
           where not x.f ? 'accepted' order by x.n limit 1), 'matched') end as status
      from carried c
    )
    update invoicing.invoice_line l
    set match_status = r.status, match_mode = r.mode, match_findings = r.findings, match_quantities = r.quantities
    from decided r
    -- A line whose result is unchanged is not rewritten.
    where l.invoice_id = r.invoice_id and l.position = r.position
      and (l.match_status, l.match_mode, l.match_findings, l.match_quantities)
          is distinct from (r.status, r.mode, r.findings, r.quantities)`.execute(trx);

  // Every reason of each invoice concerned: intake's, the header check's and its lines' findings; in
  // the order of invoiceExceptionReasons, the first naming the owner.
  const invoices = await sql`
    with touched as materialized (
      select distinct l.invoice_id from invoicing.invoice_line l
      join invoicing.invoice i on i.id = l.invoice_id
      where i.status = any(${openStatuses}::text[]) and ${filter}
    ),
    found as (
      select i.id as invoice_id, unnest(i.intake_reasons) as reason
      from touched t join invoicing.invoice i on i.id = t.invoice_id
      union
      select i.id, 'totals_inconsistent'
      from touched t join invoicing.invoice i on i.id = t.invoice_id where not i.totals_consistent
      union
      select l.invoice_id, f.finding ->> 'reason'
      from touched t join invoicing.invoice_line l on l.invoice_id = t.invoice_id
      cross join lateral jsonb_array_elements(l.match_findings) f(finding)
      -- An accepted variance no longer holds the invoice.
      where not f.finding ? 'accepted'
    ),
    summary as (
      select t.invoice_id,
        coalesce(array_agg(f.reason order by e.n) filter (where f.reason is not null), array[]::text[]) as reasons
      from touched t
      left join found f on f.invoice_id = t.invoice_id
      left join unnest(${[...invoiceExceptionReasons]}::text[]) with ordinality e(reason, n) on e.reason = f.reason
      group by t.invoice_id
    )
    update invoicing.invoice i
    set match_status = case when cardinality(s.reasons) = 0 then 'matched' else 'exception' end,
        match_reasons = s.reasons,
        exception_owner = ${ownerByReason}::jsonb ->> s.reasons[1],
        matched_at = ${now}
    from summary s
    where i.id = s.invoice_id
      and (i.match_status, i.match_reasons, i.exception_owner) is distinct from
          (case when cardinality(s.reasons) = 0 then 'matched' else 'exception' end, s.reasons,
           ${ownerByReason}::jsonb ->> s.reasons[1])
    returning i.id, i.status, i.match_status`.execute(trx);
  const rows = invoices.rows as { id: string; status: string; match_status: string }[];
  return {
    lines: Number(lines.numAffectedRows ?? 0),
    invoices: rows.length,
    // Received invoices that match now: approved by Procura itself (approveMatchedInvoices).
    matchedInvoiceIds: rows
      .filter((r) => r.status === 'received' && r.match_status === 'matched')
      .map((r) => r.id),
  };
}
