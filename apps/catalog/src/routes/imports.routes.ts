import type { CatalogDatabase } from '@procura/db';
import { catalogImportColumns, DomainError, isDomainError } from '@procura/domain';
import {
  type Access,
  ApiRoutes,
  HttpProblem,
  identityOf,
  parseParams,
  parseQuery,
  sendFileProblems,
  type TIdentity,
  ZIdParams,
} from '@procura/http';
import express, { type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  type CatalogImportDetail,
  findImport,
  listImports,
} from '../repositories/catalog-import.repository.js';
import type { Actor } from '../services/actor.js';
import { cancelImport, confirmImport, previewImport } from '../services/catalog-import.service.js';

/** Largest catalog file accepted (bytes); a larger upload gets 413 before it is read. */
export const maxImportFileBytes = 10 * 1024 * 1024;

export const ZImportUploadQuery = z.object({
  supplier: z.uuid({ error: 'must be a UUID' }),
  priceList: z.uuid({ error: 'must be a UUID' }),
  fileName: z.string().trim().min(1).max(255).default('catalog'),
});

export const ZImportListQuery = z.object({
  supplier: z.uuid({ error: 'must be a UUID' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const manageImports: Access = { roles: ['buyer', 'administrator'], scopes: ['catalog:write'] };
const readImports: Access = { roles: ['buyer', 'administrator', 'auditor'], scopes: ['read'] };

/** The file is the request body as is, whatever its type: the service sniffs CSV from XLSX. */
const rawFile = express.raw({ type: () => true, limit: maxImportFileBytes });

const actorOf = (identity: TIdentity): Actor => ({ id: identity.userId, name: identity.displayName });

/**
 * Catalog imports: `POST /catalog/imports?supplier=…&priceList=…&fileName=…` with the file as the
 * raw request body (Content-Type text/csv — `; charset=windows-1252` for an old Excel CSV — or the
 * XLSX type), then confirm or cancel the preview it answers with.
 */
export function importRoutes(db: Kysely<CatalogDatabase>): ApiRoutes {
  const routes = new ApiRoutes();

  const upload: RequestHandler = async (req, res) => {
    const query = parseQuery(ZImportUploadQuery, req);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new HttpProblem(400, 'empty_file', 'Send the catalog file as the request body.');
    let detail: CatalogImportDetail;
    try {
      detail = await previewImport(db, {
        supplierId: query.supplier,
        priceListId: query.priceList,
        fileName: query.fileName,
        contentType: req.get('content-type'),
        bytes: req.body,
        importedBy: actorOf(identityOf(res)),
        now: new Date(),
      });
    } catch (error) {
      if (isDomainError(error, 'catalog_import_invalid')) return sendFileProblems(error, req, res);
      throw error;
    }
    res.status(201).location(`/api/v1/catalog/imports/${detail.id}`).json(detail);
  };
  routes.post('/', manageImports, rawFile, upload);

  // An empty file with the columns the import reads, to fill in a spreadsheet (French Excel: `;`).
  routes.get('/template', manageImports, (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('catalogue-modele.csv')
      .send(`${catalogImportColumns.join(';')}\r\n`);
  });

  routes.get('/', readImports, async (req, res) => {
    const query = parseQuery(ZImportListQuery, req);
    res.json({ imports: await listImports(db, { supplierId: query.supplier, limit: query.limit }) });
  });

  routes.get('/:id', readImports, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    const detail = await findImport(db, id);
    if (!detail) throw new DomainError('not_found', `Import ${id} does not exist.`);
    res.json(detail);
  });

  routes.post('/:id/confirm', manageImports, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(
      await confirmImport(db, { importId: id, confirmedBy: actorOf(identityOf(res)), now: new Date() }),
    );
  });

  routes.post('/:id/cancel', manageImports, async (req, res) => {
    const { id } = parseParams(ZIdParams, req);
    res.json(
      await cancelImport(db, { importId: id, cancelledBy: actorOf(identityOf(res)), now: new Date() }),
    );
  });

  return routes;
}
