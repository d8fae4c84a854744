import type Big from 'big.js';
import { DomainError } from '../errors/index.js';
import type { CurrencyCode } from '../money/currency.js';
import { parseDecimal, roundHalfAwayFromZero, toDecimal } from '../money/decimal.js';
import { type Money, money } from '../money/money.js';
import {
  type ApprovalConditions,
  type ApprovalRule,
  type ApprovalRuleKind,
  type ApprovalStepMode,
  categoryMatches,
} from './approval-rule.js';

/** One line of a requisition, as far as approval rules look at it. */
export interface ApprovalRequisitionLine {
  /** UNSPSC commodity code, null when the line has none (some free-text lines). */
  readonly categoryCode: string | null;
  readonly supplierId: string | null;
  readonly freeText: boolean;
  readonly amount: Money;
}

/** What approval rules look at in a requisition: the snapshot the service passes in. */
export interface ApprovalRequisition {
  readonly requesterId: string;
  readonly entityId: string;
  readonly costCentreId: string;
  /** The total the thresholds apply to, in the requisition's currency. */
  readonly total: Money;
  readonly lines: readonly ApprovalRequisitionLine[];
  readonly budgetState: 'within' | 'over';
}

export interface ApprovalDirectoryUser {
  readonly id: string;
  readonly displayName: string;
  readonly managerUserId: string | null;
  /** The largest amount this person may approve, in the entity's currency; null: no approval authority. */
  readonly approvalLimit: string | null;
  readonly roles: readonly string[];
  readonly active: boolean;
}

/** The organisation as approval rules see it: people (with their roles) and cost centres. */
export interface ApprovalDirectory {
  readonly users: readonly ApprovalDirectoryUser[];
  readonly costCentres: readonly { readonly id: string; readonly managerUserId: string | null }[];
}

/**
 * Rates to the entity's currency: one unit of the key currency is worth `rate` units of the entity
 * currency ('USD' → '0.92' for a euro entity). A map or a lookup function; undefined when unknown.
 */
export type ApprovalExchangeRates =
  | Readonly<Partial<Record<CurrencyCode, string>>>
  | ((currency: CurrencyCode) => string | undefined);

export interface ApprovalPlanInput {
  readonly requisition: ApprovalRequisition;
  readonly rules: readonly ApprovalRule[];
  readonly entityCurrency: CurrencyCode;
  readonly exchangeRates: ApprovalExchangeRates;
  readonly directory: ApprovalDirectory;
}

/**
 * One step of the approval chain. Steps run strictly in order. A manager chain is laid out as
 * consecutive steps, one per level, each with its single manager (`chainLevel` says which level).
 */
export interface ApprovalStep {
  /** Position in the plan, from 0: decisions name their step by it. */
  readonly index: number;
  readonly ruleId: string;
  readonly ruleName: string;
  /** The rule's step label, or its name. */
  readonly label: string;
  /**
   * 'blocking': the requisition is approved only once this step is complete. 'warning': its people
   * are informed when the workflow reaches it; it is never awaited and takes no decision.
   */
  readonly kind: ApprovalRuleKind;
  readonly mode: ApprovalStepMode;
  /** In the order they were resolved; empty only for a blocking step nobody can approve (see `submittable`). */
  readonly approverUserIds: readonly string[];
  readonly chainLevel: { readonly level: number; readonly of: number } | null;
  /** For the preview: which rule, why it applies, who approves and why them. */
  readonly explanation: string;
}

export type ApprovalPlanNoteCode =
  | 'cost_centre_without_manager'
  | 'self_approval_skipped'
  | 'inactive_approver_skipped'
  | 'unknown_approver_skipped'
  | 'manager_chain_loop'
  | 'manager_chain_exhausted'
  | 'fell_to_requester_manager'
  | 'already_approver_earlier'
  | 'may_have_approved_earlier'
  | 'step_dropped'
  | 'no_approver';

