import type { PurchasingDatabase } from '@procura/db';
import {
  convertMoney,
  money as domainMoney,
  parseCurrency,
  type RequisitionStatus,
  sum,
  toDecimal,
} from '@procura/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<PurchasingDatabase> | Transaction<PurchasingDatabase>;

export interface RequisitionLine {
  id: string;
  lineNo: number;
  source: 'catalog' | 'free_text';
  catalogItemId: string | null;
  freeTextRequestId: string | null;
  supplier: { id: string | null; name: string } | null;
  description: string;
  categoryCode: string;
  quantity: string;
  unitCode: string;
  unitPrice: { amount: string; currency: string };
  amount: { amount: string; currency: string };
  vatRate: string;
  costCentreId: string;
  budgetCategory: string;
  deliverySiteId: string | null;
  wishedDate: string | null;
}

export interface ApprovalStepView {
  id: string;
  round: number;
  stepIndex: number;
  kind: 'blocking' | 'warning';
  mode: 'any' | 'all';
  label: string;
  explanation: string;
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';
  approvers: { userId: string; displayName: string | null }[];
  decisions: {
    approverUserId: string;
    actorUserId: string;
    outcome: 'approved' | 'rejected';
    comment: string | null;
    decidedAt: string;
  }[];
}

export interface TimelineEntry {
  kind: string;
  actor: { userId: string; name: string | null } | null;
  onBehalfOf: { userId: string; name: string | null } | null;
  comment: string | null;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface Requisition {
  id: string;
  number: string;
  entityId: string;
  requester: { userId: string; name: string };
  title: string;
  justification: string | null;
  status: RequisitionStatus;
  total: { amount: string; currency: string };
  /** The entity's currency, the rate and the total approvals and the ledger counted; null for a draft. */
  counting: {
    entityCurrency: string;
    rate: string;
    rateEffectiveOn: string | null;
    total: { amount: string; currency: string };
  } | null;
  version: number;
  approvalRound: number;
  overBudget: boolean;
  /** A buyer's direct order: issued as orders as soon as it is approved. */
  directOrder: boolean;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  lines: RequisitionLine[];
  approvalSteps: ApprovalStepView[];
  timeline: TimelineEntry[];
}

/** The next number of `kind` for the entity and year: the counter row stays locked until commit. */
export async function nextDocumentSequence(
  trx: Transaction<PurchasingDatabase>,
  counter: { entityId: string; kind: 'requisition' | 'purchase_order'; year: number },
): Promise<number> {
  const row = await trx
    .insertInto('purchasing.document_counter')
    .values({ entity_id: counter.entityId, kind: counter.kind, year: counter.year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['entity_id', 'kind', 'year'])
        .doUpdateSet({ last_value: sql`purchasing.document_counter.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export async function recordRequisitionEvent(
  trx: Transaction<PurchasingDatabase>,
  event: {
    requisitionId: string;
    kind: string;
    actor?: { userId: string; name: string } | undefined;
    onBehalfOf?: { userId: string; name: string } | undefined;
    comment?: string | null | undefined;
    details?: Record<string, unknown> | undefined;
  },
): Promise<void> {
  await trx
    .insertInto('purchasing.requisition_event')
    .values({
      requisition_id: event.requisitionId,
      kind: event.kind,
      actor_user_id: event.actor?.userId ?? null,
      actor_name: event.actor?.name ?? null,
      on_behalf_of_user_id: event.onBehalfOf?.userId ?? null,
      on_behalf_of_name: event.onBehalfOf?.name ?? null,
      comment: event.comment ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

const money = (amount: string, currency: string) => ({ amount, currency });

/** The request in the entity's currency as approvals and the ledger count it: the sum of its converted lines. */
function countedTotal(
  currency: string,
  entityCurrency: string,
  rate: string,
  lines: readonly { amount: string }[],
) {
  const from = parseCurrency(currency);
  const to = parseCurrency(entityCurrency);
  return sum(
    lines.map((l) =>
      from === to ? domainMoney(l.amount, to) : convertMoney(domainMoney(l.amount, from), { from, to, rate }),
    ),
    to,
  );
}

/** The request with its lines, approval steps (every round) and timeline; undefined if unknown. */
export async function findRequisition(db: Db, id: string): Promise<Requisition | undefined> {
  const row = await db
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [lines, steps, decisions, events] = await Promise.all([
    db
      .selectFrom('purchasing.requisition_line')
      .selectAll()
      .where('requisition_id', '=', id)
      .orderBy('line_no')
      .execute(),
    db
      .selectFrom('purchasing.approval_step as s')
      .selectAll('s')
      .select(
        sql<{ userId: string; displayName: string | null }[]>`(
          select coalesce(json_agg(json_build_object('userId', a.id, 'displayName', u.display_name) order by a.n), '[]')
          from unnest(s.approver_user_ids) with ordinality as a(id, n)
          left join purchasing.directory_user u on u.user_id = a.id)`.as('approvers'),
      )
      .where('s.requisition_id', '=', id)
      .orderBy('s.round')
      .orderBy('s.step_index')
      .execute(),
    db
      .selectFrom('purchasing.approval_decision as d')
      .innerJoin('purchasing.approval_step as s', 's.id', 'd.step_id')
      .selectAll('d')
      .where('s.requisition_id', '=', id)
      .orderBy('d.decided_at')
      .execute(),
    db
      .selectFrom('purchasing.requisition_event')
      .selectAll()
      .where('requisition_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return {
    id: row.id,
    number: row.number,
    entityId: row.entity_id,
    requester: { userId: row.requester_user_id, name: row.requester_name },
    title: row.title,
    justification: row.justification,
    status: row.status,
    total: money(row.total, row.currency),
    // What the request was counted at when submitted: null for a draft.
    counting:
      row.entity_currency && row.exchange_rate
        ? {
            entityCurrency: row.entity_currency,
            rate: toDecimal(row.exchange_rate).toString(),
            rateEffectiveOn: row.exchange_rate_on,
            total: money(
              countedTotal(row.currency, row.entity_currency, row.exchange_rate, lines).toDecimalString(2),
              row.entity_currency,
            ),
          }
        : null,
    version: row.version,
    approvalRound: row.approval_round,
    overBudget: row.over_budget,
    directOrder: row.direct_order,
    createdAt: row.created_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      source: l.source,
      catalogItemId: l.catalog_item_id,
      freeTextRequestId: l.free_text_request_id,
      supplier: l.supplier_name ? { id: l.supplier_id, name: l.supplier_name } : null,
      description: l.description,
      categoryCode: l.category_code,
      quantity: l.quantity,
      unitCode: l.unit_code,
      unitPrice: money(l.unit_price, row.currency),
      amount: money(l.amount, row.currency),
      vatRate: l.vat_rate,
      costCentreId: l.cost_centre_id,
      budgetCategory: l.budget_category,
      deliverySiteId: l.delivery_site_id,
      wishedDate: l.wished_date,
    })),
    approvalSteps: steps.map((s) => ({
      id: s.id,
      round: s.round,
      stepIndex: s.step_index,
      kind: s.kind,
      mode: s.mode,
      label: s.label,
      explanation: s.explanation,
      status: s.status,
      approvers: s.approvers,
      decisions: decisions
        .filter((d) => d.step_id === s.id)
        .map((d) => ({
          approverUserId: d.approver_user_id,
          actorUserId: d.actor_user_id,
          outcome: d.outcome,
          comment: d.comment,
          decidedAt: d.decided_at.toISOString(),
        })),
    })),
    timeline: events.map((e) => ({
      kind: e.kind,
      actor: e.actor_user_id ? { userId: e.actor_user_id, name: e.actor_name } : null,
      onBehalfOf: e.on_behalf_of_user_id
        ? { userId: e.on_behalf_of_user_id, name: e.on_behalf_of_name }
        : null,
      comment: e.comment,
      details: e.details,
      occurredAt: e.occurred_at.toISOString(),
    })),
  };
}

export interface RequisitionSummary {
  id: string;
  number: string;
  title: string;
  status: RequisitionStatus;
  total: { amount: string; currency: string };
  requester: { userId: string; name: string };
  createdAt: string;
  submittedAt: string | null;
}

function toSummary(r: {
  id: string;
  number: string;
  title: string;
  status: RequisitionStatus;
  total: string;
  currency: string;
  requester_user_id: string;
  requester_name: string;
  created_at: Date;
  submitted_at: Date | null;
}): RequisitionSummary {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    total: money(r.total, r.currency),
    requester: { userId: r.requester_user_id, name: r.requester_name },
    createdAt: r.created_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
  };
}

/** The caller's own requests, newest first. */
export async function listRequisitionsOf(db: Db, requesterUserId: string): Promise<RequisitionSummary[]> {
  const rows = await db
    .selectFrom('purchasing.requisition')
    .selectAll()
    .where('requester_user_id', '=', requesterUserId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(toSummary);
}

/** The entity's approved requests with lines still to order, oldest decision first: the buyers' queue. */
export async function listRequisitionsToOrder(db: Db, entityId: string): Promise<RequisitionSummary[]> {
  const rows = await db
    .selectFrom('purchasing.requisition as r')
    .selectAll('r')
    .where('r.entity_id', '=', entityId)
    .where('r.status', 'in', ['approved', 'partly_ordered'])
    .orderBy('r.decided_at')
    .limit(200)
    .execute();
  return rows.map(toSummary);
}

/** A request awaiting a decision, with the step that awaits it and for whom. */
export interface AwaitingApproval extends RequisitionSummary {
  pendingStep: {
    index: number;
    label: string;
    /** Whom among `userIds` the step awaits: the caller, or someone who delegated to them. */
    awaitedUserIds: string[];
  };
}

/** Requests whose current approval step awaits one of `userIds`, oldest first. */
export async function listAwaitingApprovalBy(
  db: Db,
  userIds: readonly string[],
): Promise<AwaitingApproval[]> {
  const rows = await db
    .selectFrom('purchasing.requisition as r')
    .innerJoin('purchasing.approval_step as s', (join) =>
      join.onRef('s.requisition_id', '=', 'r.id').onRef('s.round', '=', 'r.approval_round'),
    )
    .selectAll('r')
    .select([
      's.step_index',
      's.label',
      sql<string[]>`array(
        select a.id from unnest(s.approver_user_ids) as a(id)
        where a.id = any(${sql.val([...userIds])}::uuid[])
          and not exists (select 1 from purchasing.approval_decision d where d.step_id = s.id and d.approver_user_id = a.id))`.as(
        'awaited',
      ),
    ])
    .where('r.status', '=', 'in_approval')
    .where('s.status', '=', 'pending')
    .where(sql<boolean>`s.approver_user_ids && ${sql.val([...userIds])}::uuid[]`)
    .orderBy('r.submitted_at')
    .limit(500)
    .execute();
  return rows
    .filter((r) => r.awaited.length > 0)
    .map((r) => ({
      ...toSummary(r),
      pendingStep: { index: r.step_index, label: r.label, awaitedUserIds: r.awaited },
    }));
}

/** The entity's cost centres among `ids`, with their managers, as purchasing's directory knows them. */
export async function costCentresOf(db: Db, entityId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('purchasing.directory_cost_centre')
    .select(['cost_centre_id', 'manager_user_id'])
    .where('entity_id', '=', entityId)
    .where('cost_centre_id', 'in', [...ids])
    .execute();
}
