// A budget file, row by row: all of it becomes budget lines, or none of it does and every problem is
// named by its row, column and reason. Reading the bytes (CSV, XLSX) is the purchasing service's
// job; these rules see the cells as text. Entities and cost centres are checked through lookups the
// caller passes in.

import { isDomainError } from '../errors/index.js';
import { decimalPlaces, decimalProblem, parseDecimal } from '../money/decimal.js';
import { type CurrencyCode, isCurrencyCode, minorUnitsOf, money } from '../money/index.js';
import {
  type BudgetLine,
  type BudgetPolicy,
  budgetCategoryProblem,
  budgetLineConflicts,
  budgetLineKeyOf,
  budgetLineKeyString,
  budgetPolicyOf,
} from './budget-line.js';
import { type BudgetPeriod, parseBudgetPeriod, periodsOverlap } from './budget-period.js';

/** The columns of a budget file, in the order of the template. */
export const budgetImportColumns = [
  'entity',
  'cost_centre',
  'budget_category',
  'period',
  'amount',
  'currency',
  'policy',
] as const;
export type BudgetImportColumn = (typeof budgetImportColumns)[number];

/** Other header names accepted for each column (English variants and French), after normalising. */
const columnAliases: Readonly<Record<string, BudgetImportColumn>> = {
  entity: 'entity',
  entity_code: 'entity',
  entite: 'entity',
  societe: 'entity',
  cost_centre: 'cost_centre',
  cost_center: 'cost_centre',
  cost_centre_code: 'cost_centre',
  cost_center_code: 'cost_centre',
  centre_de_cout: 'cost_centre',
  centre_de_couts: 'cost_centre',
  budget_category: 'budget_category',
  category: 'budget_category',
  gl_account: 'budget_category',
  account: 'budget_category',
  categorie: 'budget_category',
  categorie_budgetaire: 'budget_category',
  compte: 'budget_category',
  period: 'period',
  periode: 'period',
  amount: 'amount',
  budget: 'amount',
  montant: 'amount',
  currency: 'currency',
  devise: 'currency',
  policy: 'policy',
  politique: 'policy',
  controle: 'policy',
};

/** Most budget rows in one file. */
export const maxBudgetImportRows = 20_000;

export type BudgetImportProblemCode =
  | 'no_rows'
  | 'too_many_rows'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'extra_cells'
  | 'missing_value'
  | 'unknown_entity'
  | 'unknown_cost_centre'
  | 'invalid_budget_category'
  | 'unknown_budget_category'
  | 'invalid_period'
  | 'invalid_amount'
  | 'ambiguous_amount'
  | 'too_many_decimals'
  | 'invalid_currency'
  | 'invalid_policy'
  | 'duplicate_budget_line'
  | 'overlapping_period'
  | 'currency_changed';

/**
 * One thing wrong with the file. Rows are numbered as a spreadsheet shows them: the header is row 1,
 * the first budget row 2. `column` is a template column name (or the header's own text).
 */
export interface BudgetImportProblem {
  readonly row: number;
  readonly column: string;
  readonly code: BudgetImportProblemCode;
  readonly reason: string;
}

/**
 * Where each row's entity comes from: the file's `entity` column, looked up by code in `entities`;
 * or `entityId`, the one entity every row is for (the importer's), and the file has no entity column.
 */
export type BudgetImportEntities =
  | { readonly entities: ReadonlyMap<string, string>; readonly entityId?: undefined }
  | { readonly entityId: string; readonly entities?: undefined };

export type BudgetImportOptions = BudgetImportEntities & {
  /** Entity id → (cost centre code → cost centre id): a cost centre belongs to one entity. */
  readonly costCentres: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** When given, the only budget category codes accepted (GL accounts, categories). */
  readonly budgetCategories?: ReadonlySet<string>;
  /** Month (1–12) the fiscal year starts in, for "2026-Q1" and "FY2026". Default January. */
  readonly fiscalYearStartMonth?: number;
  /** For a blank or missing currency; without it the currency is required. */
  readonly defaultCurrency?: CurrencyCode;
  /** For a blank or missing policy; without it the policy is required. */
  readonly defaultPolicy?: BudgetPolicy;
  /**
   * The budget lines already entered (for the same entities): a row with the key of one of them
   * changes its amount and policy, never its currency; a row whose period overlaps another period of
   * an existing line for the same entity, cost centre and category is refused.
   */
  readonly existingLines?: readonly BudgetLine[];
};