/**
 * Something the preview should tell: 'info' (a rule of the workflow applied), 'warning' (the
 * organisation's data looks wrong and the plan worked around it), 'error' (the requisition cannot
 * be submitted as is).
 */
export interface ApprovalPlanNote {
  readonly code: ApprovalPlanNoteCode;
  readonly level: 'info' | 'warning' | 'error';
  readonly ruleId: string;
  /** The step the note is about, null when that step was dropped. */
  readonly stepIndex: number | null;
  readonly userId: string | null;
  readonly message: string;
}

export interface ApprovalPlan {
  readonly requesterId: string;
  /** The requisition total in the entity's currency: what thresholds and approval limits compare with. */
  readonly amount: Money;
  readonly steps: readonly ApprovalStep[];
  readonly notes: readonly ApprovalPlanNote[];
  /** False when a blocking step has nobody to approve it: an administrator must fix the rules or the hierarchy. */
  readonly submittable: boolean;
  /** Display names of the requester and of everyone in the steps, by user id. */
  readonly people: Readonly<Record<string, string>>;
}

/**
 * The requisition total in the entity's currency: exact product by the rate, rounded to 2 decimals,
 * ties away from zero. Throws DomainError `currency_mismatch` when no rate is given for the
 * currency, `invalid_decimal` for a rate that is not a positive decimal.
 */
export function approvalAmount(
  total: Money,
  entityCurrency: CurrencyCode,
  rates: ApprovalExchangeRates,
): Money {
  if (total.currency === entityCurrency) return total;
  const rate = typeof rates === 'function' ? rates(total.currency) : rates[total.currency];
  if (rate === undefined) {
    throw new DomainError(
      'currency_mismatch',
      `No exchange rate from ${total.currency} to ${entityCurrency}: the requisition cannot be compared with the approval thresholds.`,
      { from: total.currency, to: entityCurrency },
    );
  }
  const parsed = parseDecimal(rate, `exchangeRates.${total.currency}`);
  if (parsed.lte('0')) {
    throw new DomainError('invalid_decimal', `The exchange rate "${rate}" must be positive.`, [
      { field: `exchangeRates.${total.currency}`, reason: 'must be positive' },
    ]);
  }
  return money(roundHalfAwayFromZero(total.amount.times(parsed), 2), entityCurrency);
}

/** Why a rule applies, one phrase per condition, or null when a condition does not hold. */
function matchReasons(
  conditions: ApprovalConditions,
  requisition: ApprovalRequisition,
  amount: Money,
  nameOf: (userId: string) => string,
): string[] | null {
  const reasons: string[] = [];
  const value = amount.amount;
  const shown = formatAmount(value, amount.currency);
  const { minAmount, maxAmount } = conditions;
  if (minAmount !== undefined && value.lt(toDecimal(minAmount, 'minAmount'))) return null;
  if (maxAmount !== undefined && value.gte(toDecimal(maxAmount, 'maxAmount'))) return null;
  const min = minAmount === undefined ? null : formatAmount(toDecimal(minAmount), amount.currency);
  const max = maxAmount === undefined ? null : formatAmount(toDecimal(maxAmount), amount.currency);
  if (min !== null && max !== null) reasons.push(`the amount ${shown} is at least ${min} and below ${max}`);
  else if (min !== null) reasons.push(`the amount ${shown} is at least ${min}`);
  else if (max !== null) reasons.push(`the amount ${shown} is below ${max}`);

  const inList = (list: readonly string[] | undefined, candidate: string) =>
    list === undefined || list.length === 0 || list.includes(candidate);
  if (!inList(conditions.entityIds, requisition.entityId)) return null;
  if (conditions.entityIds?.length) reasons.push(`the entity is ${requisition.entityId}`);
  if (!inList(conditions.costCentreIds, requisition.costCentreId)) return null;
  if (conditions.costCentreIds?.length) reasons.push(`the cost centre is ${requisition.costCentreId}`);
  if (!inList(conditions.requesterIds, requisition.requesterId)) return null;
  if (conditions.requesterIds?.length) reasons.push(`the requester is ${nameOf(requisition.requesterId)}`);

  if (conditions.categoryCodes?.length) {
    const codes = conditions.categoryCodes;
    const matched = requisition.lines
      .map((line) => line.categoryCode)
      .filter((code): code is string => codes.some((prefix) => categoryMatches(prefix, code)));
    if (matched.length === 0) return null;
    reasons.push(`a line is in category ${[...new Set(matched)].join(', ')} (rule: ${codes.join(', ')})`);
  }
  if (conditions.supplierIds?.length) {
    const suppliers = conditions.supplierIds;
    const matched = requisition.lines
      .map((line) => line.supplierId)
      .filter((id): id is string => id !== null && suppliers.includes(id));
    if (matched.length === 0) return null;
    reasons.push(`a line is from supplier ${[...new Set(matched)].join(', ')}`);
  }
  if (conditions.budgetState !== undefined) {
    if (requisition.budgetState !== conditions.budgetState) return null;
    reasons.push(conditions.budgetState === 'over' ? 'it is over budget' : 'it is within budget');
  }
  if (conditions.hasFreeTextLines !== undefined) {
    const hasFreeText = requisition.lines.some((line) => line.freeText);
    if (hasFreeText !== conditions.hasFreeTextLines) return null;
    reasons.push(hasFreeText ? 'it has free-text lines' : 'it has no free-text lines');
  }
  if (reasons.length === 0) reasons.push('it applies to every requisition');
  return reasons;
}

