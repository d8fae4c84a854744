// Sending orders to suppliers. A dispatch row is written in the transaction that issues, revises
// or cancels the order (the outbox); the job queue then sends it by e-mail with the PDF attached.
// A failure is recorded on the row and retried with a growing delay; after the last attempt the
// dispatch stays `failed`, on the order's page, until a buyer sends it again. Nothing is dropped.
import type { PurchasingDatabase } from '@procura/db';
import { DomainError } from '@procura/domain';
import type { Logger } from '@procura/http';
import type { Mailer } from '@procura/mail';
import type { Kysely, Transaction } from 'kysely';
import { renderIssuedRevision } from './purchase-order-document.js';
import { type SupplierLinkSettings, supplierAcknowledgementUrl } from './supplier-acknowledgement.service.js';

/** Minutes before the 2nd, 3rd, ... attempt; after the last, the dispatch is failed. */
export const dispatchRetryDelaysMinutes = [1, 5, 15, 60] as const;

export async function queueDispatch(
  trx: Transaction<PurchasingDatabase>,
  dispatch: {
    purchaseOrderId: string;
    revision: number;
    kind: 'order' | 'cancellation';
    recipient: string | null;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('purchasing.purchase_order_dispatch')
    .values({
      purchase_order_id: dispatch.purchaseOrderId,
      revision: dispatch.revision,
      kind: dispatch.kind,
      recipient: dispatch.recipient,
      queued_at: dispatch.now,
      next_attempt_at: dispatch.now,
    })
    .execute();
}

export interface DispatchDeps {
  db: Kysely<PurchasingDatabase>;
  mailer: Mailer | undefined;
  logger: Logger;
  links?: SupplierLinkSettings | undefined;
}

const mailText = {
  fr: {
    order: (n: string, r: number, buyer: string) =>
      r === 1 ? `Bon de commande ${n} — ${buyer}` : `Bon de commande ${n}, révision ${r} — ${buyer}`,
    cancellation: (n: string, _r: number, buyer: string) => `Annulation du bon de commande ${n} — ${buyer}`,
    orderBody: (n: string, link: string | null) =>
      [
        'Bonjour,',
        `Veuillez trouver ci-joint notre bon de commande ${n}, avec nos conditions générales d’achat et ses annexes.`,
        'Merci de rappeler ce numéro sur votre facture.',
        link
          ? `Accusez réception de la commande (avec votre date de livraison) ou refusez-la ici : ${link}`
          : 'Merci d’accuser réception de cette commande par retour de courriel.',
      ].join('\n\n'),
    cancellationBody: (n: string, reason: string) =>
      ['Bonjour,', `Nous annulons notre bon de commande ${n}.`, `Motif : ${reason}`].join('\n\n'),
  },
  en: {
    order: (n: string, r: number, buyer: string) =>
      r === 1 ? `Purchase order ${n} — ${buyer}` : `Purchase order ${n}, revision ${r} — ${buyer}`,
    cancellation: (n: string, _r: number, buyer: string) => `Cancellation of purchase order ${n} — ${buyer}`,
    orderBody: (n: string, link: string | null) =>
      [
        'Hello,',
        `Please find attached our purchase order ${n}, with our general purchasing terms and its annexes.`,
        'Please quote this number on your invoice.',
        link
          ? `Acknowledge the order (with your delivery date) or decline it here: ${link}`
          : 'Please acknowledge this order by return e-mail.',
      ].join('\n\n'),
    cancellationBody: (n: string, reason: string) =>
      ['Hello,', `We cancel our purchase order ${n}.`, `Reason: ${reason}`].join('\n\n'),
  },
};

/**
 * Sends every dispatch due as of `now`, each in its own transaction holding its row (another
 * replica skips it). Resolves with how many were sent.
 */
export async function runDueDispatches(deps: DispatchDeps, now: Date, maxBatch = 20): Promise<number> {
  let sent = 0;
  for (let n = 0; n < maxBatch; n += 1) {
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const dispatch = await trx
        .selectFrom('purchasing.purchase_order_dispatch')
        .selectAll()
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!dispatch) return 'none' as const;
      try {
        await send(deps, trx, dispatch);
        await trx
          .updateTable('purchasing.purchase_order_dispatch')
          .set({ status: 'sent', sent_at: now, attempts: dispatch.attempts + 1, last_error: null })
          .where('id', '=', dispatch.id)
          .execute();
        return 'sent' as const;
      } catch (error) {
        const attempts = dispatch.attempts + 1;
        const delay = dispatchRetryDelaysMinutes[attempts - 1];
        const reason = error instanceof Error ? error.message : String(error);
        deps.logger.warn({ dispatchId: dispatch.id, attempts, err: error }, 'order dispatch failed');
        await trx
          .updateTable('purchasing.purchase_order_dispatch')
          .set(
            delay === undefined
              ? { status: 'failed', attempts, last_error: reason, failed_at: now }
              : { attempts, last_error: reason, next_attempt_at: new Date(now.getTime() + delay * 60_000) },
          )
          .where('id', '=', dispatch.id)
          .execute();
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') sent += 1;
  }
  return sent;
}

async function send(
  deps: DispatchDeps,
  trx: Transaction<PurchasingDatabase>,
  dispatch: {
    purchase_order_id: string;
    revision: number;
    kind: 'order' | 'cancellation';
    recipient: string | null;
  },
): Promise<void> {
  if (!dispatch.recipient) throw new Error('the supplier has no order e-mail address');
  if (!deps.mailer) throw new Error('no SMTP server is configured (SMTP_URL)');
  const order = await trx
    .selectFrom('purchasing.purchase_order as o')
    .innerJoin('purchasing.directory_entity as e', 'e.entity_id', 'o.entity_id')
    .leftJoin('purchasing.supplier_party as s', 's.supplier_id', 'o.supplier_id')
    .select(['o.number', 'o.cancel_reason', 'o.buyer_email', 'e.legal_name', 's.language'])
    .where('o.id', '=', dispatch.purchase_order_id)
    .executeTakeFirstOrThrow();
  const language = order.language ?? 'fr';
  const text = mailText[language];
  const number = order.number ?? '';
  if (dispatch.kind === 'cancellation') {
    await deps.mailer.send({
      to: [dispatch.recipient],
      cc: order.buyer_email ? [order.buyer_email] : [],
      subject: text.cancellation(number, dispatch.revision, order.legal_name),
      text: text.cancellationBody(number, order.cancel_reason ?? ''),
      language,
    });
    return;
  }
  const revision = await trx
    .selectFrom('purchasing.purchase_order_revision')
    .select(['purchase_order_id', 'revision', 'document', 'terms', 'pdf_sha256'])
    .where('purchase_order_id', '=', dispatch.purchase_order_id)
    .where('revision', '=', dispatch.revision)
    .executeTakeFirstOrThrow();
  const { pdf } = await renderIssuedRevision(trx, revision);
  await deps.mailer.send({
    to: [dispatch.recipient],
    cc: order.buyer_email ? [order.buyer_email] : [],
    subject: text.order(number, dispatch.revision, order.legal_name),
    text: text.orderBody(
      number,
      deps.links
        ? supplierAcknowledgementUrl(deps.links, dispatch.purchase_order_id, dispatch.revision)
        : null,
    ),
    language,
    attachments: [
      {
        filename: `${number}${dispatch.revision > 1 ? `-R${dispatch.revision}` : ''}.pdf`,
        content: pdf,
        contentType: 'application/pdf',
      },
    ],
  });
}

/** A failed dispatch sent again at a buyer's request: queued now, with its attempts counted afresh. */
export async function retryDispatch(
  trx: Transaction<PurchasingDatabase>,
  orderId: string,
  dispatchId: string,
  now: Date,
): Promise<void> {
  const updated = await trx
    .updateTable('purchasing.purchase_order_dispatch')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, failed_at: null })
    .where('id', '=', dispatchId)
    .where('purchase_order_id', '=', orderId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n)
    throw new DomainError('conflict', 'Only a failed dispatch of this order can be sent again.');
}
