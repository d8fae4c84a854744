import type { CatalogDatabase } from '@procura/db';
import {
  type ComplianceDocumentType,
  checkSupplierIdentity,
  complianceDocumentTypeNames,
  DomainError,
  type SupplierAction,
  supplierActions,
  supplierStatuses,
  validateBic,
  validateIban,
} from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  HttpProblem,
  identityOf,
  mayAccess,
  parseBody,
  parseParams,
  parseQuery,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import multer from 'multer';
import { z } from 'zod';
import { findComplianceDocumentContent } from '../repositories/compliance.repository.js';
import {
  findSupplierDetail,
  listStatusHistory,
  listSuppliers,
  type SupplierRecord,
  supplierExists,
} from '../repositories/supplier.repository.js';
import type { Actor } from '../services/actor.js';
import {
  bankAccountAsSeenBy,
  decidePendingBankAccount,
  enterBankAccount,
  supplierBankAccounts,
} from '../services/bank-account.service.js';
import {
  maxDocumentBytes,
  supplierCompliance,
  uploadComplianceDocument,
} from '../services/compliance.service.js';
import {
  changeSupplier,
  changeSupplierStatus,
  createSupplier,
  type SupplierChanges,
} from '../services/supplier.service.js';

// Who may do what with suppliers. Referencing is group-wide (ADR 0006): buyers and administrators
// reference and manage any supplier; accountants and auditors read. Bank details: buyers,
// accountants and administrators may enter them (AP often receives them first); only accountants
// and administrators verify or reject them — never the person who entered them — so the purchasing
// side alone can never redirect a payment. Everyone else sees IBANs masked. Compliance documents'
// content is for people only, not for API tokens.
const readSuppliers: Access = {
  roles: ['buyer', 'administrator', 'accountant', 'auditor'],
  scopes: ['read'],
};
const downloadComplianceDocuments: Access = {
  roles: ['buyer', 'administrator', 'accountant', 'auditor'],
  scopes: [],
};
const manageSuppliers: Access = { roles: ['buyer', 'administrator'], scopes: [] };
const enterBankDetails: Access = { roles: ['buyer', 'accountant', 'administrator'], scopes: [] };
const verifyBankDetails: Access = { roles: ['accountant', 'administrator'], scopes: [] };

const ZReason = z.string().trim().min(3, 'give the reason (3 characters at least)').max(500);
export const ZBlockSupplierBody = z.object({ reason: ZReason });
const ZOptionalReasonBody = z.object({ reason: ZReason.optional() });

/** Actions whose reason is required: those that stop or refuse something. */
const reasonRequired: Record<SupplierAction, boolean> = {
  submit: false,
  approve: false,
  reject: true,
  block: true,
  reinstate: true,
  archive: true,
};

const ZCountry = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as FR');
/** Inside a list entry (an address, a contact): left out, empty or null is null. */
const ZText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);
/** A field of the record: left out is undefined (keeps the stored value on a change); empty or null is null. */
const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

const ZAllowedEntities = z
  .array(
    z.object({
      entityId: z.uuid({ error: 'must be a UUID' }),
      /** Empty: every site of the entity. */
      siteIds: z.array(z.uuid({ error: 'must be a UUID' })).default([]),
    }),
  )
  .max(100)
  .superRefine((entities, ctx) => {
    const entityIds = new Set<string>();
    entities.forEach((entity, i) => {
      if (entityIds.has(entity.entityId))
        ctx.addIssue({ code: 'custom', path: [i, 'entityId'], message: 'lists this entity twice' });
      entityIds.add(entity.entityId);
      const siteIds = new Set<string>();
      entity.siteIds.forEach((siteId, j) => {
        if (siteIds.has(siteId))
          ctx.addIssue({ code: 'custom', path: [i, 'siteIds', j], message: 'lists this site twice' });
        siteIds.add(siteId);
      });
    });
  });
const ZDay = z.iso.date({ error: 'must be a date such as 2026-11-23' });

/**
 * A supplier's record. Fields with a default take it on creation only: on a change, a field left out
 * keeps its stored value (null clears a nullable one).
 */
