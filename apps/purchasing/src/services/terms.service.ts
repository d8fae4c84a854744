// An administrator publishes the general purchasing terms (CGA) and the annexes as versioned
// documents, and keeps the rules that attach the annexes to orders. A version is checked by the
// domain against those already published, under the document's lock, and never changes afterwards;
// a rule is checked against the annexes published, and changed at the version the caller read.
import type { PurchasingDatabase } from '@procura/db';
import {
  type AnnexCondition,
  annexRuleIssues,
  assertTermsVersionPublishable,
  buildPurchaseOrderDocument,
  calendarDate,
  type DocumentLanguage,
  DomainError,
  type FieldIssue,
  generalPurchasingTermsCode,
  isDomainError,
  type TermsVersion,
  type Translated,
  termsInForce,
  termsVersionIssues,
} from '@procura/domain';
import type { TIdentity } from '@procura/http';
import { checkTermsFitBackPage, renderPurchaseOrderPdf } from '@procura/pdf';
import { samplePurchaseOrder } from '@procura/pdf/samples';
import type { Kysely, Transaction } from 'kysely';
import {
  type AnnexRuleView,
  findAnnexRule,
  findTermsVersion,
  insertAnnexRule,
  insertTermsVersion,
  lockAnnexRule,
  lockTermsDocument,
  type TermsVersionSummary,
  type TermsVersionView,
  termsVersionSummaries,
  termsVersionsOf,
  updateAnnexRule,
} from '../repositories/terms.repository.js';

type Trx = Transaction<PurchasingDatabase>;
type Db = Kysely<PurchasingDatabase> | Trx;

/** The fields of a problem answer name the request body's fields, as the edge's own checks do. */
const inBody = (issues: readonly FieldIssue[]) => issues.map((i) => ({ ...i, field: `body.${i.field}` }));

/** Runs `check`, answering its field problems under the request body's names. */
function asBodyProblem<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isDomainError(error) || !Array.isArray(error.details)) throw error;
    throw new DomainError(error.code, error.message, inBody(error.details as FieldIssue[]));
  }
}

/** PostgreSQL's unique_violation raised by the named constraint. */
const isUniqueViolation = (error: unknown, constraint: string) =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  error.code === '23505' &&
  'constraint' in error &&
  error.constraint === constraint;

/** Where a version stands today: the one orders are issued with, one still to come, or one replaced. */
export type TermsVersionStatus = 'in_force' | 'upcoming' | 'superseded';

/** One document (the CGA, or an annex) with every version published, oldest first. */
export interface TermsDocumentView {
  code: string;
  kind: 'general_terms' | 'annex';
  /** The title of the latest version. */
  title: Translated;
  versions: (TermsVersionSummary & { status: TermsVersionStatus })[];
  /** The version orders issued today carry; null before the first takes effect. */
  inForce: number | null;
  /** The number the next version must have. */
  nextVersion: number;
}

/** The version of a document in force at `now`, by the domain's rule; null when none is yet. */
function versionInForce(versions: readonly TermsVersionSummary[], now: Date): number | null {
  try {
    // The rule looks at numbers and dates only: the summaries stand in for the full versions.
    return termsInForce(
      versions.map((v) => ({ ...v, text: v.title })),
      now,
    ).version;
  } catch (error) {
    if (isDomainError(error, 'terms_not_in_force')) return null;
    throw error;
  }
}

