import { type RawBuilder, sql } from 'kysely';

/**
 * The one definition of "this caller may order this item", as a condition on `catalog.item i`
 * joined to its `catalog.supplier s`: the item is active, its supplier is active and serves the
 * caller's entity, and the contract or price list it comes from (if any) is valid today.
 * Search and the item page both use it, so they can never disagree.
 */
export function orderableItemCondition(caller: { entityId: string }): RawBuilder<boolean> {
  return sql<boolean>`(
    i.active and s.status = 'active'
    and exists (select 1 from catalog.supplier_entity se where se.supplier_id = s.id and se.entity_id = ${caller.entityId})
    and (i.price_list_id is null or exists (
      select 1 from catalog.price_list pl
      where pl.id = i.price_list_id and pl.valid_from <= current_date and (pl.valid_to is null or pl.valid_to >= current_date)))
  )`;
}