const ZSupplierFields = z.object({
  name: z.string().trim().min(2, 'must have 2 characters at least').max(200),
  legalForm: ZOptionalText(40),
  country: ZCountry,
  siren: ZOptionalText(20),
  siret: ZOptionalText(30),
  vatNumber: ZOptionalText(30),
  duns: ZOptionalText(20),
  languages: z
    .array(z.enum(['fr', 'en']))
    .min(1, 'give at least one language')
    .max(2)
    .optional(),
  paymentTermsDays: z.number().int().min(0).max(60, 'must not exceed 60 days (LME)').optional(),
  orderEmail: z
    .email({ error: 'must be an e-mail address' })
    .nullish()
    .transform((v) => (v === undefined ? undefined : v)),
  /** The Peppol endpoint e-invoices come from: ISO 6523 ICD scheme (0009 SIRET, 0225 SIREN...) and id. */
  electronicAddress: z
    .object({
      scheme: z.string().regex(/^[0-9]{4}$/, 'must be a 4-digit ISO 6523 scheme such as 0009'),
      value: z.string().trim().min(1).max(100),
    })
    .nullish()
    .transform((v) => (v === undefined ? undefined : v)),
  addresses: z
    .array(
      z.object({
        kind: z.enum(['registered_office', 'ordering', 'remittance']),
        line1: z.string().trim().min(1).max(200),
        line2: ZText(200),
        postalCode: z.string().trim().min(1).max(20),
        city: z.string().trim().min(1).max(100),
        country: ZCountry,
      }),
    )
    .max(20)
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        email: z.email({ error: 'must be an e-mail address' }),
        phone: ZText(40),
        role: z.enum(['sales', 'accounts', 'compliance', 'management', 'other']),
        complianceContact: z.boolean().default(false),
      }),
    )
    .max(50)
    .refine((contacts) => contacts.filter((c) => c.complianceContact).length <= 1, {
      message: 'only one contact may be the compliance contact',
    })
    .optional(),
  categoryCodes: z
    .array(z.string().regex(/^\d{8}$/, 'must be an 8-digit UNSPSC code'))
    .max(500)
    .transform((codes) => [...new Set(codes)])
    .optional(),
  allowedEntities: ZAllowedEntities.optional(),
  responsibleBuyer: z
    .object({ userId: z.uuid(), displayName: z.string().trim().min(1).max(200), email: z.email() })
    .nullish(),
  yearlySpend: z
    .object({
      amount: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'must be a decimal amount such as 12000.00'),
      currency: z.literal('EUR', { error: 'must be EUR' }),
      source: z.string().trim().min(3, 'say where the figure comes from').max(200),
    })
    .nullish(),
});

export const ZSupplierBody = ZSupplierFields.superRefine((body, ctx) => {
  // The domain's identifier rules (SIRET Luhn, VAT format of the country, DUNS), named by field.
  const identity = checkSupplierIdentity(body);
  if (!identity.ok)
    for (const issue of identity.issues)
      ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.reason });
});
/** A change: the identity is checked on the stored record with the change applied, by the service. */
export const ZSupplierChangeBody = ZSupplierFields;
export type TSupplierBody = z.infer<typeof ZSupplierFields>;