/** What importing one row does: a budget line that did not exist, a change of one that did, or nothing. */
export interface BudgetImportChange {
  readonly row: number;
  readonly kind: 'new' | 'changed' | 'unchanged';
  readonly line: BudgetLine;
  /** The existing line, for `changed` and `unchanged`. */
  readonly before?: BudgetLine;
}

export type BudgetImportResult =
  | {
      readonly ok: true;
      readonly lines: readonly BudgetLine[];
      /** One per line, in file order. */
      readonly changes: readonly BudgetImportChange[];
    }
  | { readonly ok: false; readonly problems: readonly BudgetImportProblem[] };

function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s\-'’]+/g, '_');
}

/**
 * An amount as people type it: a '.' or a ',' before the decimals ("1234.50", "1234,50"), nothing
 * else. Thousands separators are refused rather than guessed ("1,234.50", "1 234,50", "1.234,50"),
 * and so is "1,234": one thousand two hundred and thirty-four, or one and a bit?
 */
function amountProblem(
  raw: string,
  currency: CurrencyCode | undefined,
): { code: BudgetImportProblemCode; reason: string } | undefined {
  const value = raw.trim();
  if (value === '') return { code: 'missing_value', reason: 'is required' };
  if (/^-?\d+,\d{3}$/.test(value))
    return {
      code: 'ambiguous_amount',
      reason: `"${raw}" could be read with a thousands separator or a decimal comma: write 1234 or 1234,00 (1.234 for decimals)`,
    };
  const canonical = canonicalAmount(value);
  if (decimalProblem(canonical) !== undefined)
    return {
      code: 'invalid_amount',
      reason: `"${raw}" is not an amount such as 1234.50 or 1234,50 (no currency sign, no thousands separator)`,
    };
  const amount = parseDecimal(canonical);
  if (amount.lt('0'))
    return { code: 'invalid_amount', reason: `${canonical} is negative: a budget cannot be` };
  if (currency !== undefined && decimalPlaces(amount) > minorUnitsOf(currency))
    return {
      code: 'too_many_decimals',
      reason: `${canonical} has more decimals than ${currency} has (${minorUnitsOf(currency)})`,
    };
  return undefined;
}

function canonicalAmount(raw: string): string {
  const value = raw.trim();
  return /^-?\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
}

/**
 * Reads budget lines from the rows of a file (the first row is the header), all or nothing: either
 * every row is a valid budget line and they all come back, or nothing does and every problem comes
 * back. Entirely blank rows are skipped. Two rows for the same entity, cost centre, category and
 * period are both in error, and so are two rows whose periods overlap (a month and its quarter).
 */
