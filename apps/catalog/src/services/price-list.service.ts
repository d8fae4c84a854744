import type { CatalogDatabase, PriceListKind } from '@procura/db';
import { DomainError, priceListValidityProblem } from '@procura/domain';
import type { Kysely } from 'kysely';
import {
  findPriceList,
  insertPriceList,
  insertValidityChange,
  lockPriceList,
  type PriceListDetail,
  updatePriceListValidity,
} from '../repositories/price-list.repository.js';
import type { Actor } from './actor.js';

function assertValidity(validity: { validFrom: string; validTo: string | null }): void {
  const reason = priceListValidityProblem(validity);
  if (reason)
    throw new DomainError('validation_failed', `The validity ${reason}.`, [{ field: 'validTo', reason }]);
}

/** A contract or price list agreed with a supplier; its reference is unique for the supplier. */
export async function createPriceList(
  db: Kysely<CatalogDatabase>,
  command: {
    supplierId: string;
    reference: string;
    name: string;
    kind: PriceListKind;
    currency: string;
    validFrom: string;
    validTo: string | null;
    createdBy: string;
  },
): Promise<PriceListDetail> {
  assertValidity(command);
  const supplier = await db
    .selectFrom('catalog.supplier')
    .select('id')
    .where('id', '=', command.supplierId)
    .executeTakeFirst();
  if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
  const id = await insertPriceList(db, command);
  if (!id)
    throw new DomainError(
      'conflict',
      `The supplier already has a price list with reference ${command.reference}.`,
      [{ field: 'reference', reason: 'is already used for this supplier' }],
    );
  return (await findPriceList(db, id)) as PriceListDetail;
}

/**
 * Extends or shortens a price list's validity: its items are orderable only within it. Each change
 * is appended to the list's history with who made it, when, and the validity before and after.
 */
export async function changePriceListValidity(
  db: Kysely<CatalogDatabase>,
  command: {
    id: string;
    validFrom?: string | undefined;
    validTo?: string | null | undefined;
    changedBy: Actor;
    now: Date;
  },
): Promise<PriceListDetail> {
  await db.transaction().execute(async (trx) => {
    const current = await lockPriceList(trx, command.id);
    if (!current) throw new DomainError('not_found', `Price list ${command.id} does not exist.`);
    const validity = {
      validFrom: command.validFrom ?? current.validFrom,
      validTo: command.validTo === undefined ? current.validTo : command.validTo,
    };
    assertValidity(validity);
    const before = { validFrom: current.validFrom, validTo: current.validTo };
    if (before.validFrom === validity.validFrom && before.validTo === validity.validTo) return;
    await updatePriceListValidity(trx, command.id, validity);
    await insertValidityChange(trx, {
      priceListId: command.id,
      from: before,
      to: validity,
      changedBy: command.changedBy,
      changedAt: command.now,
    });
  });
  return (await findPriceList(db, command.id)) as PriceListDetail;
}
