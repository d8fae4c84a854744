import type { CatalogDatabase } from '@procura/db';
import {
  demoCatalogItems,
  demoCategories,
  demoPriceListOf,
  demoPriceLists,
  demoPriceTiers,
  demoSuppliers,
} from '@procura/demo-data';
import type { Logger } from '@procura/http';
import { type Kysely, sql } from 'kysely';

/**
 * Loads the demo suppliers and catalog into an empty catalog schema. Runs once: a catalog that
 * already holds a supplier is left alone, and concurrent starts serialise on an advisory lock.
 */
export async function loadDemoData(db: Kysely<CatalogDatabase>, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('procura.catalog.demo-data'))`.execute(trx);
    const existing = await trx.selectFrom('catalog.supplier').select('id').limit(1).executeTakeFirst();
    if (existing) return;

    await trx
      .insertInto('catalog.category')
      .values(demoCategories.map((c) => ({ code: c.code, name_fr: c.nameFr, name_en: c.nameEn })))
      .execute();
    await trx
      .insertInto('catalog.supplier')
      .values(
        demoSuppliers.map((s) => ({
          id: s.id,
          name: s.name,
          legal_form: s.legalForm,
          siren: s.siren,
          siret: s.siret,
          vat_number: s.vatNumber,
          country: s.country,
          address_line: s.addressLine,
          postal_code: s.postalCode,
          city: s.city,
          languages: [...s.languages],
          payment_terms_days: s.paymentTermsDays,
          order_email: s.orderEmail,
          contact_name: s.contactName,
          contact_email: s.contactEmail,
          contact_phone: s.contactPhone,
          status: 'active' as const,
        })),
      )
      .execute();
    await trx
      .insertInto('catalog.supplier_category')
      .values(
        demoSuppliers.flatMap((s) =>
          s.categoryCodes.map((code) => ({ supplier_id: s.id, category_code: code })),
        ),
      )
      .execute();
    await trx
      .insertInto('catalog.supplier_entity')
      .values(
        demoSuppliers.flatMap((s) =>
          s.allowedEntityIds.map((entityId) => ({ supplier_id: s.id, entity_id: entityId })),
        ),
      )
      .execute();
    await trx
      .insertInto('catalog.price_list')
      .values(
        demoPriceLists.map((p) => ({
          id: p.id,
          supplier_id: p.supplierId,
          reference: p.reference,
          name: p.name,
          kind: p.kind,
          currency: p.currency,
          valid_from: p.validFrom,
          valid_to: p.validTo,
        })),
      )
      .execute();
    await trx
      .insertInto('catalog.item')
      .values(
        demoCatalogItems.map((i) => ({
          id: i.id,
          supplier_id: i.supplierId,
          supplier_sku: i.supplierSku,
          name_fr: i.nameFr,
          name_en: i.nameEn,
          description_fr: i.descriptionFr,
          description_en: i.descriptionEn,
          category_code: i.categoryCode,
          unit_code: i.unitCode,
          unit_price: i.unitPrice,
          currency: i.currency,
          vat_rate: i.vatRate,
          min_order_quantity: String(i.minOrderQuantity),
          lead_time_days: i.leadTimeDays,
          price_list_id: demoPriceListOf(i.supplierId).id,
        })),
      )
      .execute();
    await trx
      .insertInto('catalog.item_price_tier')
      .values(
        demoPriceTiers.map((t) => ({
          item_id: t.itemId,
          min_quantity: t.minQuantity,
          unit_price: t.unitPrice,
        })),
      )
      .execute();
    logger.info(
      {
        suppliers: demoSuppliers.length,
        priceLists: demoPriceLists.length,
        items: demoCatalogItems.length,
        categories: demoCategories.length,
      },
      'demo catalog loaded',
    );
  });
}
