// The terms documents an order carries: the published versions of the general purchasing terms
// (CGA) and of the annexes (append-only: a trigger refuses any change), and the rules that say which
// annexes go with which orders. Both are returned in the domain's own shapes for the order service.
import type { PurchasingDatabase } from '@procura/db';
import type { AnnexCondition, AnnexRule, TermsVersion, Translated } from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;

/** A published version as the API shows it: the domain's version and who published it, when. */
export interface TermsVersionView extends TermsVersion {
  publishedBy: { userId: string; name: string };
  publishedAt: string;
}

/** A version in a document's list: everything but its text. */
export type TermsVersionSummary = Omit<TermsVersionView, 'text'>;

function versionsQuery(db: Db) {
  return db
    .selectFrom('purchasing.terms_version')
    .select([
      'code',
      'version',
      'effective_on',
      'title',
      'published_by',
      'published_by_name',
      'published_at',
    ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['executeTakeFirstOrThrow']>>;

const summaryOf = (row: VersionRow): TermsVersionSummary => ({
  code: row.code,
  version: row.version,
  effectiveOn: row.effective_on,
  title: row.title as Translated,
  publishedBy: { userId: row.published_by, name: row.published_by_name },
  publishedAt: row.published_at.toISOString(),
});

/**
 * Every published version of the documents `codes` (of every document when left out), in the
 * domain's shape, ordered by code then version: what an order is issued with.
 */
export async function termsVersionsOf(db: Db, codes?: readonly string[]): Promise<TermsVersion[]> {
  if (codes?.length === 0) return [];
  let query = db
    .selectFrom('purchasing.terms_version')
    .select(['code', 'version', 'effective_on', 'title', 'text'])
    .orderBy('code')
    .orderBy('version');
  if (codes) query = query.where('code', 'in', [...codes]);
  const rows = await query.execute();
  return rows.map((row) => ({
    code: row.code,
    version: row.version,
    effectiveOn: row.effective_on,
    title: row.title as Translated,
    text: row.text as Translated,
  }));
}

/** Every published version without its text, ordered by code then version. */
export async function termsVersionSummaries(db: Db): Promise<TermsVersionSummary[]> {
  const rows = await versionsQuery(db).orderBy('code').orderBy('version').execute();
  return rows.map(summaryOf);
}

/** The versions of one document published so far, in the domain's shape (what a publication is checked against). */
export async function publishedVersionsOf(db: Db, code: string): Promise<TermsVersionSummary[]> {
  const rows = await versionsQuery(db).where('code', '=', code).orderBy('version').execute();
  return rows.map(summaryOf);
}

export async function findTermsVersion(
  db: Db,
  code: string,
  version: number,
): Promise<TermsVersionView | undefined> {
  const row = await versionsQuery(db)
    .select('text')
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && { ...summaryOf(row), text: row.text as Translated };
}

/** Serialises the publications of one document until the transaction ends. */
export async function lockTermsDocument(trx: Transaction<PurchasingDatabase>, code: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`procura.purchasing.terms.${code}`}))`.execute(trx);
}

export async function insertTermsVersion(
  trx: Transaction<PurchasingDatabase>,
  version: TermsVersion,
  publisher: { userId: string; name: string },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('purchasing.terms_version')
    .values({
      code: version.code,
      version: version.version,
      effective_on: version.effectiveOn,
      title: JSON.stringify({ fr: version.title.fr, en: version.title.en }),
      text: JSON.stringify({ fr: version.text.fr, en: version.text.en }),
      published_by: publisher.userId,
      published_by_name: publisher.name,
      published_at: now,
    })
    .execute();
}

/** A rule as the API shows it: the domain's rule, whether it applies, its version and who last changed it. */
export interface AnnexRuleView extends AnnexRule {
  active: boolean;
  version: number;
  updatedBy: { userId: string; displayName: string | null };
  updatedAt: string;
}

function rulesQuery(db: Db) {
  return db
    .selectFrom('purchasing.annex_rule as r')
    .leftJoin('purchasing.directory_user as u', 'u.user_id', 'r.updated_by')
    .select([
      'r.id',
      'r.annex_code',
      'r.conditions',
      'r.active',
      'r.version',
      'r.updated_by',
      'r.updated_at',
      'u.display_name as updated_by_name',
    ]);
}

type RuleRow = Awaited<ReturnType<ReturnType<typeof rulesQuery>['executeTakeFirstOrThrow']>>;

const ruleViewOf = (row: RuleRow): AnnexRuleView => ({
  id: row.id,
  annexCode: row.annex_code,
  when: row.conditions as AnnexCondition,
  active: row.active,
  version: row.version,
  updatedBy: { userId: row.updated_by, displayName: row.updated_by_name },
  updatedAt: row.updated_at.toISOString(),
});

/** The rules the order service selects annexes with: the active ones, by id. */
export async function activeAnnexRules(db: Db): Promise<AnnexRule[]> {
  const rows = await db
    .selectFrom('purchasing.annex_rule')
    .select(['id', 'annex_code', 'conditions'])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    annexCode: row.annex_code,
    when: row.conditions as AnnexCondition,
  }));
}

/** Every rule, active or not, by id. */
export async function annexRulesOf(db: Db): Promise<AnnexRuleView[]> {
  const rows = await rulesQuery(db).orderBy('r.id').execute();
  return rows.map(ruleViewOf);
}

export async function findAnnexRule(db: Db, id: string): Promise<AnnexRuleView | undefined> {
  const row = await rulesQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row && ruleViewOf(row);
}

/** Locks one rule's row until the transaction ends; false when there is no such rule. */
export async function lockAnnexRule(trx: Transaction<PurchasingDatabase>, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('purchasing.annex_rule')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts a rule at version 1; false (and nothing written) when a rule already has its id. */
export async function insertAnnexRule(
  trx: Transaction<PurchasingDatabase>,
  rule: {
    id: string;
    annexCode: string;
    when: AnnexCondition;
    active: boolean;
    updatedBy: string;
    now: Date;
  },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('purchasing.annex_rule')
    .values({
      id: rule.id,
      annex_code: rule.annexCode,
      conditions: JSON.stringify(rule.when),
      active: rule.active,
      updated_by: rule.updatedBy,
      updated_at: rule.now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Changes a rule (what it attaches and when, or whether it applies) and moves it to its next version. */
export async function updateAnnexRule(
  trx: Transaction<PurchasingDatabase>,
  id: string,
  change: { annexCode?: string; when?: AnnexCondition; active?: boolean; updatedBy: string; now: Date },
): Promise<void> {
  await trx
    .updateTable('purchasing.annex_rule')
    .set((eb) => ({
      ...(change.annexCode === undefined ? {} : { annex_code: change.annexCode }),
      ...(change.when === undefined ? {} : { conditions: JSON.stringify(change.when) }),
      ...(change.active === undefined ? {} : { active: change.active }),
      updated_by: change.updatedBy,
      updated_at: change.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}
