import { createHash } from 'node:crypto';
import type { CatalogDatabase } from '@procura/db';
import {
  assessCompliance,
  type ComplianceAssessment,
  type ComplianceDocumentType,
  calendarDate,
  complianceAllowsOrders,
  complianceReason,
  DomainError,
  daysBetween,
  detectDocumentContentType,
  documentExpiry,
  dueReminderThreshold,
  requiredComplianceDocuments,
} from '@procura/domain';
import { recordEvent } from '@procura/events';
import type { Logger } from '@procura/http';
import type { Mailer } from '@procura/mail';
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type ComplianceDocumentSummary,
  type CompliancePolicySettings,
  findCompliancePolicy,
  insertComplianceDocument,
  listComplianceDocuments,
  saveCompliancePolicy,
} from '../repositories/compliance.repository.js';
import { lockSupplier, recordStatusHistory } from '../repositories/supplier.repository.js';
import type { Actor } from './actor.js';
import { complianceReminderMail } from './compliance-mail.js';

/** Compliance is judged by calendar day, in UTC. */

/** Largest document accepted, in bytes. */
export const maxDocumentBytes = 10 * 1024 * 1024;

const systemActor = 'Procura (compliance check)';

async function complianceInputs(
  db: Kysely<CatalogDatabase> | Transaction<CatalogDatabase>,
  supplierId: string,
) {
  const supplier = await db
    .selectFrom('catalog.supplier')
    .select([
      'id',
      'name',
      'country',
      'yearly_spend',
      'status',
      'compliance_status',
      'compliance_hold',
      'compliance_reason',
    ])
    .where('id', '=', supplierId)
    .executeTakeFirst();
  if (!supplier) return undefined;
  const [categories, documents] = await Promise.all([
    db
      .selectFrom('catalog.supplier_category')
      .select('category_code')
      .where('supplier_id', '=', supplierId)
      .execute(),
    db
      .selectFrom('catalog.compliance_document')
      .select(['type', 'issued_on', 'expires_on'])
      .where('supplier_id', '=', supplierId)
      .execute(),
  ]);
  const required = requiredComplianceDocuments({
    country: supplier.country,
    categoryCodes: categories.map((c) => c.category_code),
    yearlySpend: supplier.yearly_spend,
  });
  return { supplier, required, documents };
}

export interface SupplierCompliance {
  status: ComplianceAssessment['status'];
  reason: string | null;
  /** The policy is `block` and the supplier is non-compliant: no new orders. */
  hold: boolean;
  policy: CompliancePolicySettings['onNonCompliance'];
  required: { type: ComplianceDocumentType; reason: string }[];
  missing: ComplianceDocumentType[];
  expired: ComplianceDocumentType[];
  expiring: ComplianceDocumentType[];
  documents: ComplianceDocumentSummary[];
}

/** The supplier's compliance as of `now`, with the documents held (without their content). */
export async function supplierCompliance(
  db: Kysely<CatalogDatabase>,
  supplierId: string,
  now: Date,
): Promise<SupplierCompliance | undefined> {
  const inputs = await complianceInputs(db, supplierId);
  if (!inputs) return undefined;
  const policy = await findCompliancePolicy(db);
  const assessment = assessCompliance({
    required: inputs.required.map((r) => r.type),
    documents: inputs.documents.map((d) => ({
      type: d.type as ComplianceDocumentType,
      issuedOn: d.issued_on,
      expiresOn: d.expires_on,
    })),
    today: calendarDate(now),
    expiringWithinDays: policy.expiringWithinDays,
  });
  return {
    ...assessment,
    reason: complianceReason(assessment),
    hold: !complianceAllowsOrders(assessment.status, policy.onNonCompliance),
    policy: policy.onNonCompliance,
    required: inputs.required,
    documents: await listComplianceDocuments(db, supplierId),
  };
}

