import type { CatalogDatabase } from '@procura/db';
import type { ComplianceDocumentType, CompliancePolicy } from '@procura/domain';
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;

export interface CompliancePolicySettings {
  onNonCompliance: CompliancePolicy;
  expiringWithinDays: number;
  reminderDays: number[];
  updatedAt: string;
}

export async function findCompliancePolicy(db: Db): Promise<CompliancePolicySettings> {
  const row = await db.selectFrom('catalog.compliance_policy').selectAll().executeTakeFirstOrThrow();
  return {
    onNonCompliance: row.on_non_compliance,
    expiringWithinDays: row.expiring_within_days,
    reminderDays: [...row.reminder_days].sort((a, b) => b - a),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function saveCompliancePolicy(
  trx: Transaction<CatalogDatabase>,
  policy: Omit<CompliancePolicySettings, 'updatedAt'> & { updatedBy: string; updatedAt: Date },
): Promise<void> {
  await trx
    .updateTable('catalog.compliance_policy')
    .set({
      on_non_compliance: policy.onNonCompliance,
      expiring_within_days: policy.expiringWithinDays,
      reminder_days: policy.reminderDays,
      updated_by: policy.updatedBy,
      updated_at: policy.updatedAt,
    })
    .execute();
}

export interface ComplianceDocumentSummary {
  id: string;
  type: ComplianceDocumentType;
  issuedOn: string;
  expiresOn: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: { userId: string; displayName: string };
  uploadedAt: string;
}

const documentColumns = [
  'id',
  'type',
  'issued_on',
  'expires_on',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'uploaded_by',
  'uploaded_by_name',
  'uploaded_at',
] as const;

function toDocument(row: {
  id: string;
  type: string;
  issued_on: string;
  expires_on: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: Date;
}): ComplianceDocumentSummary {
  return {
    id: row.id,
    type: row.type as ComplianceDocumentType,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: { userId: row.uploaded_by, displayName: row.uploaded_by_name },
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

export async function listComplianceDocuments(
  db: Db,
  supplierId: string,
): Promise<ComplianceDocumentSummary[]> {
  const rows = await db
    .selectFrom('catalog.compliance_document')
    .select(documentColumns)
    .where('supplier_id', '=', supplierId)
    .orderBy('type')
    .orderBy('expires_on', (ob) => ob.desc().nullsFirst())
    .orderBy('uploaded_at', 'desc')
    .execute();
  return rows.map(toDocument);
}

export async function insertComplianceDocument(
  trx: Transaction<CatalogDatabase>,
  document: {
    supplierId: string;
    type: ComplianceDocumentType;
    issuedOn: string;
    expiresOn: string | null;
    fileName: string;
    contentType: string;
    content: Buffer;
    sha256: string;
    uploadedBy: { id: string; name: string };
    uploadedAt: Date;
  },
): Promise<ComplianceDocumentSummary> {
  const row = await trx
    .insertInto('catalog.compliance_document')
    .values({
      supplier_id: document.supplierId,
      type: document.type,
      issued_on: document.issuedOn,
      expires_on: document.expiresOn,
      file_name: document.fileName,
      content_type: document.contentType,
      size_bytes: document.content.length,
      sha256: document.sha256,
      content: document.content,
      uploaded_by: document.uploadedBy.id,
      uploaded_by_name: document.uploadedBy.name,
      uploaded_at: document.uploadedAt,
    })
    .returning(documentColumns)
    .executeTakeFirstOrThrow();
  return toDocument(row);
}

export async function findComplianceDocumentContent(db: Db, supplierId: string, documentId: string) {
  return db
    .selectFrom('catalog.compliance_document')
    .select(['file_name', 'content_type', 'content', 'sha256'])
    .where('supplier_id', '=', supplierId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}
