// Approvals that do not stall: on the Postgres job queue (one run per schedule, however many
// replicas), pending steps are reminded to their approvers after some working days, then escalated
// to the approvers' managers. A step is claimed (reminded_at / escalated_at) in a transaction and
// the mail sent after commit; a mail that fails un-claims its step, for the next run.
import type { PurchasingDatabase } from '@procura/db';
import { type ApprovalReminderPolicy, approvalFollowUpDue, calendarDate } from '@procura/domain';
import type { EventBus } from '@procura/events';
import type { Logger } from '@procura/http';
import type { Mailer, OutgoingMail } from '@procura/mail';
import { type Kysely, sql } from 'kysely';
import { type ApprovalLinkSettings, createApprovalLink } from '../services/approval-link.service.js';

export const approvalFollowUpQueue = 'purchasing.approval-follow-up';

export interface ApprovalFollowUpJob {
  /** Follow up as of this instant (ISO); now when absent. */
  asOf?: string;
}

interface Deps {
  db: Kysely<PurchasingDatabase>;
  mailer: Mailer | undefined;
  logger: Logger;
  policy: ApprovalReminderPolicy;
  /** Approve/reject links in reminders; without them, reminders point to the inbox. */
  links?: ApprovalLinkSettings | undefined;
}

interface Links {
  approveUrl: string;
  rejectUrl: string;
}

interface Claimed {
  stepId: string;
  kind: 'remind' | 'escalate';
  mail: OutgoingMail;
}

const text = {
  fr: {
    remind: (n: string, t: string) => `Rappel : la demande d'achat ${n} (« ${t} ») attend votre approbation`,
    escalate: (n: string, t: string) =>
      `Escalade : la demande d'achat ${n} (« ${t} ») attend une approbation`,
    body: (kind: 'remind' | 'escalate', r: Row, approvers: string, links?: Links) =>
      [
        kind === 'remind'
          ? `La demande ${r.number} de ${r.requester_name} attend votre décision depuis le ${r.activated_on}.`
          : `La demande ${r.number} de ${r.requester_name} attend depuis le ${r.activated_on} la décision de ${approvers}, de votre équipe.`,
        `Montant : ${r.total} ${r.currency}. Étape : ${r.label}.`,
        ...(links
          ? [
              `Approuver : ${links.approveUrl}`,
              `Refuser : ${links.rejectUrl}`,
              'Chaque lien ne sert qu’une fois et vous demande de vous connecter avant de confirmer.',
            ]
          : []),
        'Vous pouvez aussi décider dans Procura, dans « Mes approbations ».',
      ].join('\n'),
  },
  en: {
    remind: (n: string, t: string) => `Reminder: purchase request ${n} ("${t}") awaits your approval`,
    escalate: (n: string, t: string) => `Escalation: purchase request ${n} ("${t}") awaits an approval`,
    body: (kind: 'remind' | 'escalate', r: Row, approvers: string, links?: Links) =>
      [
        kind === 'remind'
          ? `Request ${r.number} from ${r.requester_name} has awaited your decision since ${r.activated_on}.`
          : `Request ${r.number} from ${r.requester_name} has awaited a decision from ${approvers}, of your team, since ${r.activated_on}.`,
        `Amount: ${r.total} ${r.currency}. Step: ${r.label}.`,
        ...(links
          ? [
              `Approve: ${links.approveUrl}`,
              `Reject: ${links.rejectUrl}`,
              'Each link works once and asks you to log in before you confirm.',
            ]
          : []),
        'You can also decide in Procura, under "My approvals".',
      ].join('\n'),
  },
};

interface Row {
  step_id: string;
  number: string;
  title: string;
  requester_name: string;
  total: string;
  currency: string;
  label: string;
  activated_on: string;
  reminded: boolean;
  escalated: boolean;
  waiting_on: string[];
}

