// Amounts travel as decimal strings; Intl formats those strings exactly, without a float in between.
type DecimalString = `${number}`;

const localeTags = { fr: 'fr-FR', en: 'en-GB' } as const;

export function localeTag(language: string): string {
  return localeTags[language as keyof typeof localeTags] ?? localeTags.fr;
}

export function formatMoney(amount: string, currency: string, language: string): string {
  const fractionDigits = Math.max(2, amount.split('.')[1]?.length ?? 0);
  return new Intl.NumberFormat(localeTag(language), {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: fractionDigits,
  }).format(amount as DecimalString);
}

export function formatDecimal(value: string, language: string): string {
  return new Intl.NumberFormat(localeTag(language), { maximumFractionDigits: 4 }).format(
    value as DecimalString,
  );
}
