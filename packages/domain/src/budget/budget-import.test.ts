import { describe, expect, it } from 'vitest';
import {
  type BudgetImportOptions,
  type BudgetImportResult,
  maxBudgetImportRows,
  parseBudgetRows,
} from './budget-import.js';

const options: BudgetImportOptions = {
  entities: new Map([
    ['FR01', 'ent-fr'],
    ['DE01', 'ent-de'],
  ]),
  costCentres: new Map([
    [
      'ent-fr',
      new Map([
        ['IT', 'cc-it'],
        ['RH', 'cc-hr'],
      ]),
    ],
    ['ent-de', new Map([['LOG', 'cc-log']])],
  ]),
};

const header = ['entity', 'cost_centre', 'budget_category', 'period', 'amount', 'currency', 'policy'];
const good = ['FR01', 'IT', '606300', '2026-11', '1000.00', 'EUR', 'stop'];

/** The good row with one cell changed (and, unless told, a category of its own, so rows stay distinct). */
let rowCount = 0;
function withCell(column: string, value: string): string[] {
  const row = [...good];
  rowCount += 1;
  row[2] = `6063${String(rowCount).padStart(2, '0')}`;
  row[header.indexOf(column)] = value;
  return row;
}

function problemsOf(result: BudgetImportResult) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => [p.row, p.column, p.code]);
}

function linesOf(result: BudgetImportResult) {
  if (!result.ok) throw new Error(`expected lines, got ${JSON.stringify(result.problems)}`);
  return result.lines;
}