/**
 * Recomputes a supplier's compliance status and hold and stores them; when either changes, records
 * it in the history and tells purchasing (`catalog.supplier.compliance-changed`). Resolves with
 * whether anything changed. Call inside the transaction that changed documents, rules or policy.
 * `announce: false` (the demo loader's initial state) records it without history or event.
 */
export async function refreshSupplierCompliance(
  trx: Transaction<CatalogDatabase>,
  supplierId: string,
  now: Date,
  options: { announce: boolean } = { announce: true },
): Promise<boolean> {
  await sql`select 1 from catalog.supplier where id = ${supplierId} for update`.execute(trx);
  const inputs = await complianceInputs(trx, supplierId);
  if (!inputs) return false;
  const policy = await findCompliancePolicy(trx);
  const assessment = assessCompliance({
    required: inputs.required.map((r) => r.type),
    documents: inputs.documents.map((d) => ({
      type: d.type as ComplianceDocumentType,
      issuedOn: d.issued_on,
      expiresOn: d.expires_on,
    })),
    today: calendarDate(now),
    expiringWithinDays: policy.expiringWithinDays,
  });
  const hold = !complianceAllowsOrders(assessment.status, policy.onNonCompliance);
  const reason = complianceReason(assessment);
  const { supplier } = inputs;
  await trx
    .updateTable('catalog.supplier')
    .set({
      compliance_status: assessment.status,
      compliance_hold: hold,
      compliance_reason: reason,
      compliance_checked_at: now,
    })
    .where('id', '=', supplierId)
    .execute();
  const changed = supplier.compliance_status !== assessment.status || supplier.compliance_hold !== hold;
  if (!changed || !options.announce) return changed;
  if (supplier.compliance_hold !== hold) {
    await recordStatusHistory(trx, {
      supplierId,
      action: hold ? 'compliance_hold' : 'compliance_release',
      fromStatus: supplier.status,
      toStatus: supplier.status,
      reason: reason ?? 'Compliance documents in order',
      actorId: null,
      actorName: systemActor,
      occurredAt: now,
    });
  }
  await recordEvent(trx, 'catalog', {
    type: 'catalog.supplier.compliance-changed',
    aggregateId: supplierId,
    payload: {
      supplierId,
      supplierName: supplier.name,
      complianceStatus: assessment.status,
      orderable: !hold,
      reason,
      changedAt: now.toISOString(),
    },
  });
  return true;
}

/**
 * Stores an uploaded compliance document: its type is judged by its first bytes (PDF, PNG, JPEG),
 * never by its name or the browser's word; its SHA-256 is kept to prove what was received.
 */
export async function uploadComplianceDocument(
  db: Kysely<CatalogDatabase>,
  command: {
    supplierId: string;
    type: ComplianceDocumentType;
    issuedOn: string;
    expiresOn: string | null;
    fileName: string;
    content: Buffer;
    actor: Actor;
    now: Date;
  },
): Promise<ComplianceDocumentSummary> {
  if (command.content.length > maxDocumentBytes) {
    const message = `A document may not exceed ${maxDocumentBytes / 1024 / 1024} MB.`;
    throw new DomainError('payload_too_large', message, [{ field: 'body.file', reason: message }]);
  }
  const contentType = detectDocumentContentType(command.content);
  if (!contentType) {
    const message = 'Only PDF, PNG and JPEG files are accepted.';
    throw new DomainError('unsupported_media_type', message, [{ field: 'body.file', reason: message }]);
  }
  if (daysBetween(calendarDate(command.now), command.issuedOn) > 0) {
    throw new DomainError('validation_failed', 'A document cannot be issued in the future.', [
      { field: 'issuedOn', reason: 'must not be after today' },
    ]);
  }
  const expiresOn = documentExpiry(command);
  const sha256 = createHash('sha256').update(command.content).digest('hex');
  return db.transaction().execute(async (trx) => {
    const supplier = await lockSupplier(trx, command.supplierId);
    if (!supplier) throw new DomainError('not_found', `Supplier ${command.supplierId} does not exist.`);
    const document = await insertComplianceDocument(trx, {
      supplierId: supplier.id,
      type: command.type,
      issuedOn: command.issuedOn,
      expiresOn,
      fileName: command.fileName,
      contentType,
      content: command.content,
      sha256,
      uploadedBy: command.actor,
      uploadedAt: command.now,
    });
    await refreshSupplierCompliance(trx, supplier.id, command.now);
    return document;
  });
}