/** Every terms document with its versions and where each stands at `now`: the CGA first, then the annexes. */
export async function termsDocumentsOf(db: Db, now: Date): Promise<TermsDocumentView[]> {
  const byCode = new Map<string, TermsVersionSummary[]>();
  for (const version of await termsVersionSummaries(db))
    byCode.set(version.code, [...(byCode.get(version.code) ?? []), version]);
  const today = calendarDate(now);
  return [...byCode.entries()]
    .sort(([a], [b]) =>
      a === generalPurchasingTermsCode ? -1 : b === generalPurchasingTermsCode ? 1 : a < b ? -1 : 1,
    )
    .map(([code, versions]) => {
      const inForce = versionInForce(versions, now);
      const latest = versions[versions.length - 1] as TermsVersionSummary;
      return {
        code,
        kind: code === generalPurchasingTermsCode ? 'general_terms' : 'annex',
        title: latest.title,
        versions: versions.map((v) => ({
          ...v,
          status: v.version === inForce ? 'in_force' : v.effectiveOn > today ? 'upcoming' : 'superseded',
        })),
        inForce,
        nextVersion: latest.version + 1,
      };
    });
}

export async function termsVersionOf(db: Db, code: string, version: number): Promise<TermsVersionView> {
  const found = await findTermsVersion(db, code, version);
  if (!found) throw new DomainError('not_found', `Version ${version} of ${code} has not been published.`);
  return found;
}

/** What is wrong with a draft to preview: its fields, and for the CGA, whether it fits the back of a page. */
function checkDraft(draft: TermsVersion): void {
  const issues = termsVersionIssues(draft);
  if (issues.length > 0)
    throw new DomainError(
      'validation_failed',
      `Version ${draft.version} of ${draft.code} cannot be published.`,
      inBody(issues),
    );
  if (draft.code === generalPurchasingTermsCode) asBodyProblem(() => checkTermsFitBackPage(draft));
}

/**
 * Publishes `draft` as the next version of its document, taking effect no earlier than today (in
 * the company's time zone) nor than the latest version. Publishers of the same document wait for
 * each other: of two publishing the same version at once, the second is told it was taken.
 */
export async function publishTermsVersion(
  trx: Trx,
  caller: TIdentity,
  draft: TermsVersion,
  now: Date,
): Promise<TermsVersionView> {
  await lockTermsDocument(trx, draft.code);
  const published = await termsVersionsOf(trx, [draft.code]);
  const latest = published[published.length - 1];
  if (latest && draft.version <= latest.version)
    throw new DomainError(
      'conflict',
      `Version ${draft.version} of ${draft.code} has already been published: reload the terms and publish version ${latest.version + 1}.`,
      [{ field: 'body.version', reason: `is ${draft.version}, the next version is ${latest.version + 1}` }],
    );
  asBodyProblem(() => assertTermsVersionPublishable(published, draft, calendarDate(now)));
  if (draft.code === generalPurchasingTermsCode) asBodyProblem(() => checkTermsFitBackPage(draft));
  try {
    await insertTermsVersion(trx, draft, { userId: caller.userId, name: caller.displayName }, now);
  } catch (error) {
    // The lock makes this unreachable; the primary key would still keep a second row out.
    if (!isUniqueViolation(error, 'terms_version_pkey')) throw error;
    throw new DomainError(
      'conflict',
      `Version ${draft.version} of ${draft.code} has already been published.`,
      [{ field: 'body.version', reason: `is ${draft.version}, which has just been published` }],
    );
  }
  return termsVersionOf(trx, draft.code, draft.version);
}

/**
 * A sample order rendered with `draft` as it would print, before publishing it: on the back of each
 * page for the CGA, or as the annex after the CGA in force on the draft's effective day. The sample
 * order is issued that day, to a supplier writing `language`.
 */
export async function previewTermsVersion(
  db: Db,
  draft: TermsVersion,
  language: DocumentLanguage,
): Promise<Buffer> {
  checkDraft(draft);
  const issuedAt = new Date(`${draft.effectiveOn}T12:00:00Z`);
  const generalTerms =
    draft.code === generalPurchasingTermsCode
      ? draft
      : termsInForce(await termsVersionsOf(db, [generalPurchasingTermsCode]), issuedAt);
  const annexes = draft.code === generalPurchasingTermsCode ? [] : [draft];
  const order = buildPurchaseOrderDocument(
    { ...samplePurchaseOrder(3, language), issuedAt },
    { generalTerms, annexes },
  );
  return renderPurchaseOrderPdf(order);
}