function formatAmount(value: Big, currency: CurrencyCode): string {
  return `${money(value, currency).toDecimalString(2)} ${currency}`;
}

type DraftNote = Omit<ApprovalPlanNote, 'stepIndex' | 'ruleId'>;

/** A step before duplicates across steps are removed and indexes given. */
interface DraftStep {
  readonly rule: ApprovalRule;
  readonly approverUserIds: readonly string[];
  readonly chainLevel: ApprovalStep['chainLevel'];
  /** Why these approvers, for the explanation. */
  readonly approverReason: string;
  readonly reasons: readonly string[];
  readonly notes: DraftNote[];
}

interface Resolution {
  readonly approverUserIds: string[];
  readonly reason: string;
  readonly notes: DraftNote[];
}

class Organisation {
  readonly #users: Map<string, ApprovalDirectoryUser>;
  readonly #costCentres: Map<string, string | null>;

  constructor(
    directory: ApprovalDirectory,
    readonly requesterId: string,
    readonly amount: Money,
  ) {
    this.#users = new Map(directory.users.map((user) => [user.id, user]));
    this.#costCentres = new Map(directory.costCentres.map((centre) => [centre.id, centre.managerUserId]));
  }

  user(id: string): ApprovalDirectoryUser | undefined {
    return this.#users.get(id);
  }

  usersWithRole(role: string): ApprovalDirectoryUser[] {
    return [...this.#users.values()].filter((user) => user.roles.includes(role));
  }

  nameOf = (id: string): string => this.#users.get(id)?.displayName ?? id;

  costCentreManager(costCentreId: string): string | null {
    return this.#costCentres.get(costCentreId) ?? null;
  }

  requesterManager(): string | null {
    return this.#users.get(this.requesterId)?.managerUserId ?? null;
  }

  /** Why a person cannot approve this requisition, as a note, or undefined when they can. */
  ineligibility(id: string): DraftNote | undefined {
    const user = this.#users.get(id);
    if (user === undefined)
      return this.#note('unknown_approver_skipped', 'warning', id, `${id} is not a known user: skipped.`);
    if (id === this.requesterId)
      return this.#note(
        'self_approval_skipped',
        'info',
        id,
        `${user.displayName} is the requester and never approves their own request: skipped.`,
      );
    if (!user.active)
      return this.#note(
        'inactive_approver_skipped',
        'info',
        id,
        `${user.displayName} is no longer active: skipped.`,
      );
    return undefined;
  }

  covers(user: ApprovalDirectoryUser): boolean {
    return (
      user.approvalLimit !== null && toDecimal(user.approvalLimit, 'approvalLimit').gte(this.amount.amount)
    );
  }

  #note(code: ApprovalPlanNoteCode, level: DraftNote['level'], userId: string, message: string): DraftNote {
    return { code, level, userId, message };
  }
}

