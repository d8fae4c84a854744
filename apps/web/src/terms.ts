// The terms administration's logic, outside the components: the publishing form and the version it
// sends, the annex-rule form and the rule it sends, rules in plain words (as translation keys), and
// the API's field problems placed next to the inputs.
import type { AnnexCondition, AnnexRule, AnnexRuleBody, TermsDocument, TermsVersionBody } from './api.js';
import type { FieldProblem } from './problems.js';

/** The value of the document picker that starts a new annex. */
export const newAnnex = '';

/** The publishing form as the inputs hold it. */
export interface PublishForm {
  /** The code of an existing document, or `newAnnex`. */
  document: string;
  /** The code of a new annex, as typed. */
  newCode: string;
  effectiveOn: string;
  titleFr: string;
  titleEn: string;
  textFr: string;
  textEn: string;
}

export const emptyPublishForm: PublishForm = {
  document: 'CGA',
  newCode: '',
  effectiveOn: '',
  titleFr: '',
  titleEn: '',
  textFr: '',
  textEn: '',
};

/** The code a form publishes under: the document picked, or the new annex's code in capitals. */
export const codeOf = (form: PublishForm) =>
  form.document === newAnnex ? form.newCode.trim().toUpperCase() : form.document;

/** The number the next version of the form's document gets: 1 for a document not published yet. */
export function nextVersionOf(form: PublishForm, documents: readonly TermsDocument[]): number {
  const code = codeOf(form);
  return documents.find((d) => d.code === code)?.nextVersion ?? 1;
}

/** What the form sends; the service judges it (both languages, dates, the CGA's length). */
export function publishBodyOf(form: PublishForm, documents: readonly TermsDocument[]): TermsVersionBody {
  return {
    code: codeOf(form),
    version: nextVersionOf(form, documents),
    effectiveOn: form.effectiveOn,
    title: { fr: form.titleFr.trim(), en: form.titleEn.trim() },
    // Line ends as a textarea gives them; paragraphs are separated by blank lines.
    text: { fr: form.textFr.replace(/\r\n/g, '\n'), en: form.textEn.replace(/\r\n/g, '\n') },
  };
}

/** The form with a published version's title and text, to write the next version from. */
export function withTextOf(
  form: PublishForm,
  version: { title: { fr: string; en: string }; text: { fr: string; en: string } },
): PublishForm {
  return {
    ...form,
    titleFr: version.title.fr,
    titleEn: version.title.en,
    textFr: version.text.fr,
    textEn: version.text.en,
  };
}

export type PublishFormField =
  | 'code'
  | 'version'
  | 'effectiveOn'
  | 'titleFr'
  | 'titleEn'
  | 'textFr'
  | 'textEn';

const publishFieldOfPath: Record<string, PublishFormField> = {
  code: 'code',
  version: 'version',
  effectiveOn: 'effectiveOn',
  'title.fr': 'titleFr',
  'title.en': 'titleEn',
  'text.fr': 'textFr',
  'text.en': 'textEn',
};

/** The annex-rule form as the inputs hold it: lists as typed, flags as ticked. */
export interface AnnexRuleForm {
  id: string;
  annexCode: string;
  /** UNSPSC prefixes, separated by commas or spaces. */
  categoryPrefixes: string;
  lineFlags: string[];
  /** ISO 3166 codes, separated by commas or spaces. */
  supplierCountries: string;
  supplierCountriesExcept: string;
  minimumAmount: string;
  minimumCurrency: string;
  active: boolean;
}

export const emptyAnnexRuleForm = (annexCode = ''): AnnexRuleForm => ({
  id: '',
  annexCode,
  categoryPrefixes: '',
  lineFlags: [],
  supplierCountries: '',
  supplierCountriesExcept: '',
  minimumAmount: '',
  minimumCurrency: 'EUR',
  active: true,
});

export function annexRuleFormOf(rule: AnnexRule): AnnexRuleForm {
  const { when } = rule;
  return {
    id: rule.id,
    annexCode: rule.annexCode,
    categoryPrefixes: (when.categoryPrefixes ?? []).join(', '),
    lineFlags: when.lineFlags ?? [],
    supplierCountries: (when.supplierCountries ?? []).join(', '),
    supplierCountriesExcept: (when.supplierCountriesExcept ?? []).join(', '),
    minimumAmount: when.minimumNetAmount?.amount ?? '',
    minimumCurrency: when.minimumNetAmount?.currency ?? 'EUR',
    active: rule.active,
  };
}

