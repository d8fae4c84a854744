// What issuing orders needs besides requests, as the tests and bench/po-issue load it into an empty
// schema: the demo suppliers announced active with their approved ordering details, and the general
// purchasing terms and annexes published with the standard annex rules.
import type { PurchasingDatabase } from '@procura/db';
import { demoSuppliers, demoUsers } from '@procura/demo-data';
import { standardAnnexRules, type TermsVersion } from '@procura/domain';
import { sampleAnnexVersions, sampleGeneralTerms } from '@procura/pdf/samples';
import type { Kysely } from 'kysely';

const administrator = demoUsers.find((u) => u.roles.includes('administrator'));
const adminId = administrator?.id ?? '';

let eventNumber = 500;
const eventId = () => {
  eventNumber += 1;
  return `00000000-0000-4000-8000-${String(eventNumber).padStart(12, '0')}`;
};

/** Announces the demo suppliers active, with ordering details; `english` suppliers read English. */
export async function loadOrderingData(db: Kysely<PurchasingDatabase>, english: readonly string[] = []) {
  for (const s of demoSuppliers) {
    await db
      .insertInto('purchasing.supplier_status')
      .values({
        supplier_id: s.id,
        status: 'active',
        reason: 'demo',
        changed_at: new Date('2026-01-01'),
        source_event_id: eventId(),
      })
      .onConflict((oc) => oc.column('supplier_id').doUpdateSet({ status: 'active', compliance_hold: false }))
      .execute();
    await db
      .insertInto('purchasing.supplier_party')
      .values({
        supplier_id: s.id,
        name: s.name,
        legal_form: s.legalForm,
        siren: s.siren,
        siret: s.siret,
        vat_number: s.vatNumber,
        address: JSON.stringify({
          line: s.addressLine,
          postalCode: s.postalCode,
          city: s.city,
          country: s.country,
        }),
        language: english.includes(s.id) ? 'en' : 'fr',
        payment_terms_days: s.paymentTermsDays,
        order_email: s.orderEmail,
        contact: null,
        changed_at: new Date('2026-01-01'),
        source_event_id: eventId(),
      })
      .onConflict((oc) => oc.column('supplier_id').doNothing())
      .execute();
  }
  await publishTerms(db, [sampleGeneralTerms(1, '2026-01-01'), ...sampleAnnexVersions()]);
  await db
    .insertInto('purchasing.annex_rule')
    .values(
      standardAnnexRules.map((r) => ({
        id: r.id,
        annex_code: r.annexCode,
        conditions: JSON.stringify(r.when),
        updated_by: adminId,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function publishTerms(db: Kysely<PurchasingDatabase>, versions: readonly TermsVersion[]) {
  await db
    .insertInto('purchasing.terms_version')
    .values(
      versions.map((v) => ({
        code: v.code,
        version: v.version,
        effective_on: v.effectiveOn,
        title: JSON.stringify(v.title),
        text: JSON.stringify(v.text),
        published_by: adminId,
        published_by_name: administrator?.displayName ?? 'Administrator',
      })),
    )
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .execute();
}
