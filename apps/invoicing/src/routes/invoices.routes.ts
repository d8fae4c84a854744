import type { InvoicingDatabase } from '@procura/db';
import { DomainError, reformInvoiceStatuses } from '@procura/domain';
import { type EInvoiceLimits, resolveLimits } from '@procura/einvoice';
import {
  type Access,
  ApiRoutes,
  identityOf,
  type Problem,
  parseParams,
  parseQuery,
  sendProblem,
  type TIdentity,
  toProblem,
  ZIdParams,
} from '@procura/http';
import { type IdempotentAnswer, runIdempotent } from '@procura/runtime';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  findInvoice,
  findInvoiceFileContent,
  listInvoiceFiles,
  listInvoices,
  type Receiver,
} from '../repositories/invoice.repository.js';
import {
  type IntakeOutcome,
  readInvoiceFile,
  receiveInvoiceFile,
  sha256Of,
} from '../services/invoice-intake.service.js';

const uuid = () => z.uuid({ error: 'must be a UUID' });
const limit = z.coerce.number().int().min(1).max(200).default(50);

export const ZIntakeQuery = z.object({
  fileName: z.string().trim().min(1).max(255).optional(),
  /** The PDF awaiting keying that a keyed-in (JSON) invoice transcribes. */
  keyedFrom: uuid().optional(),
});
export const ZInvoiceListQuery = z.object({
  status: z
    .enum(['received', 'on_hold', 'approved', 'paid', 'rejected', 'refused'], {
      error: 'must be received, on_hold, approved, paid, rejected or refused',
    })
    .optional(),
  supplierId: uuid().optional(),
  limit,
});
export const ZInvoiceFileListQuery = z.object({
  status: z
    .enum(['accepted', 'awaiting_keying', 'keyed', 'rejected', 'unreadable', 'duplicate'], {
      error: 'must be accepted, awaiting_keying, keyed, rejected, unreadable or duplicate',
    })
    .optional(),
  limit,
});

/** Accounts payable and administrators, and integrations (an e-invoicing platform) allowed to post invoices. */
const receivers: Access = { roles: ['accountant', 'administrator'], scopes: ['invoices:write'] };
const readers: Access = {
  roles: ['accountant', 'administrator', 'auditor'],
  scopes: ['read', 'invoices:read', 'invoices:write'],
};

/** The types a stored file is served back with; anything else is served as bytes. */
const servedTypes = ['application/pdf', 'application/xml', 'text/xml', 'application/json'];

const receiverOf = (identity: TIdentity): Receiver => ({
  id: identity.userId,
  name: identity.displayName,
  kind: identity.kind,
});

type IntakeAnswer = IdempotentAnswer<Record<string, unknown>>;

/** A refusal as problem+json, naming the kept file (and, for a duplicate, the invoice it repeats). */
function refusal(error: DomainError, extra: Record<string, unknown>): IntakeAnswer {
  const { problem } = toProblem(error);
  return { statusCode: problem.status, body: { ...problem, ...extra } };
}

async function answerFor(
  db: Kysely<InvoicingDatabase> | Transaction<InvoicingDatabase>,
  outcome: IntakeOutcome,
): Promise<IntakeAnswer> {
  switch (outcome.outcome) {
    case 'accepted':
      return { statusCode: 201, body: { ...(await findInvoice(db, outcome.invoiceId)) } };
    case 'awaiting_keying':
      return {
        statusCode: 202,
        body: {
          fileId: outcome.fileId,
          status: 'awaiting_keying',
          attachmentNames: outcome.attachmentNames,
          detail: 'The PDF carries no invoice XML: it is kept and queued for keying.',
        },
      };
    case 'unreadable':
      return refusal(outcome.error, { fileId: outcome.fileId, fileStatus: 'unreadable' });
    case 'rejected':
      return refusal(outcome.error, {
        fileId: outcome.fileId,
        fileStatus: 'rejected',
        // Rejetée: not processable, as the reform's lifecycle reports it to the supplier.
        reformStatus: reformInvoiceStatuses.rejected,
        violations: outcome.violations.map((v) => ({
          ruleId: v.ruleId,
          severity: v.severity,
          message: v.message,
          field: v.field ?? null,
        })),
      });
    case 'duplicate':
      return refusal(outcome.error, {
        fileId: outcome.fileId,
        fileStatus: 'duplicate',
        invoiceId: outcome.invoiceId,
      });
  }
}

