// The mails asking suppliers for credit notes. The credit_note_request rows are the outbox: each
// pending one is claimed (SKIP LOCKED, so two runs never send one twice), mailed to the supplier's
// contact in the supplier's language, and marked sent in the same transaction. A send that fails
// leaves its row pending for the next run.
import type { InvoicingDatabase } from '@procura/db';
import type { Mailer } from '@procura/mail';
import type { Kysely } from 'kysely';

const texts = {
  fr: (r: MailFacts) => ({
    subject: `Demande d’avoir – facture ${r.number} du ${r.issueDate}`,
    text: [
      'Bonjour,',
      '',
      `Nous avons suspendu le paiement de votre facture ${r.number} du ${r.issueDate} (${r.payable} ${r.currency}).`,
      `Motif : ${r.reason}`,
      r.amount
        ? `Merci de nous adresser un avoir de ${r.amount} ${r.currency}.`
        : 'Merci de nous adresser un avoir.',
      '',
      `${r.requestedBy}, ${r.buyerName}`,
    ].join('\n'),
  }),
  en: (r: MailFacts) => ({
    subject: `Credit note request – invoice ${r.number} of ${r.issueDate}`,
    text: [
      'Hello,',
      '',
      `We have put the payment of your invoice ${r.number} of ${r.issueDate} (${r.payable} ${r.currency}) on hold.`,
      `Reason: ${r.reason}`,
      r.amount
        ? `Please send us a credit note of ${r.amount} ${r.currency}.`
        : 'Please send us a credit note.',
      '',
      `${r.requestedBy}, ${r.buyerName}`,
    ].join('\n'),
  }),
};

interface MailFacts {
  number: string;
  issueDate: string;
  payable: string;
  currency: string;
  reason: string;
  amount: string | null;
  requestedBy: string;
  buyerName: string;
}

/** Sends every pending credit note request; resolves with how many were sent. */
export async function sendCreditNoteRequests(
  db: Kysely<InvoicingDatabase>,
  mailer: Mailer,
  now: Date,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('invoicing.credit_note_request as r')
        .innerJoin('invoicing.invoice as i', 'i.id', 'r.invoice_id')
        .leftJoin('invoicing.supplier as s', 's.supplier_id', 'i.supplier_id')
        .select([
          'r.id',
          'r.mail_to',
          'r.reason',
          'r.amount',
          'r.currency',
          'r.requested_by_name',
          'i.number',
          'i.issue_date',
          'i.payable_amount',
          'i.buyer_name',
          's.language',
        ])
        .where('r.mail_status', '=', 'pending')
        .orderBy('r.requested_at')
        .limit(1)
        .forUpdate('r')
        .skipLocked()
        .executeTakeFirst();
      if (!row?.mail_to) return false;
      const language = row.language ?? 'fr';
      const mail = texts[language]({
        number: row.number,
        issueDate: row.issue_date,
        payable: row.payable_amount,
        currency: row.currency,
        reason: row.reason,
        amount: row.amount,
        requestedBy: row.requested_by_name,
        buyerName: row.buyer_name,
      });
      await mailer.send({ to: [row.mail_to], ...mail, language });
      await trx
        .updateTable('invoicing.credit_note_request')
        .set({ mail_status: 'sent', mail_sent_at: now })
        .where('id', '=', row.id)
        .execute();
      return true;
    });
    if (!done) return sent;
    sent += 1;
  }
}