/** Changes the company's policy and applies it to every supplier at once. */
export async function changeCompliancePolicy(
  db: Kysely<CatalogDatabase>,
  command: Omit<CompliancePolicySettings, 'updatedAt'> & { actor: Actor; now: Date },
): Promise<CompliancePolicySettings> {
  await db.transaction().execute(async (trx) => {
    await saveCompliancePolicy(trx, { ...command, updatedBy: command.actor.id, updatedAt: command.now });
    const suppliers = await trx
      .selectFrom('catalog.supplier')
      .select('id')
      .where('status', '<>', 'archived')
      .execute();
    for (const { id } of suppliers) await refreshSupplierCompliance(trx, id, command.now);
  });
  return findCompliancePolicy(db);
}

export interface DailyCheckResult {
  day: string;
  suppliersChanged: number;
  remindersSent: number;
  reminderFailures: number;
}

/**
 * The daily compliance job: applies expiry (recomputes every supplier's status, telling purchasing
 * of each change), then reminds the compliance contact and the responsible buyer of each required
 * document expiring within a threshold (30 and 7 days by default) — once per document and
 * threshold. A reminder is claimed under a unique key in a short transaction, sent after the commit
 * (no transaction stays open while an SMTP server answers), then marked sent; a failed send
 * releases the claim, so the next run tries again. A claim left by a process that died before
 * sending is taken over after an hour.
 */
export async function runDailyComplianceCheck(
  deps: { db: Kysely<CatalogDatabase>; mailer: Mailer | undefined; logger: Logger },
  now: Date,
): Promise<DailyCheckResult> {
  const { db, logger } = deps;
  const day = calendarDate(now);
  const suppliers = await db
    .selectFrom('catalog.supplier')
    .select('id')
    .where('status', '<>', 'archived')
    .execute();
  let suppliersChanged = 0;
  for (const { id } of suppliers) {
    if (await db.transaction().execute((trx) => refreshSupplierCompliance(trx, id, now))) suppliersChanged++;
  }

  const policy = await findCompliancePolicy(db);
  const horizon = Math.max(0, ...policy.reminderDays);
  // The document of each supplier and type that is valid the longest, expiring within the horizon.
  const candidates = await sql<{
    document_id: string;
    supplier_id: string;
    type: ComplianceDocumentType;
    expires_on: string;
  }>`
    select d.id as document_id, d.supplier_id, d.type, d.expires_on::text as expires_on
    from catalog.compliance_document d
    join catalog.supplier s on s.id = d.supplier_id and s.status in ('active', 'blocked', 'pending_approval')
    where d.expires_on between ${day}::date and ${day}::date + ${horizon}::int
      and not exists (
        select 1 from catalog.compliance_document later
        where later.supplier_id = d.supplier_id and later.type = d.type
          and (later.expires_on is null or later.expires_on > d.expires_on))
    order by d.expires_on, d.id`.execute(db);

  let remindersSent = 0;
  let reminderFailures = 0;
  for (const candidate of candidates.rows) {
    const daysLeft = daysBetween(day, candidate.expires_on);
    const threshold = dueReminderThreshold(daysLeft, policy.reminderDays);
    if (threshold === undefined) continue;
    if (!deps.mailer) {
      logger.warn({ documentId: candidate.document_id }, 'compliance reminder due but no SMTP_URL is set');
      continue;
    }
    const mailer = deps.mailer;
    const key = { documentId: candidate.document_id, threshold };
    let reminder: { to: string[]; cc: string[]; language: 'fr' | 'en'; subject: string; text: string };
    try {
      const claimed = await claimReminder(db, candidate, threshold, daysLeft);
      if (!claimed) continue;
      reminder = claimed;
    } catch (error) {
      reminderFailures++;
      logger.error({ err: error, ...key }, 'compliance reminder not claimed; will retry');
      continue;
    }
    try {
      await mailer.send(reminder);
    } catch (error) {
      reminderFailures++;
      logger.error({ err: error, ...key }, 'compliance reminder not sent; will retry');
      await releaseReminder(db, candidate.document_id, threshold).catch((releaseError: unknown) =>
        logger.error({ err: releaseError, ...key }, 'compliance reminder claim not released'),
      );
      continue;
    }
    await db
      .updateTable('catalog.compliance_reminder')
      .set({ sent_at: sql<Date>`now()` })
      .where('document_id', '=', candidate.document_id)
      .where('threshold_days', '=', threshold)
      .execute();
    remindersSent++;
  }
  logger.info({ day, suppliersChanged, remindersSent, reminderFailures }, 'daily compliance check done');
  return { day, suppliersChanged, remindersSent, reminderFailures };
}