const listOf = (text: string, upper = false) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((value) => (upper ? value.toUpperCase() : value));

/** What the form sends: a criterion left empty is left out (it does not restrict). */
export function annexRuleBodyOf(form: AnnexRuleForm): AnnexRuleBody {
  const when: AnnexCondition = {};
  const categoryPrefixes = listOf(form.categoryPrefixes);
  const supplierCountries = listOf(form.supplierCountries, true);
  const supplierCountriesExcept = listOf(form.supplierCountriesExcept, true);
  const amount = form.minimumAmount.trim().replace(/\s/g, '').replace(',', '.');
  if (categoryPrefixes.length > 0) when.categoryPrefixes = categoryPrefixes;
  if (form.lineFlags.length > 0) when.lineFlags = form.lineFlags;
  if (supplierCountries.length > 0) when.supplierCountries = supplierCountries;
  if (supplierCountriesExcept.length > 0) when.supplierCountriesExcept = supplierCountriesExcept;
  if (amount) when.minimumNetAmount = { amount, currency: form.minimumCurrency.trim().toUpperCase() };
  return { annexCode: form.annexCode, when };
}

/** One phrase of a rule in plain words: a translation key and its values. */
export interface Phrase {
  key: string;
  values?: Record<string, string>;
}

/** When a rule's annex applies, one phrase per criterion (none: every order). */
export function annexConditionPhrases(
  when: AnnexCondition,
  names: { flag(flag: string): string; money(amount: string, currency: string): string },
): Phrase[] {
  const phrases: Phrase[] = [];
  if (when.categoryPrefixes?.length)
    phrases.push({ key: 'categories', values: { list: when.categoryPrefixes.join(', ') } });
  if (when.lineFlags?.length)
    phrases.push({ key: 'flags', values: { list: when.lineFlags.map(names.flag).join(', ') } });
  if (when.supplierCountries?.length)
    phrases.push({ key: 'countries', values: { list: when.supplierCountries.join(', ') } });
  if (when.supplierCountriesExcept?.length)
    phrases.push({ key: 'countriesExcept', values: { list: when.supplierCountriesExcept.join(', ') } });
  if (when.minimumNetAmount)
    phrases.push({
      key: 'minimum',
      values: { amount: names.money(when.minimumNetAmount.amount, when.minimumNetAmount.currency) },
    });
  return phrases.length > 0 ? phrases : [{ key: 'always' }];
}

export type AnnexRuleFormField =
  | 'id'
  | 'annexCode'
  | 'categoryPrefixes'
  | 'lineFlags'
  | 'supplierCountries'
  | 'supplierCountriesExcept'
  | 'minimumAmount'
  | 'minimumCurrency'
  | 'version';

const ruleFieldOfPath: Record<string, AnnexRuleFormField> = {
  id: 'id',
  annexCode: 'annexCode',
  'when.categoryPrefixes': 'categoryPrefixes',
  'when.lineFlags': 'lineFlags',
  'when.supplierCountries': 'supplierCountries',
  'when.supplierCountriesExcept': 'supplierCountriesExcept',
  'when.minimumNetAmount': 'minimumAmount',
  'when.minimumNetAmount.amount': 'minimumAmount',
  'when.minimumNetAmount.currency': 'minimumCurrency',
  version: 'version',
};

/**
 * Places the API's field problems next to the inputs: 'body.text.fr' under the French text,
 * 'body.when.categoryPrefixes[1]' and 'body.when.lineFlags.0' under their lists. The rest is shown
 * with the problem's detail.
 */
function fieldErrors<F extends string>(
  errors: readonly FieldProblem[],
  fieldOfPath: Record<string, F>,
): { byField: Partial<Record<F, string[]>>; other: FieldProblem[] } {
  const byField: Partial<Record<F, string[]>> = {};
  const other: FieldProblem[] = [];
  for (const error of errors) {
    const path = error.field
      .replace(/^body\./, '')
      .replace(/\[\d+\]$|\.\d+$/, '')
      .replace(/\[\d+\]/g, '');
    const field = fieldOfPath[path];
    if (field) byField[field] = [...(byField[field] ?? []), error.reason];
    else other.push(error);
  }
  return { byField, other };
}

export const publishFieldErrors = (errors: readonly FieldProblem[]) =>
  fieldErrors(errors, publishFieldOfPath);
export const annexRuleFieldErrors = (errors: readonly FieldProblem[]) => fieldErrors(errors, ruleFieldOfPath);
