// What purchasing needs to order from a supplier, announced as approved: its legal identity, the
// address an order is made out to, the language orders and terms are printed in, and the order
// e-mail. Sent in the transaction that approves the supplier (outbox).
import type { CatalogDatabase } from '@procura/db';
import { recordEvent } from '@procura/events';
import type { Transaction } from 'kysely';

/** The supplier's first language that documents are printed in, else French for a French supplier. */
export function documentLanguageOf(languages: readonly string[], country: string): 'fr' | 'en' {
  const known = languages.find((l) => l === 'fr' || l === 'en');
  return (known as 'fr' | 'en' | undefined) ?? (country === 'FR' ? 'fr' : 'en');
}

export async function announceOrderingDetails(
  trx: Transaction<CatalogDatabase>,
  supplierId: string,
  approvedAt: Date,
): Promise<void> {
  const supplier = await trx
    .selectFrom('catalog.supplier')
    .selectAll()
    .where('id', '=', supplierId)
    .executeTakeFirstOrThrow();
  // The ordering address when there is one, else the registered office, else the supplier's own.
  const address = await trx
    .selectFrom('catalog.supplier_address')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .where('kind', 'in', ['ordering', 'registered_office'])
    .orderBy((eb) => eb.case().when('kind', '=', 'ordering').then(0).else(1).end())
    .orderBy('position')
    .executeTakeFirst();
  await recordEvent(trx, 'catalog', {
    type: 'catalog.supplier.ordering-details',
    aggregateId: supplier.id,
    payload: {
      supplierId: supplier.id,
      name: supplier.name,
      legalForm: supplier.legal_form,
      siren: supplier.siren,
      siret: supplier.siret,
      vatNumber: supplier.vat_number,
      address: address
        ? {
            line: [address.line1, address.line2].filter(Boolean).join(', '),
            postalCode: address.postal_code,
            city: address.city,
            country: address.country,
          }
        : {
            line: supplier.address_line ?? supplier.name,
            postalCode: supplier.postal_code ?? '',
            city: supplier.city ?? '—',
            country: supplier.country,
          },
      language: documentLanguageOf(supplier.languages, supplier.country),
      paymentTermsDays: supplier.payment_terms_days,
      orderEmail: supplier.order_email,
      contact: supplier.contact_name
        ? { name: supplier.contact_name, email: supplier.contact_email, phone: supplier.contact_phone }
        : null,
      electronicAddress:
        supplier.electronic_address_scheme && supplier.electronic_address
          ? { scheme: supplier.electronic_address_scheme, value: supplier.electronic_address }
          : null,
      approvedAt: approvedAt.toISOString(),
    },
  });
}
