import { calendarDate, companyTimeZone, isCalendarDate } from '../calendar/index.js';
import { DomainError, type FieldIssue } from '../errors/index.js';

/** The languages a purchase order and its terms are written in: the supplier's, French or English. */
export const documentLanguages = ['fr', 'en'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

export function isDocumentLanguage(value: unknown): value is DocumentLanguage {
  return value === 'fr' || value === 'en';
}

/** A text in every document language. */
export type Translated = Readonly<Record<DocumentLanguage, string>>;

/**
 * One published version of a terms document: the general purchasing terms (code `CGA`) printed on
 * the back of every front page, or an annex (`CONFIDENTIALITY`, `SECURITY`, ...) printed after them.
 * A version is never edited once published: a change is a new version with a later effective date,
 * and each order records the versions it was issued with.
 */
export interface TermsVersion {
  /** The document this is a version of: `CGA`, or an annex's code. */
  readonly code: string;
  /** 1, 2, 3... within the document. */
  readonly version: number;
  /** The first calendar day (in the company's time zone) an order may be issued under this version. */
  readonly effectiveOn: string;
  readonly title: Translated;
  /** Paragraphs separated by blank lines. */
  readonly text: Translated;
}

/** The code of the general purchasing terms (conditions générales d'achat). */
export const generalPurchasingTermsCode = 'CGA';

const codePattern = /^[A-Z][A-Z0-9_-]{1,39}$/;

/** What is wrong with a version about to be published, field by field; empty when nothing is. */
export function termsVersionIssues(version: TermsVersion): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!codePattern.test(version.code))
    issues.push({
      field: 'code',
      reason: 'must be 2 to 40 capitals, digits, "-" or "_", starting with a letter',
    });
  if (!Number.isInteger(version.version) || version.version < 1)
    issues.push({ field: 'version', reason: 'must be a whole number from 1' });
  if (!isCalendarDate(version.effectiveOn))
    issues.push({ field: 'effectiveOn', reason: 'must be a date such as 2026-01-01' });
  for (const language of documentLanguages) {
    if (version.title[language].trim() === '')
      issues.push({ field: `title.${language}`, reason: 'is required in every document language' });
    if (version.text[language].trim() === '')
      issues.push({ field: `text.${language}`, reason: 'is required in every document language' });
  }
  return issues;
}

/**
 * Checks that `draft` may be published after `published` (the versions of the same document so
 * far): it is the next version number, it takes effect no earlier than `today` and no earlier than
 * the latest version. So publishing never changes which version an order already issued carried.
 * Throws `validation_failed` naming each failing field.
 */
export function assertTermsVersionPublishable(
  published: readonly TermsVersion[],
  draft: TermsVersion,
  today: string,
): void {
  const issues = termsVersionIssues(draft);
  const latest = [...published].sort((a, b) => b.version - a.version)[0];
  if (published.some((version) => version.code !== draft.code))
    issues.push({ field: 'code', reason: 'must be the code of the document the versions belong to' });
  const expectedVersion = (latest?.version ?? 0) + 1;
  if (draft.version !== expectedVersion)
    issues.push({ field: 'version', reason: `must be ${expectedVersion}, the next version` });
  if (draft.effectiveOn < today)
    issues.push({ field: 'effectiveOn', reason: `must not be before today, ${today}` });
  else if (latest && draft.effectiveOn < latest.effectiveOn)
    issues.push({
      field: 'effectiveOn',
      reason: `must not be before ${latest.effectiveOn}, when version ${latest.version} took effect`,
    });
  if (issues.length > 0)
    throw new DomainError(
      'validation_failed',
      `Version ${draft.version} of ${draft.code} cannot be published.`,
      issues,
    );
}

/**
 * The version of one document in force when an order is issued at `issuedAt`: the one with the
 * latest effective day on or before the day of issue in `timeZone`, the highest version number
 * when two take effect the same day. Throws `terms_not_in_force` when none has taken effect yet,
 * and `validation_failed` when the versions belong to different documents.
 */
export function termsInForce(
  versions: readonly TermsVersion[],
  issuedAt: Date,
  timeZone: string = companyTimeZone,
): TermsVersion {
  const codes = new Set(versions.map((version) => version.code));
  if (codes.size > 1)
    throw new DomainError(
      'validation_failed',
      `Versions of several documents were mixed: ${[...codes].join(', ')}.`,
    );
  const day = calendarDate(issuedAt, timeZone);
  const inForce = versions
    .filter((version) => version.effectiveOn <= day)
    .sort((a, b) =>
      a.effectiveOn === b.effectiveOn ? b.version - a.version : a.effectiveOn < b.effectiveOn ? 1 : -1,
    )[0];
  if (!inForce) {
    const code = [...codes][0] ?? 'the terms document';
    throw new DomainError('terms_not_in_force', `No version of ${code} is in force on ${day}.`, {
      code,
      day,
    });
  }
  return inForce;
}