describe('parseBudgetRows', () => {
  it('reads valid rows into budget lines, ids looked up, period and amount parsed', () => {
    const lines = linesOf(
      parseBudgetRows(
        [
          header,
          good,
          ['DE01', 'LOG', '606400', '2026-Q4', '250,5', 'eur', 'Alerte'],
          ['FR01', 'RH', '606300', 'FY2026', '0', 'EUR', 'ignorer'],
        ],
        options,
      ),
    );
    expect(
      lines.map((l) => [
        l.entityId,
        l.costCentreId,
        l.budgetCategory,
        l.period.key,
        l.amount.toString(),
        l.policy,
      ]),
    ).toEqual([
      ['ent-fr', 'cc-it', '606300', '2026-11', '1000.00 EUR', 'stop'],
      ['ent-de', 'cc-log', '606400', '2026-Q4', '250.50 EUR', 'warn'],
      ['ent-fr', 'cc-hr', '606300', 'FY2026', '0.00 EUR', 'ignore'],
    ]);
    expect(lines[1]?.period).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
  });

  it('reads quarters and fiscal years with the fiscal year’s start month', () => {
    const [line] = linesOf(
      parseBudgetRows([header, withCell('period', 'FY2026')], { ...options, fiscalYearStartMonth: 4 }),
    );
    expect(line?.period).toMatchObject({ start: '2026-04-01', end: '2027-03-31' });
  });

  it('accepts French headers, in any order, accents and case ignored', () => {
    const french = ['Période', 'Entité', 'Centre de coût', 'Catégorie', 'Montant', 'Devise', 'Politique'];
    const [line] = linesOf(
      parseBudgetRows([french, ['2026-11', 'FR01', 'IT', '606300', '1200,00', 'EUR', 'Arrêt']], options),
    );
    expect([line?.entityId, line?.period.key, line?.amount.toString(), line?.policy]).toEqual([
      'ent-fr',
      '2026-11',
      '1200.00 EUR',
      'stop',
    ]);
  });

  it('fills a missing currency or policy from the defaults given', () => {
    const [line] = linesOf(
      parseBudgetRows([header.slice(0, 5), good.slice(0, 5)], {
        ...options,
        defaultCurrency: 'EUR',
        defaultPolicy: 'warn',
      }),
    );
    expect([line?.amount.currency, line?.policy]).toEqual(['EUR', 'warn']);
  });

  it('skips blank rows and keeps the spreadsheet’s row numbers', () => {
    const result = parseBudgetRows([header, ['', ' '], withCell('amount', 'abc')], options);
    expect(problemsOf(result)).toEqual([[3, 'amount', 'invalid_amount']]);
  });

  it('names each missing column, an unknown one and one given twice, on row 1', () => {
    const result = parseBudgetRows(
      [
        ['entity', 'entite', 'budget_category', 'period', 'amount', 'notes'],
        ['FR01', 'FR01', '606300', '2026-11', '1', ''],
      ],
      options,
    );
    expect(problemsOf(result)).toEqual([
      [1, 'entity', 'duplicate_column'],
      [1, 'notes', 'unknown_column'],
      [1, 'cost_centre', 'missing_column'],
      [1, 'currency', 'missing_column'],
      [1, 'policy', 'missing_column'],
    ]);
  });

  it('refuses a file with no budget rows', () => {
    expect(problemsOf(parseBudgetRows([header, ['', '']], options))).toEqual([[2, '', 'no_rows']]);
    expect(problemsOf(parseBudgetRows([], options))).toContainEqual([1, 'entity', 'missing_column']);
  });

  it('refuses a file of more than the most rows at once, naming the first row too many', () => {
    const rows = [header, ...Array.from({ length: maxBudgetImportRows + 1 }, () => good)];
    expect(problemsOf(parseBudgetRows(rows, options))).toEqual([
      [maxBudgetImportRows + 2, '', 'too_many_rows'],
    ]);
  });

  it.each([
    ['entity', 'XX99', 'unknown_entity'],
    ['entity', '', 'missing_value'],
    ['cost_centre', 'LOG', 'unknown_cost_centre'], // a cost centre of the German entity
    ['cost_centre', '', 'missing_value'],
    ['budget_category', '', 'missing_value'],
    ['budget_category', 'x'.repeat(41), 'invalid_budget_category'],
    ['period', '2026-13', 'invalid_period'],
    ['period', 'November', 'invalid_period'],
    ['period', '', 'missing_value'],
    ['amount', '', 'missing_value'],
    ['amount', '-100', 'invalid_amount'],
    ['amount', '1,234.50', 'invalid_amount'],
    ['amount', '1.234,50', 'invalid_amount'],
    ['amount', '1 234,50', 'invalid_amount'],
    ['amount', '€100', 'invalid_amount'],
    ['amount', '1e3', 'invalid_amount'],
    ['amount', '1,234', 'ambiguous_amount'],
    ['amount', '12.345', 'too_many_decimals'],
    ['currency', 'EURO', 'invalid_currency'],
    ['currency', '', 'missing_value'],
    ['policy', 'maybe', 'invalid_policy'],
    ['policy', '', 'missing_value'],
  ])('names the row and column of a %s of "%s": %s', (column, value, code) => {
    expect(problemsOf(parseBudgetRows([header, withCell(column, value)], options))).toEqual([
      [2, column, code],
    ]);
  });

  it('explains why an amount is refused', () => {
    const result = parseBudgetRows(
      [header, withCell('amount', '-100'), withCell('amount', '1,234')],
      options,
    );
    expect(result.ok ? [] : result.problems.map((p) => p.reason)).toEqual([
      '-100 is negative: a budget cannot be',
      '"1,234" could be read with a thousands separator or a decimal comma: write 1234 or 1234,00 (1.234 for decimals)',
    ]);
  });

  it('checks decimals against the currency: 100 JPY is fine, 10.5 JPY is not', () => {
    const yen = (amount: string) => {
      const row = withCell('currency', 'JPY');
      row[header.indexOf('amount')] = amount;
      return row;
    };
    expect(linesOf(parseBudgetRows([header, yen('100')], options))[0]?.amount.toString()).toBe('100 JPY');
    expect(problemsOf(parseBudgetRows([header, yen('10.5')], options))).toEqual([
      [2, 'amount', 'too_many_decimals'],
    ]);
  });

  it('accepts only the budget categories given, when a list is given', () => {
    const withCategories = { ...options, budgetCategories: new Set(['606300']) };
    expect(linesOf(parseBudgetRows([header, good], withCategories))).toHaveLength(1);
    expect(
      problemsOf(parseBudgetRows([header, withCell('budget_category', '999999')], withCategories)),
    ).toEqual([[2, 'budget_category', 'unknown_budget_category']]);
  });

  it('refuses a row with more cells than the header', () => {
    expect(problemsOf(parseBudgetRows([header, [...good, 'extra']], options))).toEqual([
      [2, 'column 8', 'extra_cells'],
    ]);
  });

  it('marks both rows of a budget line given twice, each naming the other', () => {
    const result = parseBudgetRows(
      [header, good, withCell('period', '2026-12'), [...good.slice(0, 4), '5', 'EUR', 'warn']],
      options,
    );
    expect(problemsOf(result)).toEqual([
      [2, 'period', 'duplicate_budget_line'],
      [4, 'period', 'duplicate_budget_line'],
    ]);
    expect(result.ok ? '' : result.problems[0]?.reason).toContain('row 4 is the same budget line');
  });

  it('marks every row of a key given three times', () => {
    const rows = problemsOf(parseBudgetRows([header, good, good, good], options)).map(([row]) => row);
    expect(rows).toEqual([2, 2, 3, 3, 4, 4]);
  });

  it('marks both rows when a month and the quarter holding it are budgeted for the same line', () => {
    const quarter = [...good];
    quarter[3] = '2026-Q4';
    expect(problemsOf(parseBudgetRows([header, good, quarter], options))).toEqual([
      [2, 'period', 'overlapping_period'],
      [3, 'period', 'overlapping_period'],
    ]);
  });

  it('imports nothing when one row of many is wrong: all or nothing', () => {
    const result = parseBudgetRows(
      [header, good, withCell('period', '2026-12'), withCell('amount', '-1')],
      options,
    );
    expect(result.ok).toBe(false);
    expect('lines' in result).toBe(false);
    expect(problemsOf(result)).toEqual([[4, 'amount', 'invalid_amount']]);
  });

  it('lists every problem of every row, in row order', () => {
    const bad = ['XX', 'IT', '', '2026-13', '-1', 'EURO', 'maybe'];
    expect(problemsOf(parseBudgetRows([header, bad, withCell('policy', '?')], options))).toEqual([
      [2, 'entity', 'unknown_entity'],
      [2, 'budget_category', 'missing_value'],
      [2, 'period', 'invalid_period'],
      [2, 'amount', 'invalid_amount'],
      [2, 'currency', 'invalid_currency'],
      [2, 'policy', 'invalid_policy'],
      [3, 'policy', 'invalid_policy'],
    ]);
  });
});