/**
 * Climbs the hierarchy from `start`: every eligible manager on the way is a level, up to and
 * including the first whose limit covers the amount. The requester, inactive people and unknown
 * ids are skipped (the climb goes on through their own manager; an unknown id ends it).
 */
function climbManagerChain(org: Organisation, start: string | null, notes: DraftNote[]): string[] {
  const levels: string[] = [];
  const visited = new Set<string>();
  let current = start;
  while (current !== null) {
    if (visited.has(current)) {
      const top = levels.at(-1);
      notes.push({
        code: 'manager_chain_loop',
        level: 'warning',
        userId: current,
        message:
          `The management hierarchy loops back to ${org.nameOf(current)}` +
          (top === undefined ? '.' : `: ${org.nameOf(top)}, at the top of the chain, approves.`),
      });
      return levels;
    }
    visited.add(current);
    const user = org.user(current);
    const skipped = org.ineligibility(current);
    if (skipped !== undefined) notes.push(skipped);
    if (user === undefined) break;
    if (skipped === undefined) {
      levels.push(user.id);
      if (org.covers(user)) return levels;
    }
    current = user.managerUserId;
  }
  const top = levels.at(-1);
  if (top !== undefined) {
    notes.push({
      code: 'manager_chain_exhausted',
      level: 'warning',
      userId: top,
      message: `No manager in the chain has an approval limit covering ${formatAmount(org.amount.amount, org.amount.currency)}: ${org.nameOf(top)}, at the top of the chain, approves.`,
    });
  }
  return levels;
}

/** The first eligible manager above the requester, for a step left with nobody. */
function requesterManagerFallback(org: Organisation, notes: DraftNote[]): string | null {
  const visited = new Set<string>();
  let current = org.requesterManager();
  while (current !== null && !visited.has(current)) {
    visited.add(current);
    const user = org.user(current);
    if (user === undefined) return null;
    if (org.ineligibility(current) === undefined) {
      notes.push({
        code: 'fell_to_requester_manager',
        level: 'warning',
        userId: current,
        message: `Nobody else can approve this step: it falls to ${user.displayName}, the requester's manager.`,
      });
      return current;
    }
    current = user.managerUserId;
  }
  return null;
}

function eligible(org: Organisation, ids: readonly string[], notes: DraftNote[]): string[] {
  return ids.filter((id) => {
    const skipped = org.ineligibility(id);
    if (skipped !== undefined) notes.push(skipped);
    return skipped === undefined;
  });
}

function withFallback(org: Organisation, resolution: Resolution): Resolution {
  if (resolution.approverUserIds.length > 0) return resolution;
  const fallback = requesterManagerFallback(org, resolution.notes);
  return fallback === null
    ? resolution
    : { ...resolution, approverUserIds: [fallback], reason: "the requester's manager, as nobody else can" };
}

