// Who may order from a supplier, as one SQL predicate that the item lookup and the catalog search
// both use: the supplier is active, not held back by the compliance policy, allowed for the
// caller's entity, and — when it is restricted to some sites of that entity — the caller works at one.
import { type RawBuilder, sql } from 'kysely';

export interface OrderingCaller {
  entityId: string;
  /** Null for a caller without a site (an integration): only suppliers open to all the entity's sites. */
  siteId: string | null;
}

/** `supplier` is the alias of `catalog.supplier` in the surrounding query. */
export function supplierOrderableBy(supplier: string, caller: OrderingCaller): RawBuilder<boolean> {
  const id = sql.ref(`${supplier}.id`);
  return sql<boolean>`(${sql.ref(`${supplier}.status`)} = 'active'
    and not ${sql.ref(`${supplier}.compliance_hold`)}
    and exists (select 1 from catalog.supplier_entity ose
                where ose.supplier_id = ${id} and ose.entity_id = ${caller.entityId}::uuid)
    and (not exists (select 1 from catalog.supplier_site oss
                     where oss.supplier_id = ${id} and oss.entity_id = ${caller.entityId}::uuid)
         or exists (select 1 from catalog.supplier_site oss
                    where oss.supplier_id = ${id} and oss.entity_id = ${caller.entityId}::uuid
                      and oss.site_id = ${caller.siteId}::uuid)))`;
}
