import type { SupplierBody, SupplierDetail } from './api.js';
import type { FieldProblem } from './problems.js';

type Address = SupplierDetail['addresses'][number];
type Contact = SupplierDetail['contacts'][number];

/**
 * What the supplier form holds, as typed. The form edits one registered-office address and one
 * ordering contact; a supplier's other addresses and contacts are kept as they are and sent back.
 */
export interface SupplierFormState {
  name: string;
  legalForm: string;
  country: string;
  siren: string;
  siret: string;
  vatNumber: string;
  duns: string;
  orderEmail: string;
  paymentTermsDays: string;
  languages: ('fr' | 'en')[];
  address: { line1: string; line2: string; postalCode: string; city: string; country: string };
  contact: { name: string; email: string; phone: string; role: Contact['role']; complianceContact: boolean };
  /** UNSPSC codes separated by commas or spaces. */
  categoryCodes: string;
  /** The entities offered: the caller's and those already allowed; `siteIds` empty is every site. */
  entities: { entityId: string; siteIds: string[]; allowed: boolean }[];
  spendAmount: string;
  spendSource: string;
  otherAddresses: Address[];
  otherContacts: Contact[];
}

/** The form's inputs, each of which shows the API's reasons for refusing it. */
export const supplierFormFields = [
  'name',
  'legalForm',
  'country',
  'siren',
  'siret',
  'vatNumber',
  'duns',
  'orderEmail',
  'paymentTermsDays',
  'languages',
  'addressLine1',
  'addressPostalCode',
  'addressCity',
  'addressCountry',
  'contactName',
  'contactEmail',
  'contactPhone',
  'contactComplianceContact',
  'categoryCodes',
  'allowedEntities',
  'spendAmount',
  'spendSource',
] as const;
export type SupplierFormField = (typeof supplierFormFields)[number];

/** A new supplier: French, paid at 30 days, allowed to the caller's entity. */
export function emptySupplierForm(callerEntityId: string): SupplierFormState {
  return {
    name: '',
    legalForm: '',
    country: 'FR',
    siren: '',
    siret: '',
    vatNumber: '',
    duns: '',
    orderEmail: '',
    paymentTermsDays: '30',
    languages: ['fr'],
    address: { line1: '', line2: '', postalCode: '', city: '', country: 'FR' },
    contact: { name: '', email: '', phone: '', role: 'sales', complianceContact: false },
    categoryCodes: '',
    entities: [{ entityId: callerEntityId, siteIds: [], allowed: true }],
    spendAmount: '',
    spendSource: '',
    otherAddresses: [],
    otherContacts: [],
  };
}

/** A stored supplier, as the form shows it for a change. */
export function supplierFormOf(supplier: SupplierDetail, callerEntityId: string): SupplierFormState {
  const office = supplier.addresses.find((a) => a.kind === 'registered_office');
  const contact = supplier.contacts.find((c) => c.role === 'sales') ?? supplier.contacts[0];
  const entities = supplier.allowedEntities.map((e) => ({ ...e, allowed: true }));
  if (!entities.some((e) => e.entityId === callerEntityId))
    entities.push({ entityId: callerEntityId, siteIds: [], allowed: false });
  const noSpend = supplier.yearlySpend.source === null && Number(supplier.yearlySpend.amount) === 0;
  return {
    name: supplier.name,
    legalForm: supplier.legalForm ?? '',
    country: supplier.country,
    siren: supplier.siren ?? '',
    siret: supplier.siret ?? '',
    vatNumber: supplier.vatNumber ?? '',
    duns: supplier.duns ?? '',
    orderEmail: supplier.orderEmail ?? '',
    paymentTermsDays: String(supplier.paymentTermsDays),
    languages: supplier.languages.filter((l): l is 'fr' | 'en' => l === 'fr' || l === 'en'),
    address: office
      ? {
          line1: office.line1,
          line2: office.line2 ?? '',
          postalCode: office.postalCode,
          city: office.city,
          country: office.country,
        }
      : { line1: '', line2: '', postalCode: '', city: '', country: supplier.country },
    contact: contact
      ? {
          name: contact.name,
          email: contact.email,
          phone: contact.phone ?? '',
          role: contact.role,
          complianceContact: contact.complianceContact,
        }
      : { name: '', email: '', phone: '', role: 'sales', complianceContact: false },
    categoryCodes: supplier.categoryCodes.join(', '),
    entities,
    spendAmount: noSpend ? '' : supplier.yearlySpend.amount,
    spendSource: supplier.yearlySpend.source ?? '',
    otherAddresses: supplier.addresses.filter((a) => a !== office),
    otherContacts: supplier.contacts.filter((c) => c !== contact),
  };
}

/** The codes typed in the categories input, and those that are not 8-digit UNSPSC codes. */
export function parseCategoryCodes(text: string): { codes: string[]; invalid: string[] } {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const codes = [...new Set(tokens)];
  return { codes, invalid: codes.filter((c) => !/^\d{8}$/.test(c)) };
}