/**
 * Claims the reminder of a document at a threshold and composes it, in one short transaction;
 * undefined when the document is no longer required, nobody can receive it, or it is claimed or
 * sent already. A claim older than an hour and never sent (its process died) may be taken over.
 */
async function claimReminder(
  db: Kysely<CatalogDatabase>,
  candidate: { document_id: string; supplier_id: string; type: ComplianceDocumentType; expires_on: string },
  threshold: number,
  daysLeft: number,
) {
  return db.transaction().execute(async (trx) => {
    const inputs = await complianceInputs(trx, candidate.supplier_id);
    if (!inputs?.required.some((r) => r.type === candidate.type)) return undefined;
    const supplier = await trx
      .selectFrom('catalog.supplier')
      .select(['name', 'languages', 'responsible_buyer_name', 'responsible_buyer_email'])
      .where('id', '=', candidate.supplier_id)
      .executeTakeFirstOrThrow();
    const contact = await trx
      .selectFrom('catalog.supplier_contact')
      .select('email')
      .where('supplier_id', '=', candidate.supplier_id)
      .where('is_compliance_contact', '=', true)
      .executeTakeFirst();
    const to = contact ? [contact.email] : [];
    const cc = supplier.responsible_buyer_email ? [supplier.responsible_buyer_email] : [];
    if (to.length + cc.length === 0) return undefined;
    const claimed = await trx
      .insertInto('catalog.compliance_reminder')
      .values({
        document_id: candidate.document_id,
        threshold_days: threshold,
        claimed_at: sql<Date>`now()`,
        sent_at: null,
        recipients: [...to, ...cc],
      })
      .onConflict((oc) =>
        oc
          .columns(['document_id', 'threshold_days'])
          .doUpdateSet((eb) => ({
            claimed_at: eb.ref('excluded.claimed_at'),
            recipients: eb.ref('excluded.recipients'),
          }))
          .where(
            sql<boolean>`catalog.compliance_reminder.sent_at is null
              and catalog.compliance_reminder.claimed_at < now() - interval '1 hour'`,
          ),
      )
      .returning('document_id')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const language: 'fr' | 'en' = supplier.languages[0] === 'fr' ? 'fr' : 'en';
    const mail = complianceReminderMail({
      language,
      supplierName: supplier.name,
      documentType: candidate.type,
      expiresOn: candidate.expires_on,
      daysLeft,
      buyerName: supplier.responsible_buyer_name,
    });
    return { to: to.length > 0 ? to : cc, cc: to.length > 0 ? cc : [], language, ...mail };
  });
}

/** Gives a claimed, unsent reminder back, so that the next run sends it. */
async function releaseReminder(db: Kysely<CatalogDatabase>, documentId: string, threshold: number) {
  await db
    .deleteFrom('catalog.compliance_reminder')
    .where('document_id', '=', documentId)
    .where('threshold_days', '=', threshold)
    .where('sent_at', 'is', null)
    .execute();
}
