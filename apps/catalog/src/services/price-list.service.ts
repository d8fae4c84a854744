import type { CatalogDatabase, PriceListKind } from '@procura/db';
import { DomainError, priceListValidityProblem } from '@procura/domain';
import type { Kysely } from 'kysely';
import {
  findPriceList,
  insertPriceList,
  lockPriceList,
  type PriceList,
  updatePriceListValidity,
} from '../repositories/price-list.repository.js';

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
): Promise<PriceList> {
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
  return (await findPriceList(db, id)) as PriceList;
}

/** Extends or shortens a price list's validity: its items are orderable only within it. */
export async function changePriceListValidity(
  db: Kysely<CatalogDatabase>,
  command: { id: string; validFrom?: string | undefined; validTo?: string | null | undefined },
): Promise<PriceList> {
  await db.transaction().execute(async (trx) => {
    const current = await lockPriceList(trx, command.id);
    if (!current) throw new DomainError('not_found', `Price list ${command.id} does not exist.`);
    const validity = {
      validFrom: command.validFrom ?? current.validFrom,
      validTo: command.validTo === undefined ? current.validTo : command.validTo,
    };
    assertValidity(validity);
    await updatePriceListValidity(trx, command.id, validity);
  });
  return (await findPriceList(db, command.id)) as PriceList;
}
