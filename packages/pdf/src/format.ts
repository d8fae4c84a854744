// Numbers and dates as the document prints them, written out here rather than by Intl: the bytes of
// a purchase order must not change when Node.js updates its ICU data, or a stored hash would no
// longer match a re-rendered order.
import type { DocumentLanguage, Money } from '@procura/domain';

/** French typography groups thousands with a narrow no-break space. */
const frenchGroupSeparator = '\u202f';

const separators = {
  fr: { group: frenchGroupSeparator, decimal: ',' },
  en: { group: ',', decimal: '.' },
} as const;

const monthNames = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
} as const;

/** A plain decimal string ("-1234.5") with the language's separators: "-1 234,5", "-1,234.5". */
export function formatNumber(decimal: string, language: DocumentLanguage): string {
  const { group, decimal: point } = separators[language];
  const negative = decimal.startsWith('-');
  const [integerPart = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+$)/g, group);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `${point}${fraction}`}`;
}

/** An amount with at least its currency's decimals, without the currency: "1 234,50". */
export function formatAmount(amount: Money, language: DocumentLanguage): string {
  return formatNumber(amount.toDecimalString(), language);
}

/** An amount followed by its currency code: "1 234,50 EUR". */
export function formatAmountWithCurrency(amount: Money, language: DocumentLanguage): string {
  return `${formatAmount(amount, language)}\u00a0${amount.currency}`;
}

/** A VAT rate in percent: "5,5 %" in French, "5.5%" in English. */
export function formatPercent(rate: string, language: DocumentLanguage): string {
  return language === 'fr' ? `${formatNumber(rate, language)}\u00a0%` : `${formatNumber(rate, language)}%`;
}

/** A calendar day 'YYYY-MM-DD' in words: "4 décembre 2026", "4 December 2026". */
export function formatDate(day: string, language: DocumentLanguage): string {
  const [year, month, date] = day.split('-').map(Number);
  const monthName = monthNames[language][(month ?? 1) - 1];
  return `${date === 1 && language === 'fr' ? '1er' : date} ${monthName} ${year}`;
}