function resolveApprovers(
  rule: ApprovalRule,
  org: Organisation,
  costCentreId: string,
): Resolution | { chain: string[]; notes: DraftNote[] } {
  const notes: DraftNote[] = [];
  const approvers = rule.step.approvers;
  const centreManager = org.costCentreManager(costCentreId);
  switch (approvers.kind) {
    case 'manager_chain': {
      let start = centreManager;
      if (start === null) {
        start = org.requesterManager();
        notes.push({
          code: 'cost_centre_without_manager',
          level: 'warning',
          userId: null,
          message: `Cost centre ${costCentreId} has no manager: the chain starts at the requester's manager.`,
        });
      }
      const chain = climbManagerChain(org, start, notes);
      if (chain.length > 0) return { chain, notes };
      return withFallback(org, { approverUserIds: [], reason: 'manager chain', notes });
    }
    case 'cost_centre_manager': {
      if (centreManager === null) {
        notes.push({
          code: 'cost_centre_without_manager',
          level: 'warning',
          userId: null,
          message: `Cost centre ${costCentreId} has no manager.`,
        });
      }
      const ids = eligible(org, centreManager === null ? [] : [centreManager], notes);
      return withFallback(org, {
        approverUserIds: ids,
        reason: `the manager of cost centre ${costCentreId}`,
        notes,
      });
    }
    case 'role': {
      const holders = org.usersWithRole(approvers.role).map((user) => user.id);
      const ids = eligible(org, holders, notes);
      return withFallback(org, {
        approverUserIds: ids,
        reason: `holders of the role '${approvers.role}'`,
        notes,
      });
    }
    case 'users': {
      const ids = eligible(org, [...new Set(approvers.userIds)], notes);
      return withFallback(org, { approverUserIds: ids, reason: 'named in the rule', notes });
    }
  }
}

function draftSteps(
  rule: ApprovalRule,
  reasons: string[],
  org: Organisation,
  costCentreId: string,
): DraftStep[] {
  const resolved = resolveApprovers(rule, org, costCentreId);
  if (!('chain' in resolved)) {
    return [{ rule, reasons, chainLevel: null, approverReason: resolved.reason, ...resolved }];
  }
  const { chain, notes } = resolved;
  const amount = formatAmount(org.amount.amount, org.amount.currency);
  return chain.map((userId, position) => {
    const user = org.user(userId);
    const limit = user?.approvalLimit
      ? formatAmount(toDecimal(user.approvalLimit), org.amount.currency)
      : null;
    const covers = user !== undefined && org.covers(user);
    const why =
      limit === null
        ? 'has no approval limit'
        : covers
          ? `approval limit ${limit} covers ${amount}`
          : `approval limit ${limit} is below ${amount}`;
    const last = position === chain.length - 1;
    return {
      rule,
      reasons,
      chainLevel: { level: position + 1, of: chain.length },
      approverUserIds: [userId],
      approverReason: `manager chain level ${position + 1} of ${chain.length} (${why}${last && !covers ? ', top of the chain' : ''})`,
      // The chain's notes are told once, on its first level.
      notes: position === 0 ? notes : [],
    };
  });
}

function explain(draft: DraftStep, approverUserIds: readonly string[], org: Organisation): string {
  const { rule } = draft;
  const names = approverUserIds.map(org.nameOf).join(', ');
  const who =
    approverUserIds.length === 0
      ? 'nobody can approve it'
      : approverUserIds.length === 1
        ? `${names} approves`
        : rule.step.mode === 'any'
          ? `any one of ${names} approves`
          : `all of ${names} approve`;
  const prefix = rule.kind === 'warning' ? 'For information, does not block: ' : '';
  return `${prefix}rule “${rule.name}” applies because ${draft.reasons.join('; ')}. ${who[0]?.toUpperCase()}${who.slice(1)} — ${draft.approverReason}.`;
}

/**
 * The approval chain of a requisition, for the preview before submitting and for the workflow
 * after it. Each active rule, in `order` (ties by id), whose conditions hold adds a step (a manager
 * chain one step per level). Nobody approves their own request and inactive people are skipped: the
 * level passes to the next manager up; a role or named-people step left with nobody falls to the
 * requester's manager. Someone certain to approve at an earlier blocking step (its only approver,
 * or one of an 'all' step) is not asked again: dropped from later steps, and a step left empty is
 * dropped. People informed by a warning step are not informed twice. Throws only when the amount
 * cannot be converted (see {@link approvalAmount}); problems in the organisation's data are notes.
 */
