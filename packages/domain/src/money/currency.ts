import { DomainError } from '../errors/index.js';

/**
 * ISO 4217 currencies Procura accepts, with their minor units (decimals of the smallest coin):
 * the euro and the currencies of Europe, of France's main trading partners and of the franc zones.
 */
export const currencies = {
  EUR: { minorUnits: 2, name: 'Euro' },
  USD: { minorUnits: 2, name: 'US Dollar' },
  GBP: { minorUnits: 2, name: 'Pound Sterling' },
  CHF: { minorUnits: 2, name: 'Swiss Franc' },
  JPY: { minorUnits: 0, name: 'Yen' },
  SEK: { minorUnits: 2, name: 'Swedish Krona' },
  NOK: { minorUnits: 2, name: 'Norwegian Krone' },
  DKK: { minorUnits: 2, name: 'Danish Krone' },
  ISK: { minorUnits: 0, name: 'Iceland Krona' },
  PLN: { minorUnits: 2, name: 'Zloty' },
  CZK: { minorUnits: 2, name: 'Czech Koruna' },
  HUF: { minorUnits: 2, name: 'Forint' },
  RON: { minorUnits: 2, name: 'Romanian Leu' },
  BGN: { minorUnits: 2, name: 'Bulgarian Lev' },
  RSD: { minorUnits: 2, name: 'Serbian Dinar' },
  TRY: { minorUnits: 2, name: 'Turkish Lira' },
  UAH: { minorUnits: 2, name: 'Hryvnia' },
  CAD: { minorUnits: 2, name: 'Canadian Dollar' },
  AUD: { minorUnits: 2, name: 'Australian Dollar' },
  NZD: { minorUnits: 2, name: 'New Zealand Dollar' },
  CNY: { minorUnits: 2, name: 'Yuan Renminbi' },
  HKD: { minorUnits: 2, name: 'Hong Kong Dollar' },
  SGD: { minorUnits: 2, name: 'Singapore Dollar' },
  KRW: { minorUnits: 0, name: 'Won' },
  INR: { minorUnits: 2, name: 'Indian Rupee' },
  BRL: { minorUnits: 2, name: 'Brazilian Real' },
  MXN: { minorUnits: 2, name: 'Mexican Peso' },
  ZAR: { minorUnits: 2, name: 'Rand' },
  AED: { minorUnits: 2, name: 'UAE Dirham' },
  SAR: { minorUnits: 2, name: 'Saudi Riyal' },
  ILS: { minorUnits: 2, name: 'New Israeli Sheqel' },
  EGP: { minorUnits: 2, name: 'Egyptian Pound' },
  MAD: { minorUnits: 2, name: 'Moroccan Dirham' },
  DZD: { minorUnits: 2, name: 'Algerian Dinar' },
  TND: { minorUnits: 3, name: 'Tunisian Dinar' },
  XOF: { minorUnits: 0, name: 'CFA Franc BCEAO' },
  XAF: { minorUnits: 0, name: 'CFA Franc BEAC' },
  XPF: { minorUnits: 0, name: 'CFP Franc' },
  KWD: { minorUnits: 3, name: 'Kuwaiti Dinar' },
  BHD: { minorUnits: 3, name: 'Bahraini Dinar' },
  OMR: { minorUnits: 3, name: 'Rial Omani' },
  JOD: { minorUnits: 3, name: 'Jordanian Dinar' },
} as const satisfies Record<string, { minorUnits: 0 | 2 | 3; name: string }>;

export type CurrencyCode = keyof typeof currencies;

/** Every accepted code, in table order (for schema enums and pickers). */
export const currencyCodes = Object.keys(currencies) as readonly CurrencyCode[];

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.hasOwn(currencies, value);
}

/** Accepts an exact upper-case ISO 4217 code; throws DomainError `invalid_currency` otherwise. */
export function parseCurrency(value: string, field = 'currency'): CurrencyCode {
  if (isCurrencyCode(value)) return value;
  const reason = 'is not an ISO 4217 currency code accepted by Procura';
  throw new DomainError('invalid_currency', `"${value}" ${reason}`, [{ field, reason }]);
}

export function minorUnitsOf(currency: CurrencyCode): number {
  return currencies[currency].minorUnits;
}
