import { createHash } from 'node:crypto';
import type { CatalogDatabase } from '@procura/db';
import {
  demoCatalogItems,
  demoCategories,
  demoPriceListOf,
  demoPriceLists,
  demoPriceTiers,
  demoSupplierReferencing,
  demoSuppliers,
  demoUsers,
} from '@procura/demo-data';
import { addDays, calendarDate } from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Logger } from '@procura/http';
import { type Kysely, sql, type Transaction } from 'kysely';
import { announceBankAccount } from '../services/bank-account.service.js';
import { refreshSupplierCompliance } from '../services/compliance.service.js';
import { announceOrderingDetails } from '../services/supplier-ordering-details.js';
import { demoPdf } from './demo-pdf.js';

/**
 * Loads the demo suppliers (announced active to purchasing) and catalog into an empty catalog schema, then the suppliers'
 * referencing (addresses, contacts, verified bank account, compliance documents) when they have
 * none — also into a catalog loaded by an earlier version. Each part runs once; concurrent starts
 * serialise on an advisory lock.
 */
export async function loadDemoData(db: Kysely<CatalogDatabase>, logger: Logger): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('procura.catalog.demo-data'))`.execute(trx);
    await loadDemoCatalog(trx, logger);
    await loadDemoReferencing(trx, logger, new Date());
  });
}

async function loadDemoCatalog(trx: Transaction<CatalogDatabase>, logger: Logger): Promise<void> {
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
  // Purchasing knows a supplier as orderable only once catalog announces it: through the outbox,
  // like an approval.
  const activatedAt = new Date().toISOString();
  for (const s of demoSuppliers) {
    await recordEvent(trx, 'catalog', {
      type: 'catalog.supplier.activated',
      aggregateId: s.id,
      payload: {
        supplierId: s.id,
        supplierName: s.name,
        reason: 'Demo data',
        activatedAt,
        activatedBy: null,
      },
    });
  }
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
}

const userName = (id: string) => demoUsers.find((u) => u.id === id)?.displayName ?? 'Procura';

async function loadDemoReferencing(
  trx: Transaction<CatalogDatabase>,
  logger: Logger,
  now: Date,
): Promise<void> {
  const today = calendarDate(now);
  let loaded = 0;
  for (const demo of demoSupplierReferencing) {
    const supplier = await trx
      .selectFrom('catalog.supplier')
      .select(['id', 'name'])
      .where('id', '=', demo.supplierId)
      .executeTakeFirst();
    const done = await trx
      .selectFrom('catalog.supplier_bank_account')
      .select('id')
      .where('supplier_id', '=', demo.supplierId)
      .limit(1)
      .executeTakeFirst();
    if (!supplier || done) continue;
    const buyer = demoUsers.find((u) => u.id === demo.responsibleBuyerUserId);
    await trx
      .updateTable('catalog.supplier')
      .set({
        duns: demo.duns,
        yearly_spend: demo.yearlySpend,
        yearly_spend_source: demo.yearlySpendSource,
        responsible_buyer_id: buyer?.id ?? null,
        responsible_buyer_name: buyer?.displayName ?? null,
        responsible_buyer_email: buyer?.email ?? null,
      })
      .where('id', '=', demo.supplierId)
      .execute();
    await trx.deleteFrom('catalog.supplier_address').where('supplier_id', '=', demo.supplierId).execute();
    await trx.deleteFrom('catalog.supplier_contact').where('supplier_id', '=', demo.supplierId).execute();
    await trx
      .insertInto('catalog.supplier_address')
      .values(
        demo.addresses.map((a, position) => ({
          supplier_id: demo.supplierId,
          kind: a.kind,
          line1: a.line1,
          postal_code: a.postalCode,
          city: a.city,
          country: a.country,
          position,
        })),
      )
      .execute();
    await trx
      .insertInto('catalog.supplier_contact')
      .values(
        demo.contacts.map((c, position) => ({
          supplier_id: demo.supplierId,
          name: c.name,
          email: c.email,
          phone: c.phone,
          role: c.role,
          is_compliance_contact: c.complianceContact,
          position,
        })),
      )
      .execute();
    // Purchasing orders on approved details: announce them as the demo suppliers now stand.
    await announceOrderingDetails(trx, demo.supplierId, now);
    const enteredAt = new Date(now.getTime() - 30 * 86_400_000);
    await trx
      .insertInto('catalog.supplier_bank_account')
      .values({
        supplier_id: demo.supplierId,
        iban: demo.bankAccount.iban,
        bic: demo.bankAccount.bic,
        account_holder: demo.bankAccount.accountHolder,
        status: 'verified',
        entered_by: demo.bankAccount.enteredByUserId,
        entered_by_name: userName(demo.bankAccount.enteredByUserId),
        entered_at: enteredAt,
        decided_by: demo.bankAccount.verifiedByUserId,
        decided_by_name: userName(demo.bankAccount.verifiedByUserId),
        decided_at: new Date(enteredAt.getTime() + 86_400_000),
      })
      .execute();
    // Invoicing pays the verified account: announce it as it now stands.
    await announceBankAccount(trx, supplier, now);
    for (const document of demo.documents) {
      const content = demoPdf([
        'Procura demo document',
        document.fileName,
        `Issued ${addDays(today, -document.issuedDaysAgo)}`,
      ]);
      await trx
        .insertInto('catalog.compliance_document')
        .values({
          supplier_id: demo.supplierId,
          type: document.type,
          issued_on: addDays(today, -document.issuedDaysAgo),
          expires_on: document.expiresInDays === null ? null : addDays(today, document.expiresInDays),
          file_name: document.fileName,
          content_type: 'application/pdf',
          size_bytes: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          uploaded_by: demo.responsibleBuyerUserId,
          uploaded_by_name: userName(demo.responsibleBuyerUserId),
          uploaded_at: now,
        })
        .execute();
    }
    await refreshSupplierCompliance(trx, demo.supplierId, now, { announce: false });
    loaded++;
  }
  if (loaded > 0) logger.info({ suppliers: loaded }, 'demo supplier referencing loaded');
}
