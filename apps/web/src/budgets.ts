// Budget pages, logic with no React: the periods people pick from, exact sums of the API's decimal
// amounts, and the geometry of the chart over a period.
import type { Amount } from './api.js';

export const budgetPeriodKinds = ['month', 'quarter', 'fiscal_year'] as const;
export type BudgetPeriodKind = (typeof budgetPeriodKinds)[number];

/** The key of the period of `kind` holding `today` ('YYYY-MM-DD'), fiscal years starting in January. */
export function periodKeyOf(kind: BudgetPeriodKind, today: string): string {
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  if (kind === 'month') return today.slice(0, 7);
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `FY${year}`;
}

/** The periods offered for `kind`, latest first: last year's, this year's and next year's. */
export function periodChoices(kind: BudgetPeriodKind, today: string): string[] {
  const year = Number(today.slice(0, 4));
  const years = [year + 1, year, year - 1];
  if (kind === 'fiscal_year') return years.map((y) => `FY${y}`);
  if (kind === 'quarter') return years.flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`));
  return years.flatMap((y) =>
    [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((m) => `${y}-${String(m).padStart(2, '0')}`),
  );
}

/** The kind of period a key names: "2026-11", "2026-Q4", "FY2026". */
export function periodKindOf(key: string): BudgetPeriodKind {
  if (key.startsWith('FY')) return 'fiscal_year';
  return key.includes('-Q') ? 'quarter' : 'month';
}

/** A decimal amount of at most two decimals in hundredths, exactly. */
function toCents(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`"${amount}" is not a decimal amount`);
  const cents = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** The exact sum of decimal amounts ("12.50" + "0.25" = "12.75"), never through a float. */
export function sumAmounts(amounts: readonly string[]): string {
  return fromCents(amounts.reduce((total, amount) => total + toCents(amount), 0n));
}

export interface BudgetPeriodFigures {
  period: { kind: BudgetPeriodKind; key: string; start: string; end: string };
  budget: Amount;
  requested: Amount;
  committed: Amount;
  received: Amount;
  invoiced: Amount;
  consumed: Amount;
  available: Amount;
  forecast: { landing: Amount; pacePerDay: Amount };
  lines: {
    budgetCategory: string;
    policy: 'stop' | 'warn' | 'ignore' | null;
    budget: Amount | null;
    requested: Amount;
    committed: Amount;
    invoiced: Amount;
    consumed: Amount;
    available: Amount | null;
  }[];
  series: BudgetSeries;
}

export interface BudgetSeries {
  step: 'day' | 'week';
  budget: Amount;
  points: { date: string; requested: string; committed: string; invoiced: string }[];
}

export const figureNames = ['budget', 'requested', 'committed', 'invoiced', 'available', 'forecast'] as const;
export type FigureName = (typeof figureNames)[number];

/**
 * A cost centre's figures over the period asked: the sums of its rows (a fiscal year may hold the
 * fiscal year's lines and a month's), or null when it has none.
 */
export function costCentreFigures(
  periods: readonly BudgetPeriodFigures[],
): { currency: string; figures: Record<FigureName, string> } | null {
  const [first] = periods;
  if (!first) return null;
  const total = (pick: (p: BudgetPeriodFigures) => Amount) => sumAmounts(periods.map((p) => pick(p).amount));
  return {
    currency: first.budget.currency,
    figures: {
      budget: total((p) => p.budget),
      requested: total((p) => p.requested),
      committed: total((p) => p.committed),
      invoiced: total((p) => p.invoiced),
      available: total((p) => p.available),
      forecast: total((p) => p.forecast.landing),
    },
  };
}

const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

export interface ChartGeometry {
  width: number;
  height: number;
  /** The budget's height, a horizontal line. */
  budgetY: number;
  /** Polylines ('x,y x,y …'): invoiced, invoiced + committed, and all three (what is consumed). */
  invoiced: string;
  committed: string;
  consumed: string;
  /** The largest amount the vertical axis shows. */
  top: string;
}

/**
 * Where the chart's lines go in a `width` × `height` box: days of the period across (a running period
 * fills only its elapsed part), amounts up from zero to the larger of the budget and what is consumed.
 * Pixel positions only: the amounts themselves stay decimal strings.
 */
export function chartGeometry(
  period: { start: string; end: string },
  series: BudgetSeries,
  size: { width: number; height: number },
): ChartGeometry {
  const { width, height } = size;
  const days = Math.max(1, dayNumber(period.end) - dayNumber(period.start));
  const stacked = series.points.map((p) => ({
    x: ((dayNumber(p.date) - dayNumber(period.start)) / days) * width,
    invoiced: p.invoiced,
    committed: sumAmounts([p.invoiced, p.committed]),
    consumed: sumAmounts([p.invoiced, p.committed, p.requested]),
  }));
  let topCents = 100n;
  for (const amount of [series.budget.amount, ...stacked.map((p) => p.consumed)]) {
    const cents = toCents(amount);
    if (cents > topCents) topCents = cents;
  }
  const y = (amount: string) => height - (Number(toCents(amount)) / Number(topCents)) * height;
  const line = (pick: (p: (typeof stacked)[number]) => string) =>
    stacked.map((p) => `${p.x.toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  return {
    width,
    height,
    budgetY: y(series.budget.amount),
    invoiced: line((p) => p.invoiced),
    committed: line((p) => p.committed),
    consumed: line((p) => p.consumed),
    top: fromCents(topCents),
  };
}