/** What an administrator sets on an annex rule. */
export interface AnnexRuleContent {
  annexCode: string;
  when: AnnexCondition;
}

/**
 * Checks a rule as the domain does against the annexes published; an active rule must also name an
 * annex already in force, or the orders it selects could not be issued until then.
 */
async function checkRule(db: Db, id: string, content: AnnexRuleContent, active: boolean, now: Date) {
  const annexes = (await termsVersionSummaries(db)).filter((v) => v.code !== generalPurchasingTermsCode);
  const issues = annexRuleIssues({ id, ...content }, [...new Set(annexes.map((v) => v.code))]);
  const versions = annexes.filter((v) => v.code === content.annexCode);
  if (active && versions.length > 0 && versionInForce(versions, now) === null) {
    const first = versions[0] as TermsVersionSummary;
    issues.push({
      field: 'annexCode',
      reason: `has no version in force before ${first.effectiveOn}: save the rule inactive and activate it from that day`,
    });
  }
  if (issues.length > 0)
    throw new DomainError('validation_failed', `The annex rule ${id} is not valid.`, inBody(issues));
}

async function reread(db: Db, id: string): Promise<AnnexRuleView> {
  const rule = await findAnnexRule(db, id);
  if (!rule) throw new Error(`annex rule ${id} vanished inside its transaction`);
  return rule;
}

/** Rule `id`, locked, at the version the caller read. */
async function ruleToChange(trx: Trx, id: string, version: number): Promise<AnnexRuleView> {
  if (!(await lockAnnexRule(trx, id))) throw new DomainError('not_found', `Annex rule ${id} does not exist.`);
  const rule = await reread(trx, id);
  if (rule.version !== version)
    throw new DomainError(
      'conflict',
      `Annex rule ${id} was changed by someone else meanwhile: reload it and make your change again.`,
      [{ field: 'body.version', reason: `is ${version}, the rule is at version ${rule.version}` }],
    );
  return rule;
}

export async function createAnnexRule(
  trx: Trx,
  caller: TIdentity,
  rule: AnnexRuleContent & { id: string; active: boolean },
  now: Date,
): Promise<AnnexRuleView> {
  await checkRule(trx, rule.id, rule, rule.active, now);
  const inserted = await insertAnnexRule(trx, { ...rule, updatedBy: caller.userId, now });
  if (!inserted)
    throw new DomainError('conflict', `An annex rule named ${rule.id} already exists: choose another id.`, [
      { field: 'body.id', reason: 'is already the id of a rule' },
    ]);
  return reread(trx, rule.id);
}

/** Replaces which annex a rule attaches and when, at the version read; whether it applies is kept. */
export async function changeAnnexRule(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: AnnexRuleContent & { version: number },
  now: Date,
): Promise<AnnexRuleView> {
  const before = await ruleToChange(trx, id, change.version);
  await checkRule(trx, id, change, before.active, now);
  await updateAnnexRule(trx, id, {
    annexCode: change.annexCode,
    when: change.when,
    updatedBy: caller.userId,
    now,
  });
  return reread(trx, id);
}

/** Activates or deactivates a rule; orders already issued keep the annexes they carry. */
export async function setAnnexRuleActive(
  trx: Trx,
  caller: TIdentity,
  id: string,
  change: { version: number; active: boolean },
  now: Date,
): Promise<AnnexRuleView> {
  const before = await ruleToChange(trx, id, change.version);
  if (before.active === change.active)
    throw new DomainError(
      'invalid_state_transition',
      `Annex rule ${id} is already ${change.active ? 'active' : 'inactive'}.`,
    );
  if (change.active) await checkRule(trx, id, before, true, now);
  await updateAnnexRule(trx, id, { active: change.active, updatedBy: caller.userId, now });
  return reread(trx, id);
}
