import type {
  ApprovalStep,
  CartLine,
  Me,
  Requisition,
  RequisitionBody,
  RequisitionLineBody,
  TimelineEntry,
} from './api.js';
import type { FieldProblem } from './problems.js';

/** What the request form holds: the header, and what applies to every line unless a line says otherwise. */
export interface RequestForm {
  title: string;
  justification: string;
  costCentreId: string;
  budgetCategory: string;
  wishedDate: string;
  /** A line's own wished date, by cart line id ('' or absent: the form's). */
  lineWishedDates: Record<string, string>;
  /** A line's category where the cart does not know it (a free-text line without one), by cart line id. */
  lineCategories: Record<string, string>;
  /** A buyer orders directly: the request is issued as orders as soon as it is approved. */
  directOrder: boolean;
}

export const defaultBudgetCategory = '606400';

export const emptyRequestForm = (): RequestForm => ({
  title: '',
  justification: '',
  costCentreId: '',
  budgetCategory: defaultBudgetCategory,
  wishedDate: '',
  lineWishedDates: {},
  lineCategories: {},
  directOrder: false,
});

/** The cart lines a request can take: those the cart says can be ordered. */
export const requestableLines = (lines: readonly CartLine[]) => lines.filter((line) => line.orderable);

/** The category a line goes with: the catalog item's, the free-text request's, or what the form says. */
export function categoryOf(
  line: CartLine,
  itemCategories: Readonly<Record<string, string>>,
  form: Pick<RequestForm, 'lineCategories'>,
): string {
  const typed = form.lineCategories[line.id]?.trim();
  if (typed) return typed;
  if (line.kind === 'item' && line.item) return itemCategories[line.item.id] ?? '';
  return line.freeText?.categoryCode ?? '';
}

const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/**
 * The body that creates a request from the cart's lines: the form's cost centre, budget category and
 * wished date on every line (a line's own date first), the cart's prices as they were shown.
 */
export function buildRequisitionBody(
  form: RequestForm,
  lines: readonly CartLine[],
  itemCategories: Readonly<Record<string, string>>,
): RequisitionBody {
  return {
    title: form.title.trim(),
    justification: orNull(form.justification),
    currency: 'EUR',
    lines: lines.map((line): RequisitionLineBody => {
      const catalog = line.kind === 'item' && line.item !== null;
      const supplier = catalog ? line.item?.supplier : line.freeText?.suggestedSupplier;
      return {
        source: catalog ? 'catalog' : 'free_text',
        catalogItemId: catalog ? (line.item?.id ?? null) : null,
        freeTextRequestId: catalog ? null : (line.freeText?.requestId ?? null),
        supplierId: supplier?.id ?? null,
        supplierName: supplier?.name ?? null,
        description: (catalog ? line.item?.name.fr : line.freeText?.description) ?? '',
        categoryCode: categoryOf(line, itemCategories, form),
        quantity: line.quantity,
        unitCode: line.item?.unitCode ?? line.freeText?.unitCode ?? 'C62',
        unitPrice: line.unitPrice,
        vatRate: line.vatRate,
        costCentreId: form.costCentreId,
        budgetCategory: form.budgetCategory.trim(),
        deliverySiteId: null,
        wishedDate: orNull(form.lineWishedDates[line.id]) ?? orNull(form.wishedDate),
      };
    }),
    ...(form.directOrder ? { directOrder: true } : {}),
  };
}

/** The form's own inputs that the API may name in its field errors. */
export type RequestField = 'title' | 'justification' | 'costCentreId' | 'budgetCategory' | 'wishedDate';

/**
 * Sorts the API's field errors ('body.title', 'body.lines.0.quantity', 'lines[0].costCentreId')
 * between the form's inputs (the settings every line shares), a line's own date, and the rest.
 */
export function sortRequestErrors(errors: readonly FieldProblem[]): {
  byField: Partial<Record<RequestField, string[]>>;
  byLine: Record<number, FieldProblem[]>;
  other: FieldProblem[];
} {
  const byField: Partial<Record<RequestField, string[]>> = {};
  const byLine: Record<number, FieldProblem[]> = {};
  const other: FieldProblem[] = [];
  const add = (field: RequestField, reason: string) => {
    const reasons = byField[field] ?? [];
    if (!reasons.includes(reason)) byField[field] = [...reasons, reason];
  };
  for (const error of errors) {
    const name = error.field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
    const line = /^lines\.(\d+)\.(.+)$/.exec(name);
    if (name === 'title' || name === 'justification') add(name, error.reason);
    else if (line?.[2] === 'costCentreId' || line?.[2] === 'budgetCategory') add(line[2], error.reason);
    else if (line) {
      const index = Number(line[1]);
      byLine[index] = [...(byLine[index] ?? []), { field: line[2] ?? '', reason: error.reason }];
    } else other.push(error);
  }
  return { byField, byLine, other };
}

/** The approval round in progress: the request's, or the latest its steps belong to. */
const latestRound = (requisition: Requisition) =>
  Math.max(requisition.approvalRound, ...requisition.approvalSteps.map((s) => s.round));

/** The steps of the latest round, in order: the chain as it stands. */
export const currentChain = (requisition: Requisition): ApprovalStep[] =>
  requisition.approvalSteps
    .filter((step) => step.round === latestRound(requisition))
    .sort((a, b) => a.stepIndex - b.stepIndex);

/** The step waiting for a decision now, if any. */
export const currentStep = (requisition: Requisition): ApprovalStep | undefined =>
  currentChain(requisition).find((step) => step.status === 'pending');

/**
 * What the caller may decide on the request, if anything: the pending step they approve, in their own
 * name or on behalf of someone who delegated to them (never the requester's own request, never twice).
 */
export function decisionFor(
  requisition: Requisition,
  me: Pick<Me, 'userId' | 'actingFor'>,
): { stepIndex: number; onBehalfOf: { userId: string; displayName: string } | null } | null {
  const step = currentStep(requisition);
  if (!step || requisition.requester.userId === me.userId) return null;
  const undecided = step.approvers.filter(
    (approver) => !step.decisions.some((d) => d.approverUserId === approver.userId),
  );
  if (undecided.some((approver) => approver.userId === me.userId))
    return { stepIndex: step.stepIndex, onBehalfOf: null };
  const delegator = undecided.find((approver) => me.actingFor.some((d) => d.userId === approver.userId));
  return delegator ? { stepIndex: step.stepIndex, onBehalfOf: delegator } : null;
}

/** The sentence a timeline entry reads as: a key under `requests.timeline.` and its values. */
export function timelineMessage(entry: TimelineEntry): { key: string; values: Record<string, string> } {
  const values = {
    actor: entry.actor?.name ?? '',
    onBehalfOf: entry.onBehalfOf?.name ?? '',
    label: entry.details.label ?? '',
    people: (entry.details.people ?? []).join(', '),
  };
  const decided = entry.kind === 'step_approved' || entry.kind === 'step_rejected';
  return { key: decided && entry.onBehalfOf ? `${entry.kind}_onBehalf` : entry.kind, values };
}