export function planApprovalChain(input: ApprovalPlanInput): ApprovalPlan {
  const { requisition, directory } = input;
  const amount = approvalAmount(requisition.total, input.entityCurrency, input.exchangeRates);
  const org = new Organisation(directory, requisition.requesterId, amount);
  const rules = input.rules
    .filter((rule) => rule.active)
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));

  const drafts: DraftStep[] = [];
  for (const rule of rules) {
    const reasons = matchReasons(rule.conditions, requisition, amount, org.nameOf);
    if (reasons !== null) drafts.push(...draftSteps(rule, reasons, org, requisition.costCentreId));
  }

  const steps: ApprovalStep[] = [];
  const notes: ApprovalPlanNote[] = [];
  /** People sure to have approved once a blocking step completes, with that step's index. */
  const certain = new Map<string, number>();
  /** People who may approve at an earlier 'any' step (another may approve instead). */
  const possible = new Map<string, number>();
  const informed = new Map<string, number>();
  for (const draft of drafts) {
    const { rule } = draft;
    const stepNotes: DraftNote[] = [...draft.notes];
    const index = steps.length;
    const blocking = rule.kind === 'blocking';
    const earlier = blocking ? certain : informed;
    const kept = draft.approverUserIds.filter((id) => {
      const at = earlier.get(id);
      if (at === undefined) return true;
      stepNotes.push({
        code: 'already_approver_earlier',
        level: 'info',
        userId: id,
        message: blocking
          ? `${org.nameOf(id)} already approves at step ${at + 1} and is not asked again.`
          : `${org.nameOf(id)} already hears of the request at step ${at + 1}.`,
      });
      return false;
    });
    const dropped = kept.length === 0 && draft.approverUserIds.length > 0;
    if (dropped || (kept.length === 0 && !blocking)) {
      stepNotes.push({
        code: 'step_dropped',
        level: 'info',
        userId: null,
        message: dropped
          ? `The step of rule “${rule.name}” is dropped: its approvers already approve earlier.`
          : `The step of rule “${rule.name}” is dropped: nobody to inform.`,
      });
      notes.push(...stepNotes.map((note) => ({ ...note, ruleId: rule.id, stepIndex: null })));
      continue;
    }
    if (kept.length === 0) {
      stepNotes.push({
        code: 'no_approver',
        level: 'error',
        userId: null,
        message: `Nobody can approve the step of rule “${rule.name}”: the requisition cannot be submitted until an administrator fixes the rule or the hierarchy.`,
      });
    }
    if (blocking) {
      for (const id of kept) {
        const at = possible.get(id);
        if (at === undefined) continue;
        stepNotes.push({
          code: 'may_have_approved_earlier',
          level: 'info',
          userId: id,
          message: `${org.nameOf(id)} may approve at step ${at + 1}; if so, they are not asked again here.`,
        });
      }
      const register = rule.step.mode === 'all' || kept.length === 1 ? certain : possible;
      for (const id of kept) if (!register.has(id)) register.set(id, index);
    }
    for (const id of kept) if (!informed.has(id)) informed.set(id, index);
    steps.push({
      index,
      ruleId: rule.id,
      ruleName: rule.name,
      label: rule.step.label ?? rule.name,
      kind: rule.kind,
      mode: rule.step.mode,
      approverUserIds: kept,
      chainLevel: draft.chainLevel,
      explanation: explain(draft, kept, org),
    });
    notes.push(...stepNotes.map((note) => ({ ...note, ruleId: rule.id, stepIndex: index })));
  }

  const people: Record<string, string> = { [requisition.requesterId]: org.nameOf(requisition.requesterId) };
  for (const step of steps) for (const id of step.approverUserIds) people[id] = org.nameOf(id);
  return {
    requesterId: requisition.requesterId,
    amount,
    steps,
    notes,
    submittable: !notes.some((note) => note.level === 'error'),
    people,
  };
}
