import { describe, expect, it } from 'vitest';
import type { AnnexRule, TermsDocument } from './api.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import {
  annexConditionPhrases,
  annexRuleBodyOf,
  annexRuleFieldErrors,
  annexRuleFormOf,
  emptyAnnexRuleForm,
  emptyPublishForm,
  newAnnex,
  nextVersionOf,
  publishBodyOf,
  publishFieldErrors,
  withTextOf,
} from './terms.js';

function document(code: string, nextVersion: number): TermsDocument {
  return {
    code,
    kind: code === 'CGA' ? 'general_terms' : 'annex',
    title: { fr: code, en: code },
    versions: [],
    inForce: nextVersion - 1,
    nextVersion,
  };
}

const documents = [document('CGA', 3), document('SECURITY', 2)];

describe('the publishing form', () => {
  it('publishes the next version of the document picked, titles trimmed, line ends as typed', () => {
    const body = publishBodyOf(
      {
        ...emptyPublishForm,
        effectiveOn: '2026-12-01',
        titleFr: '  Conditions générales d’achat ',
        titleEn: 'General purchasing terms',
        textFr: '1. Objet.\r\n\r\n2. Prix.',
        textEn: '1. Purpose.\n\n2. Prices.',
      },
      documents,
    );
    expect(body).toEqual({
      code: 'CGA',
      version: 3,
      effectiveOn: '2026-12-01',
      title: { fr: 'Conditions générales d’achat', en: 'General purchasing terms' },
      text: { fr: '1. Objet.\n\n2. Prix.', en: '1. Purpose.\n\n2. Prices.' },
    });
  });

  it('publishes version 1 of a new annex under its code in capitals, and of a CGA never published', () => {
    const form = { ...emptyPublishForm, document: newAnnex, newCode: ' personal-data ' };
    expect(nextVersionOf(form, documents)).toBe(1);
    expect(publishBodyOf(form, documents)).toMatchObject({ code: 'PERSONAL-DATA', version: 1 });
    expect(nextVersionOf({ ...emptyPublishForm, document: 'SECURITY' }, documents)).toBe(2);
    expect(nextVersionOf(emptyPublishForm, [])).toBe(1);
  });

  it('starts from a published version’s title and text, keeping the document and the date', () => {
    const form = withTextOf(
      { ...emptyPublishForm, effectiveOn: '2027-01-01', textFr: 'brouillon' },
      { title: { fr: 'Titre', en: 'Title' }, text: { fr: 'Texte', en: 'Text' } },
    );
    expect(form).toEqual({
      ...emptyPublishForm,
      effectiveOn: '2027-01-01',
      titleFr: 'Titre',
      titleEn: 'Title',
      textFr: 'Texte',
      textEn: 'Text',
    });
  });

  it('places the API’s field problems under the inputs, the rest with the detail', () => {
    const { byField, other } = publishFieldErrors([
      { field: 'body.effectiveOn', reason: 'must not be before today, 2026-11-23' },
      { field: 'body.text.en', reason: 'does not fit on one page' },
      { field: 'body.title.fr', reason: 'is required in every document language' },
      { field: 'body.version', reason: 'is 2, the next version is 3' },
      { field: 'Idempotency-Key', reason: 'was used for a different request' },
    ]);
    expect(byField).toEqual({
      effectiveOn: ['must not be before today, 2026-11-23'],
      textEn: ['does not fit on one page'],
      titleFr: ['is required in every document language'],
      version: ['is 2, the next version is 3'],
    });
    expect(other).toEqual([{ field: 'Idempotency-Key', reason: 'was used for a different request' }]);
  });
});

const rule: AnnexRule = {
  id: 'confidentiality-it',
  annexCode: 'CONFIDENTIALITY',
  when: {
    categoryPrefixes: ['43', '8111'],
    lineFlags: ['system_access'],
    supplierCountriesExcept: ['FR', 'DE'],
    minimumNetAmount: { amount: '1000.00', currency: 'EUR' },
  },
  active: true,
  version: 4,
  updatedBy: { userId: 'admin', displayName: 'Antoine Lambert' },
  updatedAt: '2026-11-23T10:00:00.000Z',
};

describe('the annex-rule form', () => {
  it('sends only the criteria filled in: lists split, countries in capitals, a decimal point', () => {
    expect(
      annexRuleBodyOf({
        ...emptyAnnexRuleForm('SECURITY'),
        categoryPrefixes: '43, 8111 ;80',
        supplierCountries: 'fr be',
        minimumAmount: '12 500,50',
        minimumCurrency: 'eur',
      }),
    ).toEqual({
      annexCode: 'SECURITY',
      when: {
        categoryPrefixes: ['43', '8111', '80'],
        supplierCountries: ['FR', 'BE'],
        minimumNetAmount: { amount: '12500.50', currency: 'EUR' },
      },
    });
    expect(annexRuleBodyOf(emptyAnnexRuleForm('SECURITY'))).toEqual({ annexCode: 'SECURITY', when: {} });
  });

  it('reads a rule back into the form and sends it unchanged', () => {
    const form = annexRuleFormOf(rule);
    expect(form).toMatchObject({ categoryPrefixes: '43, 8111', supplierCountriesExcept: 'FR, DE' });
    expect(annexRuleBodyOf(form)).toEqual({ annexCode: rule.annexCode, when: rule.when });
  });

  it('says when an annex applies, one phrase per criterion, every order without any', () => {
    const names = {
      flag: (flag: string) => `<${flag}>`,
      money: (amount: string, currency: string) => `${amount} ${currency}`,
    };
    expect(annexConditionPhrases(rule.when, names)).toEqual([
      { key: 'categories', values: { list: '43, 8111' } },
      { key: 'flags', values: { list: '<system_access>' } },
      { key: 'countriesExcept', values: { list: 'FR, DE' } },
      { key: 'minimum', values: { amount: '1000.00 EUR' } },
    ]);
    expect(annexConditionPhrases({}, names)).toEqual([{ key: 'always' }]);
    for (const messages of [fr, en])
      for (const key of ['always', 'categories', 'flags', 'countries', 'countriesExcept', 'minimum'])
        expect(messages.terms.rules.conditions).toHaveProperty(key);
  });

  it('places each failing criterion under its input, whatever its index', () => {
    const { byField, other } = annexRuleFieldErrors([
      { field: 'body.when.categoryPrefixes[1]', reason: 'must be 2 to 8 digits of a UNSPSC code' },
      { field: 'body.when.lineFlags.0', reason: 'must be one of on_site_work, system_access, personal_data' },
      { field: 'body.when.minimumNetAmount.currency', reason: 'must be an ISO 4217 currency code' },
      { field: 'body.annexCode', reason: 'must be the code of a published annex' },
      { field: 'body.version', reason: 'is 1, the rule is at version 2' },
      { field: 'body.when.colour', reason: 'Unrecognized key' },
    ]);
    expect(byField).toEqual({
      categoryPrefixes: ['must be 2 to 8 digits of a UNSPSC code'],
      lineFlags: ['must be one of on_site_work, system_access, personal_data'],
      minimumCurrency: ['must be an ISO 4217 currency code'],
      annexCode: ['must be the code of a published annex'],
      version: ['is 1, the rule is at version 2'],
    });
    expect(other.map((e) => e.field)).toEqual(['body.when.colour']);
  });
});
