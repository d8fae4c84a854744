import { createHash } from 'node:crypto';
import type { CatalogDatabase } from '@procura/db';
import {
  calendarDate,
  catalogImportTargetProblem,
  DomainError,
  type ImportProblem,
  previewCatalogImport,
  priceListState,
  type SupplierStatus,
  validateCatalogImport,
} from '@procura/domain';
import type { Kysely } from 'kysely';
import {
  applyImport,
  type CatalogImportDetail,
  catalogBaseline,
  findImport,
  findImportTarget,
  insertImport,
  knownCategoryCodes,
  lockImportAndSupplier,
  markImport,
  supplierItems,
} from '../repositories/catalog-import.repository.js';
import type { Actor } from './actor.js';
import { readImportFile } from './import-file.js';

/** How long a preview may wait for its confirmation. */
export const previewLifetimeMs = 24 * 3_600_000;

/** Most problems listed in one answer; the count says how many there are in all. */
const maxListedProblems = 5_000;

/** Refuses the file with its problems (the edge lists them, 422); nothing was stored. */
function rejected(problems: ImportProblem[], fileName: string): DomainError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new DomainError(
    'catalog_import_invalid',
    `${fileName} has ${count}: nothing was imported. Correct the file and upload it again.`,
    { problems: problems.slice(0, maxListedProblems), total: problems.length },
  );
}

/** Refuses an import into an archived supplier or an expired price list (409), naming why. */
function assertImportTargetOpen(
  supplier: { name: string; status: SupplierStatus },
  priceList: { reference: string; validFrom: string; validTo: string | null },
  now: Date,
): void {
  const reason = catalogImportTargetProblem(
    { supplierName: supplier.name, supplierStatus: supplier.status, priceListReference: priceList.reference },
    priceListState(priceList, calendarDate(now)),
  );
  if (reason) throw new DomainError('catalog_import_closed', `Nothing was imported: ${reason}.`);
}

/**
 * Reads and checks a supplier's catalog file for one of its price lists. A file with any problem
 * is refused whole, listing them all; a valid file is stored as a preview of what confirming it
 * would change, and nothing in the catalog changes yet.
 */
export async function previewImport(
  db: Kysely<CatalogDatabase>,
  command: {
    supplierId: string;
    priceListId: string;
    fileName: string;
    contentType: string | undefined;
    bytes: Buffer;
    importedBy: Actor;
    now: Date;
  },
): Promise<CatalogImportDetail> {
  const { supplier, priceList } = await findImportTarget(db, command.supplierId, command.priceListId);
  if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
  if (!priceList || priceList.supplierId !== supplier.id)
    throw new DomainError('not_found', `Price list ${command.priceListId} is not one of ${supplier.name}'s.`);
  assertImportTargetOpen(supplier, priceList, command.now);

  const file = await readImportFile(command.bytes, command.contentType);
  if (file.problems) throw rejected(file.problems, command.fileName);
  const categoryColumn = file.sheet.header.findIndex((h) => h.trim().toLowerCase() === 'category');
  const mentioned = file.sheet.rows.map((r) => (r.cells[categoryColumn] ?? '').trim());
  const { items, problems } = validateCatalogImport(file.sheet, {
    supplierCountry: supplier.country,
    currency: priceList.currency,
    knownCategoryCodes: await knownCategoryCodes(db, categoryColumn === -1 ? [] : mentioned),
  });
  if (problems.length > 0) throw rejected(problems, command.fileName);

  const id = await db.transaction().execute(async (trx) => {
    const baseline = await catalogBaseline(trx, supplier.id);
    const preview = previewCatalogImport(await supplierItems(trx, supplier.id), items, priceList.id);
    return insertImport(trx, {
      supplierId: supplier.id,
      priceListId: priceList.id,
      fileName: command.fileName,
      fileFormat: file.format,
      fileSha256: createHash('sha256').update(command.bytes).digest('hex'),
      items,
      preview,
      baseFingerprint: baseline.fingerprint,
      baseImportId: baseline.lastImportId,
      createdBy: command.importedBy,
      createdAt: command.now,
      expiresAt: new Date(command.now.getTime() + previewLifetimeMs),
    });
  });
  return (await findImport(db, id)) as CatalogImportDetail;
}

/**
 * Applies a preview in one transaction, or nothing: refused when it is no longer a preview
 * (confirmed, cancelled), has expired, or when the supplier's catalog changed after it was made
 * (another import confirmed first, an item edited). Confirmations for one supplier queue on a
 * lock of the supplier's row, so of two racing previews exactly one applies.
 */
export async function confirmImport(
  db: Kysely<CatalogDatabase>,
  command: { importId: string; confirmedBy: Actor; now: Date },
): Promise<CatalogImportDetail> {
  const outcome = await db.transaction().execute(async (trx) => {
    const pending = await lockImportAndSupplier(trx, command.importId);
    if (!pending) throw new DomainError('not_found', `Import ${command.importId} does not exist.`);
    if (pending.status !== 'previewed')
      throw new DomainError(
        'invalid_state_transition',
        `Import ${pending.id} is ${pending.status}: only a preview can be confirmed.`,
      );
    if (pending.expires_at < command.now) {
      await markImport(trx, pending.id, { status: 'expired', by: command.confirmedBy, at: command.now });
      return 'expired' as const;
    }
    // Archived or expired since the preview: the same refusal as for a new file.
    assertImportTargetOpen(pending.supplier, pending.priceList, command.now);
    const baseline = await catalogBaseline(trx, pending.supplier_id);
    if (baseline.fingerprint !== pending.base_fingerprint || baseline.lastImportId !== pending.base_import_id)
      throw new DomainError(
        'catalog_changed_since_preview',
        "The supplier's catalog changed after this preview (another import was confirmed, or an item was edited): nothing was applied. Upload the file again for a fresh preview.",
      );
    const applied = await applyImport(trx, {
      importId: pending.id,
      supplierId: pending.supplier_id,
      priceListId: pending.price_list_id,
    });
    await markImport(trx, pending.id, {
      status: 'confirmed',
      by: command.confirmedBy,
      at: command.now,
      applied,
    });
    return 'confirmed' as const;
  });
  if (outcome === 'expired')
    throw new DomainError(
      'catalog_import_expired',
      `Import ${command.importId} was previewed more than 24 hours ago: upload the file again.`,
    );
  return (await findImport(db, command.importId)) as CatalogImportDetail;
}

export async function cancelImport(
  db: Kysely<CatalogDatabase>,
  command: { importId: string; cancelledBy: Actor; now: Date },
): Promise<CatalogImportDetail> {
  await db.transaction().execute(async (trx) => {
    const pending = await lockImportAndSupplier(trx, command.importId);
    if (!pending) throw new DomainError('not_found', `Import ${command.importId} does not exist.`);
    if (pending.status !== 'previewed')
      throw new DomainError(
        'invalid_state_transition',
        `Import ${pending.id} is ${pending.status}: only a preview can be cancelled.`,
      );
    await markImport(trx, pending.id, { status: 'cancelled', by: command.cancelledBy, at: command.now });
  });
  return (await findImport(db, command.importId)) as CatalogImportDetail;
}