const isBlankAddress = (a: SupplierFormState['address']) =>
  !a.line1.trim() && !a.postalCode.trim() && !a.city.trim();
const isBlankContact = (c: SupplierFormState['contact']) =>
  !c.name.trim() && !c.email.trim() && !c.phone.trim();
const textOrNull = (value: string) => value.trim() || null;

/**
 * The API body for the form: empty texts clear a field, a blank address or contact is left out,
 * the form's own address and contact come first (the API names them at index 0).
 */
export function supplierBodyOf(form: SupplierFormState): SupplierBody {
  const address = isBlankAddress(form.address)
    ? []
    : [
        {
          kind: 'registered_office',
          line1: form.address.line1.trim(),
          line2: textOrNull(form.address.line2),
          postalCode: form.address.postalCode.trim(),
          city: form.address.city.trim(),
          country: form.address.country.trim().toUpperCase(),
        },
      ];
  const contact = isBlankContact(form.contact)
    ? []
    : [
        {
          name: form.contact.name.trim(),
          email: form.contact.email.trim(),
          phone: textOrNull(form.contact.phone),
          role: form.contact.role,
          complianceContact: form.contact.complianceContact,
        },
      ];
  // Only one compliance contact: the form's, when it is checked.
  const others = form.otherContacts.map((c) =>
    contact[0]?.complianceContact ? { ...c, complianceContact: false } : c,
  );
  const days = form.paymentTermsDays.trim();
  const amount = form.spendAmount.trim().replace(',', '.');
  const source = form.spendSource.trim();
  return {
    name: form.name.trim(),
    legalForm: textOrNull(form.legalForm),
    country: form.country.trim().toUpperCase(),
    siren: textOrNull(form.siren),
    siret: textOrNull(form.siret),
    vatNumber: textOrNull(form.vatNumber),
    duns: textOrNull(form.duns),
    orderEmail: textOrNull(form.orderEmail),
    ...(days ? { paymentTermsDays: Number(days) } : {}),
    languages: form.languages,
    addresses: [...address, ...form.otherAddresses],
    contacts: [...contact, ...others],
    categoryCodes: parseCategoryCodes(form.categoryCodes).codes,
    allowedEntities: form.entities
      .filter((e) => e.allowed)
      .map(({ entityId, siteIds }) => ({ entityId, siteIds })),
    yearlySpend: amount || source ? { amount, currency: 'EUR', source } : null,
  };
}

const simpleFields: Partial<Record<string, SupplierFormField>> = {
  name: 'name',
  legalForm: 'legalForm',
  country: 'country',
  siren: 'siren',
  siret: 'siret',
  vatNumber: 'vatNumber',
  duns: 'duns',
  orderEmail: 'orderEmail',
  paymentTermsDays: 'paymentTermsDays',
  languages: 'languages',
  categoryCodes: 'categoryCodes',
  allowedEntities: 'allowedEntities',
};
const addressFields: Partial<Record<string, SupplierFormField>> = {
  line1: 'addressLine1',
  postalCode: 'addressPostalCode',
  city: 'addressCity',
  country: 'addressCountry',
};
const contactFields: Partial<Record<string, SupplierFormField>> = {
  name: 'contactName',
  email: 'contactEmail',
  phone: 'contactPhone',
  complianceContact: 'contactComplianceContact',
};
const spendFields: Partial<Record<string, SupplierFormField>> = {
  amount: 'spendAmount',
  source: 'spendSource',
};

/** The input an API field path names (`body.siret`, `body.addresses.0.city`, or `siret` from the service). */
function formFieldOf(path: string, form: SupplierFormState): SupplierFormField | undefined {
  const [head = '', ...rest] = path.replace(/^body\./, '').split('.');
  if (head === 'addresses' && rest[0] === '0' && !isBlankAddress(form.address))
    return addressFields[rest[1] ?? ''];
  if (head === 'contacts' && rest[0] === '0' && !isBlankContact(form.contact))
    return contactFields[rest[1] ?? ''];
  if (head === 'yearlySpend') return spendFields[rest[0] ?? ''];
  // A category or an entity of the list points at its list's input.
  if (head === 'categoryCodes' || head === 'allowedEntities' || head === 'languages' || rest.length === 0)
    return simpleFields[head];
  return undefined;
}

/**
 * Sorts the API's field errors between the form's inputs, shown next to each, and the rest, shown
 * with the problem's detail.
 */
export function supplierFieldErrorsOf(
  errors: readonly FieldProblem[],
  form: SupplierFormState,
): { byField: Partial<Record<SupplierFormField, string[]>>; other: FieldProblem[] } {
  const byField: Partial<Record<SupplierFormField, string[]>> = {};
  const other: FieldProblem[] = [];
  for (const error of errors) {
    const field = formFieldOf(error.field, form);
    if (field) byField[field] = [...(byField[field] ?? []), error.reason];
    else other.push(error);
  }
  return { byField, other };
}