export const ZSupplierListQuery = z.object({
  status: z.enum(supplierStatuses).optional(),
  name: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

const ZBankAccountBody = z.object({
  iban: z.string().superRefine((value, ctx) => {
    const result = validateIban(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  }),
  bic: z.string().superRefine((value, ctx) => {
    const result = validateBic(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  }),
  accountHolder: z.string().trim().min(2).max(140),
});

const ZAccountParams = z.object({
  id: z.uuid({ error: 'must be a UUID' }),
  accountId: z.uuid({ error: 'must be a UUID' }),
});
const ZDocumentParams = z.object({
  id: z.uuid({ error: 'must be a UUID' }),
  documentId: z.uuid({ error: 'must be a UUID' }),
});

const ZDocumentFields = z.object({
  type: z.enum(complianceDocumentTypeNames as [ComplianceDocumentType, ...ComplianceDocumentType[]]),
  issuedOn: ZDay,
  expiresOn: ZDay.optional().or(z.literal('').transform(() => undefined)),
});

const actorOf = (identity: TIdentity): Actor => ({ id: identity.userId, name: identity.displayName });
const viewerOf = (identity: TIdentity) => ({
  userId: identity.userId,
  mayVerifyBankDetails: mayAccess(identity, verifyBankDetails),
});

/** A new supplier's record: the defaults, and the caller as its responsible buyer when they are one. */
function newRecord(body: TSupplierBody, caller: TIdentity): SupplierRecord {
  const callerAsBuyer =
    caller.kind === 'user' && caller.roles.includes('buyer') && caller.email
      ? { userId: caller.userId, displayName: caller.displayName, email: caller.email }
      : null;
  return {
    name: body.name,
    legalForm: body.legalForm ?? null,
    country: body.country,
    siren: body.siren ?? null,
    siret: body.siret ?? null,
    vatNumber: body.vatNumber ?? null,
    duns: body.duns ?? null,
    languages: body.languages ?? ['fr'],
    paymentTermsDays: body.paymentTermsDays ?? 30,
    orderEmail: body.orderEmail ?? null,
    electronicAddress: body.electronicAddress ?? null,
    addresses: body.addresses ?? [],
    contacts: body.contacts ?? [],
    categoryCodes: body.categoryCodes ?? [],
    allowedEntities: body.allowedEntities ?? [],
    responsibleBuyer: body.responsibleBuyer === undefined ? callerAsBuyer : body.responsibleBuyer,
    yearlySpend: body.yearlySpend
      ? { amount: body.yearlySpend.amount, source: body.yearlySpend.source }
      : { amount: '0', source: null },
  };
}

/** A change of record: what was left out stays as stored; a null yearly spend clears it to 0. */
function changesOf(body: TSupplierBody): SupplierChanges {
  const { yearlySpend, ...rest } = body;
  return {
    ...rest,
    yearlySpend:
      yearlySpend === undefined
        ? undefined
        : yearlySpend === null
          ? { amount: '0', source: null }
          : { amount: yearlySpend.amount, source: yearlySpend.source },
  };
}

/** One multipart file in the field `file`, at most 10 MB; a bigger one is a 413 before it is read whole. */
const documentUpload: RequestHandler = (req, res, next) => {
  multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxDocumentBytes, files: 1, fields: 10 },
  }).single('file')(req, res, (error: unknown) => {
    if (!error) return next();
    if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE')
      return next(
        new DomainError('payload_too_large', 'A document may not exceed 10 MB.', [
          { field: 'body.file', reason: 'is larger than 10 MB' },
        ]),
      );
    if (error instanceof multer.MulterError)
      return next(
        new HttpProblem(400, 'validation_failed', 'The upload is not valid.', [
          { field: `body.${error.field ?? 'file'}`, reason: error.message },
        ]),
      );
    next(error);
  });
};

export function supplierRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  routes.get('/', readSuppliers, async (req, res) => {
    const query = parseQuery(ZSupplierListQuery, req);
    const { suppliers, total } = await listSuppliers(db, query);
    res.json({ suppliers, total, page: query.page, pageSize: query.pageSize });
  });

  routes.post('/', manageSuppliers, async (req, res) => {
    const body = parseBody(ZSupplierBody, req);
    const caller = identityOf(res);
    const supplier = await createSupplier(db, {
      record: newRecord(body, caller),
      actor: actorOf(caller),
      now: new Date(),
    });
    res.status(201).location(`/api/v1/catalog/suppliers/${supplier.id}`).json(supplier);
  });

  routes.get('/:id', readSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const [supplier, bank, compliance] = await Promise.all([
      findSupplierDetail(db, id),
      supplierBankAccounts(db, id),
      supplierCompliance(db, id, new Date()),
    ]);
    if (!supplier || !compliance) throw new DomainError('not_found', `Supplier ${id} does not exist.`);
    const { documents: _documents, ...complianceSummary } = compliance;
    const shown = bankAccountAsSeenBy(viewerOf(identityOf(res)));
    res.json({
      ...supplier,
      currentBankAccount: bank.current && shown(bank.current),
      pendingBankAccount: bank.pending && shown(bank.pending),
      compliance: complianceSummary,
    });
  });

  routes.put('/:id', manageSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const body = parseBody(ZSupplierChangeBody, req);
    const caller = identityOf(res);
    res.json(
      await changeSupplier(db, {
        supplierId: id,
        changes: changesOf(body),
        actor: actorOf(caller),
        now: new Date(),
      }),
    );
  });

  for (const action of supplierActions) {
    routes.post(`/:id/${action}`, manageSuppliers, async (req, res) => {
      const { id } = parseParams(ZIdParams, req);
      const { reason } = parseBody(reasonRequired[action] ? ZBlockSupplierBody : ZOptionalReasonBody, req);
      const supplier = await changeSupplierStatus(db, {
        supplierId: id,
        action,
        reason: reason ?? null,
        actor: actorOf(identityOf(res)),
        now: new Date(),
      });
      res.json(supplier);
    });
  }

  routes.get('/:id/history', readSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    if (!(await supplierExists(db, id))) throw new DomainError('not_found', `Supplier ${id} does not exist.`);
    res.json({ history: await listStatusHistory(db, id) });
  });

  // Bank accounts.

  routes.get('/:id/bank-accounts', readSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    if (!(await supplierExists(db, id))) throw new DomainError('not_found', `Supplier ${id} does not exist.`);
    const bank = await supplierBankAccounts(db, id);
    const shown = bankAccountAsSeenBy(viewerOf(identityOf(res)));
    res.json({
      current: bank.current && shown(bank.current),
      pending: bank.pending && shown(bank.pending),
      accounts: bank.accounts.map(shown),
    });
  });

  routes.post('/:id/bank-accounts', enterBankDetails, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const body = parseBody(ZBankAccountBody, req);
    const account = await enterBankAccount(db, {
      supplierId: id,
      ...body,
      actor: actorOf(identityOf(res)),
      now: new Date(),
    });
    res.status(201).json(account);
  });

  for (const decision of ['verify', 'reject'] as const) {
    routes.post(`/:id/bank-accounts/:accountId/${decision}`, verifyBankDetails, async (req, res) => {
      const { id, accountId } = parseParams(ZAccountParams, req);
      const { reason } = parseBody(decision === 'reject' ? ZBlockSupplierBody : ZOptionalReasonBody, req);
      const account = await decidePendingBankAccount(db, {
        supplierId: id,
        accountId,
        decision,
        reason: reason ?? null,
        actor: actorOf(identityOf(res)),
        now: new Date(),
      });
      res.json(account);
    });
  }

  // Compliance documents.

  routes.get('/:id/compliance', readSuppliers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const compliance = await supplierCompliance(db, id, new Date());
    if (!compliance) throw new DomainError('not_found', `Supplier ${id} does not exist.`);
    res.json(compliance);
  });

  routes.post('/:id/compliance-documents', manageSuppliers, documentUpload, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const fields = parseBody(ZDocumentFields, req);
    if (!req.file) {
      throw new HttpProblem(400, 'validation_failed', 'Attach the document as multipart field "file".', [
        { field: 'body.file', reason: 'is required' },
      ]);
    }
    const document = await uploadComplianceDocument(db, {
      supplierId: id,
      type: fields.type,
      issuedOn: fields.issuedOn,
      expiresOn: fields.expiresOn ?? null,
      fileName: req.file.originalname.slice(0, 200) || 'document',
      content: req.file.buffer,
      actor: actorOf(identityOf(res)),
      now: new Date(),
    });
    res.status(201).json(document);
  });

  routes.get(
    '/:id/compliance-documents/:documentId/content',
    downloadComplianceDocuments,
    async (req, res) => {
      const { id, documentId } = parseParams(ZDocumentParams, req);
      const document = await findComplianceDocumentContent(db, id, documentId);
      if (!document) throw new DomainError('not_found', `Document ${documentId} does not exist.`);
      // Served as a download of the type recorded at upload, never rendered inline.
      const asciiName = document.file_name.replace(/[^\w.-]+/g, '_');
      res.setHeader('Content-Type', document.content_type);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(document.file_name)}`,
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Digest', `sha-256=${Buffer.from(document.sha256, 'hex').toString('base64')}`);
      res.send(document.content);
    },
  );

  return routes;
}
