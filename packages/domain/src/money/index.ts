export {
  type CurrencyCode,
  currencies,
  currencyCodes,
  isCurrencyCode,
  minorUnitsOf,
  parseCurrency,
} from './currency.js';
export {
  type DecimalInput,
  decimalPlaces,
  divideRounded,
  formatDecimal,
  isDecimalString,
  maxFractionDigits,
  maxIntegerDigits,
  parseDecimal,
  roundHalfAwayFromZero,
  toDecimal,
} from './decimal.js';
export {
  convertMoney,
  type ExchangeRate,
  exchangeRateIssues,
  exchangeRateScale,
  rateInForce,
} from './exchange-rate.js';
export { lineNetAmount, sumRoundedLines } from './line-amount.js';
export { en16931AmountScale, isMoney, type Money, money, percentageOf, sum } from './money.js';