function send(req: Request, res: Response, answer: IntakeAnswer): void {
  if (answer.statusCode >= 400) {
    sendProblem(res, {
      ...(answer.body as unknown as Problem),
      instance: req.originalUrl,
      requestId: String(req.id ?? ''),
    });
    return;
  }
  const location =
    answer.statusCode === 201
      ? `/api/v1/invoices/${String(answer.body.id)}`
      : `/api/v1/invoices/files/${String(answer.body.fileId)}`;
  res.status(answer.statusCode).location(location).json(answer.body);
}

/**
 * Supplier invoices: `POST /invoices` with the file as the request body (UBL or CII XML, a Factur-X
 * PDF, or JSON keyed in by hand; the Content-Type or the bytes decide), the invoices by status, one
 * invoice with its lines and match results, the received files, and each file's original bytes.
 */
export function invoiceRoutes(
  db: Kysely<InvoicingDatabase>,
  options: { limits?: Partial<EInvoiceLimits> | undefined } = {},
): ApiRoutes {
  const routes = new ApiRoutes();
  const limits = resolveLimits(options.limits);
  // Read after the caller's access is checked; a body over the limit answers 413 before it is read.
  const rawFile = express.raw({ type: () => true, limit: limits.maxBytes });

  const receive: RequestHandler = async (req, res) => {
    const caller = identityOf(res);
    const query = parseQuery(ZIntakeQuery, req);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new DomainError(
        'invoice_file_empty',
        'Send the invoice file (UBL, CII, Factur-X PDF or JSON) as the request body.',
      );
    const bytes: Buffer = req.body;
    const contentType = req.get('content-type');
    const reading = await readInvoiceFile(bytes, contentType, limits);
    // A retried upload (same Idempotency-Key, same file) gets the first answer; the file is kept once.
    const key = req.get('idempotency-key')?.trim();
    const idempotency = {
      userId: caller.userId,
      key: key && key.length <= 200 ? key : undefined,
      fingerprint: sha256Of(
        Buffer.from(`${req.method} ${req.originalUrl}\n${contentType ?? ''}\n${sha256Of(bytes)}`),
      ),
    };
    const answer = await runIdempotent(db, 'invoicing', idempotency, async (trx) => {
      const outcome = await receiveInvoiceFile(
        trx,
        {
          bytes,
          contentType,
          fileName: query.fileName ?? null,
          keyedFromFileId: query.keyedFrom ?? null,
          receivedBy: receiverOf(caller),
          receivedAt: new Date(),
        },
        reading,
      );
      return answerFor(trx, outcome);
    });
    req.log?.info(
      {
        status: answer.statusCode,
        fileId: answer.body.fileId,
        invoiceId: answer.body.id ?? answer.body.invoiceId,
      },
      'invoice file received',
    );
    send(req, res, answer);
  };
  routes.post('/', receivers, rawFile, receive);

  routes.get('/', readers, async (req, res) => {
    res.json({ invoices: await listInvoices(db, parseQuery(ZInvoiceListQuery, req)) });
  });

  // The received files: ?status=awaiting_keying is the keying queue.
  routes.get('/files', readers, async (req, res) => {
    res.json({ files: await listInvoiceFiles(db, parseQuery(ZInvoiceFileListQuery, req)) });
  });

  routes.get('/files/:id', readers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const file = await findInvoiceFileContent(db, id);
    if (!file) throw new DomainError('not_found', `Invoice file ${id} does not exist.`);
    const mediaType = file.content_type?.split(';')[0]?.trim().toLowerCase() ?? '';
    res
      .status(200)
      .type(servedTypes.includes(mediaType) ? mediaType : 'application/octet-stream')
      .attachment(file.file_name ?? `invoice-file-${id}`)
      .set('Content-Security-Policy', "sandbox; default-src 'none'")
      .set('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
      .send(file.content);
  });

  routes.get('/:id', readers, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const invoice = await findInvoice(db, id);
    if (!invoice) throw new DomainError('not_found', `Invoice ${id} does not exist.`);
    res.json(invoice);
  });

  return routes;
}
