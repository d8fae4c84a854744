// Approving or rejecting from an e-mail: each reminder carries, per approver, a link that is the id
// of a stored approval_link signed with the service's secret (HMAC-SHA256). The link only opens a
// page of the web app, behind SSO like every page; the decision is taken there by the logged-in
// approver (or their delegate), once: the link row is locked and marked used in the decision's
// transaction, so two clicks or two tabs give one decision.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PurchasingDatabase } from '@procura/db';
import { DomainError, type RequisitionStatus } from '@procura/domain';
import type { TIdentity } from '@procura/http';
import type { Kysely, Transaction } from 'kysely';
import { decideOnRequisition } from './approval.service.js';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;
export type LinkOutcome = 'approved' | 'rejected';

export interface ApprovalLinkSettings {
  /** The HMAC key: 32 characters at least, kept out of the repository. */
  secret: string;
  /** The web app's address, where the link lands. */
  publicUrl: string;
  /** Days a link stays usable. */
  validDays: number;
}

const outcomes: Record<string, LinkOutcome> = { a: 'approved', r: 'rejected' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`procura-approval-link\n${payload}`).digest();
}

/** The token for deciding `outcome` through link `linkId`: `<id>.<a|r>.<signature>`. */
export function approvalLinkToken(secret: string, linkId: string, outcome: LinkOutcome): string {
  const payload = `${linkId}.${outcome === 'approved' ? 'a' : 'r'}`;
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The link and outcome a token names, when its signature holds; undefined otherwise. */
export function readApprovalLinkToken(
  secret: string,
  token: string,
): { linkId: string; outcome: LinkOutcome } | undefined {
  const [linkId, code, signed, ...rest] = token.split('.');
  if (rest.length > 0 || !linkId || !uuid.test(linkId) || !code || !signed) return undefined;
  const outcome = outcomes[code];
  if (!outcome) return undefined;
  const expected = signature(secret, `${linkId}.${code}`);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { linkId, outcome };
}

/** A new link for one approver of a pending step, and its approve and reject addresses. */
export async function createApprovalLink(
  db: Db,
  settings: ApprovalLinkSettings,
  link: { stepId: string; approverUserId: string },
  now: Date,
): Promise<{ approveUrl: string; rejectUrl: string }> {
  const { id } = await db
    .insertInto('purchasing.approval_link')
    .values({
      step_id: link.stepId,
      approver_user_id: link.approverUserId,
      created_at: now,
      expires_at: new Date(now.getTime() + settings.validDays * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const url = (outcome: LinkOutcome) =>
    `${settings.publicUrl.replace(/\/+$/, '')}/approvals/email/${approvalLinkToken(settings.secret, id, outcome)}`;
  return { approveUrl: url('approved'), rejectUrl: url('rejected') };
}

export interface ApprovalLinkView {
  outcome: LinkOutcome;
  state: 'usable' | 'used' | 'expired' | 'closed';
  expiresAt: string;
  usedAt: string | null;
  approver: { userId: string; displayName: string | null };
  /** Whether the caller decides on the approver's behalf (a delegation). */
  onBehalf: boolean;
  step: { index: number; label: string };
  requisition: {
    id: string;
    number: string;
    title: string;
    status: RequisitionStatus;
    total: { amount: string; currency: string };
    requester: { userId: string; name: string };
  };
}

async function loadLink(
  db: Db,
  settings: ApprovalLinkSettings,
  caller: TIdentity,
  token: string,
  lock: boolean,
) {
  const read = readApprovalLinkToken(settings.secret, token);
  if (!read)
    throw new DomainError('not_found', 'This approval link is not valid: it may have been cut or altered.');
  let query = db
    .selectFrom('purchasing.approval_link as l')
    .innerJoin('purchasing.approval_step as s', 's.id', 'l.step_id')
    .innerJoin('purchasing.requisition as r', 'r.id', 's.requisition_id')
    .leftJoin('purchasing.directory_user as u', 'u.user_id', 'l.approver_user_id')
    .select([
      'l.id',
      'l.approver_user_id',
      'l.expires_at',
      'l.used_at',
      'u.display_name',
      's.step_index',
      's.label',
      's.status as step_status',
      's.round',
      'r.id as requisition_id',
      'r.number',
      'r.title',
      'r.status',
      'r.total',
      'r.currency',
      'r.approval_round',
      'r.requester_user_id',
      'r.requester_name',
    ])
    .where('l.id', '=', read.linkId);
  if (lock) query = query.forUpdate('l');
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'This approval link does not exist.');
  const onBehalf = row.approver_user_id !== caller.userId;
  if (onBehalf && !caller.actingFor.some((d) => d.userId === row.approver_user_id))
    throw new DomainError(
      'forbidden',
      `This link was sent to ${row.display_name ?? 'another approver'}: log in as them, or be their delegate today.`,
    );
  return { row, outcome: read.outcome, onBehalf };
}

function stateOf(
  row: {
    used_at: Date | null;
    expires_at: Date;
    step_status: string;
    round: number;
    approval_round: number;
    status: string;
  },
  now: Date,
): ApprovalLinkView['state'] {
  if (row.used_at) return 'used';
  if (row.expires_at <= now) return 'expired';
  if (row.step_status !== 'pending' || row.round !== row.approval_round || row.status !== 'in_approval')
    return 'closed';
  return 'usable';
}

/** What the link would decide, for the page that asks the logged-in approver to confirm. */
export async function viewApprovalLink(
  db: Db,
  settings: ApprovalLinkSettings,
  caller: TIdentity,
  token: string,
  now: Date,
): Promise<ApprovalLinkView> {
  const { row, outcome, onBehalf } = await loadLink(db, settings, caller, token, false);
  return {
    outcome,
    state: stateOf(row, now),
    expiresAt: row.expires_at.toISOString(),
    usedAt: row.used_at?.toISOString() ?? null,
    approver: { userId: row.approver_user_id, displayName: row.display_name },
    onBehalf,
    step: { index: row.step_index, label: row.label },
    requisition: {
      id: row.requisition_id,
      number: row.number,
      title: row.title,
      status: row.status,
      total: { amount: row.total, currency: row.currency },
      requester: { userId: row.requester_user_id, name: row.requester_name },
    },
  };
}

/** Takes the link's decision for the logged-in approver (or delegate), once; the request's id. */
export async function decideThroughApprovalLink(
  trx: Transaction<PurchasingDatabase>,
  settings: ApprovalLinkSettings,
  caller: TIdentity,
  token: string,
  comment: string | null,
  now: Date,
): Promise<string> {
  const { row, outcome, onBehalf } = await loadLink(trx, settings, caller, token, true);
  const state = stateOf(row, now);
  if (state === 'used')
    throw new DomainError(
      'approval_link_used',
      `This link was already used on ${row.used_at?.toISOString().slice(0, 10)}.`,
    );
  if (state === 'expired')
    throw new DomainError(
      'approval_link_expired',
      `This link expired on ${row.expires_at.toISOString().slice(0, 10)}: decide on request ${row.number} in your approvals.`,
    );
  if (state === 'closed')
    throw new DomainError('approval_link_used', `Request ${row.number} no longer awaits this decision.`);
  await decideOnRequisition(
    trx,
    caller,
    row.requisition_id,
    {
      stepIndex: row.step_index,
      outcome,
      comment,
      onBehalfOfUserId: onBehalf ? row.approver_user_id : null,
    },
    now,
  );
  await trx
    .updateTable('purchasing.approval_link')
    .set({ used_at: now, used_by_user_id: caller.userId, used_outcome: outcome })
    .where('id', '=', row.id)
    .execute();
  return row.requisition_id;
}