/** Claims the follow-ups due as of `now` and sends them; resolves with how many mails went out. */
export async function runApprovalFollowUps(deps: Deps, now: Date): Promise<number> {
  const today = calendarDate(now);
  const claimed = await deps.db.transaction().execute(async (trx) => {
    const rows = (await trx
      .selectFrom('purchasing.approval_step as s')
      .innerJoin('purchasing.requisition as r', (join) =>
        join.onRef('r.id', '=', 's.requisition_id').onRef('r.approval_round', '=', 's.round'),
      )
      .select((eb) => [
        's.id as step_id',
        'r.number',
        'r.title',
        'r.requester_name',
        'r.total',
        'r.currency',
        's.label',
        eb
          .fn<string>('to_char', [
            eb.fn('timezone', [eb.val('Europe/Paris'), 's.activated_at']),
            eb.val('YYYY-MM-DD'),
          ])
          .as('activated_on'),
        eb('s.reminded_at', 'is not', null).as('reminded'),
        eb('s.escalated_at', 'is not', null).as('escalated'),
        // Approvers of the step who have not decided yet.
        sql<string[]>`array(
          select a.id from unnest(s.approver_user_ids) as a(id)
          where not exists (select 1 from purchasing.approval_decision d where d.step_id = s.id and d.approver_user_id = a.id))`.as(
          'waiting_on',
        ),
      ])
      .where('s.status', '=', 'pending')
      .where('s.kind', '=', 'blocking')
      .where('r.status', '=', 'in_approval')
      .where('s.activated_at', 'is not', null)
      .forUpdate('s')
      .skipLocked()
      .execute()) as Row[];
    const people = await trx.selectFrom('purchasing.directory_user').selectAll().execute();
    const byId = new Map(people.map((p) => [p.user_id, p]));
    const out: Claimed[] = [];
    for (const row of rows) {
      const due = approvalFollowUpDue(
        { activatedOn: row.activated_on, reminded: row.reminded, escalated: row.escalated },
        today,
        deps.policy,
      );
      if (!due) continue;
      const approvers = row.waiting_on.map((id) => byId.get(id)).filter((p) => p !== undefined);
      const recipients =
        due === 'remind'
          ? approvers
          : approvers
              .map((a) => (a.manager_user_id ? byId.get(a.manager_user_id) : undefined))
              .filter((p) => p !== undefined);
      if (recipients.length === 0) continue;
      const approverNames = approvers.map((a) => a.display_name).join(', ');
      if (due === 'remind')
        // One mail per approver: each carries links that only that approver (or their delegate) may use.
        for (const approver of approvers) {
          const words = text[approver.locale];
          const links = deps.links
            ? await createApprovalLink(
                trx,
                deps.links,
                { stepId: row.step_id, approverUserId: approver.user_id },
                now,
              )
            : undefined;
          out.push({
            stepId: row.step_id,
            kind: due,
            mail: {
              to: [approver.email],
              subject: words.remind(row.number, row.title),
              text: words.body(due, row, approverNames, links),
              language: approver.locale,
            },
          });
        }
      else {
        const language = recipients[0]?.locale ?? 'fr';
        const words = text[language];
        out.push({
          stepId: row.step_id,
          kind: due,
          mail: {
            to: [...new Set(recipients.map((p) => p.email))],
            cc: approvers.map((a) => a.email),
            subject: words.escalate(row.number, row.title),
            text: words.body(due, row, approverNames),
            language,
          },
        });
      }
      await trx
        .updateTable('purchasing.approval_step')
        .set(due === 'remind' ? { reminded_at: now } : { escalated_at: now })
        .where('id', '=', row.step_id)
        .execute();
    }
    return out;
  });
  let sent = 0;
  for (const follow of claimed) {
    try {
      if (!deps.mailer) throw new Error('no SMTP server is configured (SMTP_URL)');
      await deps.mailer.send(follow.mail);
      sent++;
    } catch (error) {
      deps.logger.error(
        { err: error, stepId: follow.stepId, kind: follow.kind },
        'approval follow-up not sent: retried at the next run',
      );
      await deps.db
        .updateTable('purchasing.approval_step')
        .set(follow.kind === 'remind' ? { reminded_at: null } : { escalated_at: null })
        .where('id', '=', follow.stepId)
        .execute();
    }
  }
  if (claimed.length > 0) deps.logger.info({ sent, due: claimed.length }, 'approval follow-ups sent');
  return sent;
}

export async function startApprovalFollowUpJob(
  deps: Deps & { bus: EventBus; cron: string },
): Promise<string> {
  const { bus } = deps;
  if (!(await bus.getQueue(approvalFollowUpQueue)))
    await bus.createQueue(approvalFollowUpQueue, {
      name: approvalFollowUpQueue,
      policy: 'singleton',
      retryLimit: 3,
      retryDelay: 60,
      expireInSeconds: 15 * 60,
    });
  await bus.schedule(approvalFollowUpQueue, deps.cron, {}, { tz: 'Europe/Paris' });
  return bus.work<ApprovalFollowUpJob>(approvalFollowUpQueue, { pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs)
      await runApprovalFollowUps(deps, job.data?.asOf ? new Date(job.data.asOf) : new Date());
  });
}