export function parseBudgetRows(
  rows: readonly (readonly string[])[],
  options: BudgetImportOptions,
): BudgetImportResult {
  const problems: BudgetImportProblem[] = [];
  const [header = [], ...body] = rows;
  const columnIndex = new Map<BudgetImportColumn, number>();
  header.forEach((name, index) => {
    if (name.trim() === '') return;
    const column = columnAliases[normaliseHeader(name)];
    if (column === undefined)
      problems.push({
        row: 1,
        column: name,
        code: 'unknown_column',
        reason: `"${name}" is not a column of the template (${budgetImportColumns.join(', ')})`,
      });
    else if (columnIndex.has(column))
      problems.push({ row: 1, column, code: 'duplicate_column', reason: 'appears twice in the header row' });
    else columnIndex.set(column, index);
  });
  const fixedEntity = options.entityId;
  if (fixedEntity !== undefined && columnIndex.has('entity')) {
    problems.push({
      row: 1,
      column: 'entity',
      code: 'unknown_column',
      reason: 'budget lines are imported into your own entity: remove the entity column',
    });
    columnIndex.delete('entity');
  }
  const optional = new Set<BudgetImportColumn>();
  if (fixedEntity !== undefined) optional.add('entity');
  if (options.defaultCurrency !== undefined) optional.add('currency');
  if (options.defaultPolicy !== undefined) optional.add('policy');
  for (const column of budgetImportColumns)
    if (!columnIndex.has(column) && !optional.has(column))
      problems.push({ row: 1, column, code: 'missing_column', reason: 'this required column is missing' });

  const filled = body
    .map((cells, index) => ({ rowNumber: index + 2, cells }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (filled.length === 0 && problems.length === 0)
    problems.push({
      row: 2,
      column: '',
      code: 'no_rows',
      reason: 'the file has no budget rows under the header',
    });
  if (filled.length > maxBudgetImportRows)
    return {
      ok: false,
      problems: [
        {
          row: (filled[maxBudgetImportRows] as { rowNumber: number }).rowNumber,
          column: '',
          code: 'too_many_rows',
          reason: `the file has ${filled.length} budget rows, at most ${maxBudgetImportRows}`,
        },
      ],
    };

  const lines: { rowNumber: number; line: BudgetLine }[] = [];
  const keyed: {
    rowNumber: number;
    key: Pick<BudgetLine, 'entityId' | 'costCentreId' | 'budgetCategory' | 'period'>;
  }[] = [];
  for (const { rowNumber, cells } of filled) {
    const rowProblems: BudgetImportProblem[] = [];
    const problem = (column: string, code: BudgetImportProblemCode, reason: string) =>
      rowProblems.push({ row: rowNumber, column, code, reason });
    const present = (column: BudgetImportColumn) => columnIndex.has(column);
    const cell = (column: BudgetImportColumn): string => {
      const index = columnIndex.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    if (cells.slice(header.length).some((c) => c.trim() !== ''))
      problem(`column ${header.length + 1}`, 'extra_cells', 'the row has more cells than the header row');

    let entityId = fixedEntity;
    if (present('entity')) {
      const code = cell('entity');
      entityId = options.entities?.get(code);
      if (code === '') problem('entity', 'missing_value', 'is required');
      else if (entityId === undefined)
        problem('entity', 'unknown_entity', `"${code}" is not an entity of Procura`);
    }

    let costCentreId: string | undefined;
    if (present('cost_centre')) {
      const code = cell('cost_centre');
      if (code === '') problem('cost_centre', 'missing_value', 'is required');
      else if (entityId !== undefined) {
        costCentreId = options.costCentres.get(entityId)?.get(code);
        if (costCentreId === undefined)
          problem(
            'cost_centre',
            'unknown_cost_centre',
            fixedEntity === undefined
              ? `"${code}" is not a cost centre of entity ${cell('entity')}`
              : `"${code}" is not a cost centre of your entity`,
          );
      }
    }

    let budgetCategory: string | undefined;
    if (present('budget_category')) {
      const code = cell('budget_category');
      const categoryProblem = budgetCategoryProblem(code);
      if (code === '') problem('budget_category', 'missing_value', 'is required');
      else if (categoryProblem) problem('budget_category', 'invalid_budget_category', categoryProblem);
      else if (options.budgetCategories && !options.budgetCategories.has(code))
        problem(
          'budget_category',
          'unknown_budget_category',
          `"${code}" is not a budget category of Procura`,
        );
      else budgetCategory = code;
    }

    let period: BudgetPeriod | undefined;
    if (present('period')) {
      const key = cell('period');
      if (key === '') problem('period', 'missing_value', 'is required');
      else
        try {
          period = parseBudgetPeriod(key, options.fiscalYearStartMonth);
        } catch (error) {
          if (!isDomainError(error, 'validation_failed')) throw error;
          problem('period', 'invalid_period', error.message);
        }
    }

    let currency: CurrencyCode | undefined;
    const currencyText = cell('currency').toUpperCase();
    if (currencyText === '') {
      currency = options.defaultCurrency;
      if (currency === undefined && present('currency')) problem('currency', 'missing_value', 'is required');
    } else if (isCurrencyCode(currencyText)) currency = currencyText;
    else
      problem(
        'currency',
        'invalid_currency',
        `"${cell('currency')}" is not an ISO 4217 currency code Procura accepts`,
      );

    const amountText = cell('amount');
    const amountIssue = present('amount') ? amountProblem(amountText, currency) : undefined;
    if (amountIssue) problem('amount', amountIssue.code, amountIssue.reason);

    let policy: BudgetPolicy | undefined;
    const policyText = cell('policy');
    if (policyText === '') {
      policy = options.defaultPolicy;
      if (policy === undefined && present('policy')) problem('policy', 'missing_value', 'is required');
    } else {
      policy = budgetPolicyOf(policyText);
      if (policy === undefined)
        problem(
          'policy',
          'invalid_policy',
          `"${policyText}" is not a policy: stop, warn or ignore (arrêt, alerte, ignorer)`,
        );
    }

    if (
      entityId !== undefined &&
      costCentreId !== undefined &&
      budgetCategory !== undefined &&
      period !== undefined
    )
      keyed.push({ rowNumber, key: { entityId, costCentreId, budgetCategory, period } });
    // In the template's column order (the currency is read before the amount, whose decimals depend on it).
    const order = (column: string) => {
      const position = (budgetImportColumns as readonly string[]).indexOf(column);
      return position === -1 ? budgetImportColumns.length : position;
    };
    problems.push(...rowProblems.sort((a, b) => order(a.column) - order(b.column)));
    if (
      rowProblems.length === 0 &&
      entityId !== undefined &&
      costCentreId !== undefined &&
      budgetCategory !== undefined &&
      period !== undefined &&
      currency !== undefined &&
      policy !== undefined &&
      present('amount')
    )
      lines.push({
        rowNumber,
        line: {
          entityId,
          costCentreId,
          budgetCategory,
          period,
          amount: money(canonicalAmount(amountText), currency),
          policy,
        },
      });
  }

  for (const conflict of budgetLineConflicts(keyed.map(({ key }) => key))) {
    const first = keyed[conflict.first] as (typeof keyed)[number];
    const second = keyed[conflict.second] as (typeof keyed)[number];
    for (const [row, other] of [
      [first, second],
      [second, first],
    ] as const)
      problems.push(
        conflict.kind === 'duplicate'
          ? {
              row: row.rowNumber,
              column: 'period',
              code: 'duplicate_budget_line',
              reason: `row ${other.rowNumber} is the same budget line (entity, cost centre, category and period ${row.key.period.key}): a budget line may appear once`,
            }
          : {
              row: row.rowNumber,
              column: 'period',
              code: 'overlapping_period',
              reason: `${row.key.period.key} overlaps ${other.key.period.key} on row ${other.rowNumber} for the same entity, cost centre and category`,
            },
      );
  }

  const existingByScope = new Map<string, BudgetLine[]>();
  for (const existing of options.existingLines ?? [])
    existingByScope.set(scopeOf(existing), [...(existingByScope.get(scopeOf(existing)) ?? []), existing]);
  const changes = lines.map(({ rowNumber, line }) =>
    changeOf(rowNumber, line, existingByScope.get(scopeOf(line)) ?? [], problems),
  );
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  return { ok: true, lines: lines.map(({ line }) => line), changes };
}

const scopeOf = (line: BudgetLine) => JSON.stringify([line.entityId, line.costCentreId, line.budgetCategory]);

/**
 * What the row's line does to the existing lines of its entity, cost centre and category; a change
 * they cannot take is added to `problems`.
 */
function changeOf(
  row: number,
  line: BudgetLine,
  sameScope: readonly BudgetLine[],
  problems: BudgetImportProblem[],
): BudgetImportChange {
  const key = budgetLineKeyString(budgetLineKeyOf(line));
  let before: BudgetLine | undefined;
  for (const existing of sameScope) {
    if (budgetLineKeyString(budgetLineKeyOf(existing)) === key) before = existing;
    else if (periodsOverlap(existing.period, line.period))
      problems.push({
        row,
        column: 'period',
        code: 'overlapping_period',
        reason: `${line.period.key} overlaps the budget line ${existing.period.key} already entered for the same cost centre and category`,
      });
  }
  if (before === undefined) return { row, kind: 'new', line };
  if (before.amount.currency !== line.amount.currency) {
    problems.push({
      row,
      column: 'currency',
      code: 'currency_changed',
      reason: `the budget line ${line.period.key} is in ${before.amount.currency}: its currency cannot change`,
    });
    return { row, kind: 'unchanged', line, before };
  }
  const same = before.amount.equals(line.amount) && before.policy === line.policy;
  return { row, kind: same ? 'unchanged' : 'changed', line, before };
}
