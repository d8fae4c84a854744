import { type CartLineIssue, calendarDate } from '@procura/domain';
import { type RawBuilder, sql } from 'kysely';

/**
 * Who wants to order, and when: their entity and site (null for an integration, which has no site),
 * and today's date in the company's calendar (price lists are valid from and to calendar days).
 */
export interface OrderingCaller {
  entityId: string;
  siteId: string | null;
  today: string;
}

/** The ordering caller for an identity, today in the company's calendar. */
export function orderingCaller(
  identity: { entityId: string; siteId: string | null },
  now: Date,
): OrderingCaller {
  return { entityId: identity.entityId, siteId: identity.siteId, today: calendarDate(now) };
}

/**
 * The parts of "this caller may order this item", as conditions on `catalog.item i` joined to its
 * `catalog.supplier s`, each named by the reason a cart gives when it fails: the item is active, its
 * supplier is active, not held back by the compliance policy, and serves the caller's entity and
 * site, and the contract or price list it comes from (if any) is valid today.
 */
function orderabilityParts(
  caller: OrderingCaller,
): [
  Extract<
    CartLineIssue,
    | 'item_inactive'
    | 'supplier_not_active'
    | 'supplier_on_compliance_hold'
    | 'not_for_entity'
    | 'price_list_not_valid'
  >,
  RawBuilder<boolean>,
][] {
  return [
    ['item_inactive', sql<boolean>`i.active`],
    ['supplier_not_active', sql<boolean>`s.status = 'active'`],
    ['supplier_on_compliance_hold', sql<boolean>`not s.compliance_hold`],
    [
      'not_for_entity',
      // The supplier serves the caller's entity and, when it is kept to some sites of that entity
      // (a remote site's local supplier), the caller's site is one of them.
      sql<boolean>`(exists (select 1 from catalog.supplier_entity se where se.supplier_id = s.id and se.entity_id = ${caller.entityId}::uuid)
        and (not exists (select 1 from catalog.supplier_site ss where ss.supplier_id = s.id and ss.entity_id = ${caller.entityId}::uuid)
          or exists (select 1 from catalog.supplier_site ss
                     where ss.supplier_id = s.id and ss.entity_id = ${caller.entityId}::uuid and ss.site_id = ${caller.siteId}::uuid)))`,
    ],
    [
      'price_list_not_valid',
      sql<boolean>`(i.price_list_id is null or exists (
      select 1 from catalog.price_list pl
      where pl.id = i.price_list_id and pl.valid_from <= ${caller.today}::date and (pl.valid_to is null or pl.valid_to >= ${caller.today}::date)))`,
    ],
  ];
}

/**
 * The one definition of "this caller may order this item". Search, the item page and the cart all
 * use it (the cart through {@link notOrderableReasons}), so they can never disagree.
 */
export function orderableItemCondition(caller: OrderingCaller): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    orderabilityParts(caller).map(([, condition]) => condition),
    sql` and `,
  )})`;
}

/** The parts of {@link orderableItemCondition} that fail, by name: an empty array when orderable. */
export function notOrderableReasons(caller: OrderingCaller): RawBuilder<CartLineIssue[]> {
  return sql<CartLineIssue[]>`array_remove(array[${sql.join(
    orderabilityParts(caller).map(
      ([reason, condition]) => sql`case when ${condition} then null else ${sql.lit(reason)} end`,
    ),
  )}]::text[], null)`;
}