describe('parseBudgetRows into the importer’s own entity', () => {
  const ownEntity: BudgetImportOptions = { entityId: 'ent-fr', costCentres: options.costCentres };
  const noEntity = header.slice(1);

  it('reads rows without an entity column, each for the entity given', () => {
    const [line] = linesOf(parseBudgetRows([noEntity, good.slice(1)], ownEntity));
    expect([line?.entityId, line?.costCentreId]).toEqual(['ent-fr', 'cc-it']);
  });

  it('refuses an entity column and a cost centre of another entity', () => {
    expect(problemsOf(parseBudgetRows([header, good], ownEntity))).toEqual([[1, 'entity', 'unknown_column']]);
    const other = ['LOG', '606300', '2026-11', '1', 'EUR', 'stop'];
    const result = parseBudgetRows([noEntity, other], ownEntity);
    expect(problemsOf(result)).toEqual([[2, 'cost_centre', 'unknown_cost_centre']]);
    expect(result.ok ? '' : result.problems[0]?.reason).toBe('"LOG" is not a cost centre of your entity');
  });
});

describe('parseBudgetRows against the budget lines already entered', () => {
  const existing = linesOf(
    parseBudgetRows(
      [
        header,
        ['FR01', 'IT', '606300', '2026-11', '1000.00', 'EUR', 'stop'],
        ['FR01', 'IT', '606400', 'FY2026', '500.00', 'EUR', 'warn'],
        ['FR01', 'RH', '606300', '2026-11', '80.00', 'EUR', 'warn'],
      ],
      options,
    ),
  );
  const withExisting = { ...options, existingLines: existing };

  function changesOf(result: BudgetImportResult) {
    if (!result.ok) throw new Error(`expected changes, got ${JSON.stringify(result.problems)}`);
    return result.changes.map((c) => [c.row, c.kind, c.line.amount.toString(), c.before?.amount.toString()]);
  }

  it('tells a new line from a change of amount or policy of an existing key, and from no change', () => {
    const result = parseBudgetRows(
      [
        header,
        ['FR01', 'IT', '606300', '2026-11', '1200.00', 'EUR', 'stop'],
        ['FR01', 'IT', '606400', 'FY2026', '500', 'EUR', 'stop'],
        ['FR01', 'RH', '606300', '2026-11', '80', 'EUR', 'warn'],
        ['FR01', 'RH', '606300', '2026-12', '80', 'EUR', 'warn'],
      ],
      withExisting,
    );
    expect(changesOf(result)).toEqual([
      [2, 'changed', '1200.00 EUR', '1000.00 EUR'],
      [3, 'changed', '500.00 EUR', '500.00 EUR'],
      [4, 'unchanged', '80.00 EUR', '80.00 EUR'],
      [5, 'new', '80.00 EUR', undefined],
    ]);
  });

  it('refuses a period overlapping an existing line of the same cost centre and category', () => {
    const result = parseBudgetRows(
      [header, ['FR01', 'IT', '606300', '2026-Q4', '3000', 'EUR', 'stop']],
      withExisting,
    );
    expect(problemsOf(result)).toEqual([[2, 'period', 'overlapping_period']]);
    expect(result.ok ? '' : result.problems[0]?.reason).toBe(
      '2026-Q4 overlaps the budget line 2026-11 already entered for the same cost centre and category',
    );
  });

  it('refuses to change the currency of an existing line', () => {
    const result = parseBudgetRows(
      [header, ['FR01', 'IT', '606300', '2026-11', '1000', 'USD', 'stop']],
      withExisting,
    );
    expect(problemsOf(result)).toEqual([[2, 'currency', 'currency_changed']]);
  });
});
