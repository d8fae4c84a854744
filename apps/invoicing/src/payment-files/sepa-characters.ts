// The characters every SEPA bank accepts (EPC guidelines, the "Latin character set"): a–z, A–Z,
// 0–9 and / - ? : ( ) . , ' + and space. Anything else is transliterated before it reaches a file.

const allowed = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** Letters that do not decompose into a base letter and accents. */
const replacements: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Ł: 'L',
  ł: 'l',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  '&': '+',
  _: '-',
  '"': "'",
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  '«': "'",
  '»': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '€': 'EUR',
  '°': 'o',
};

export function isSepaText(value: string): boolean {
  return allowed.test(value);
}

/**
 * `value` in SEPA's character set: accents dropped (é → e, Ä → A), ligatures and special letters
 * spelled out (ß → ss, œ → oe), & as +, quotes as ', any other character a dot; white space runs
 * become one space, and the ends are trimmed.
 */
export function toSepaText(value: string): string {
  const spelled = [...value.normalize('NFC')].map((char) => replacements[char] ?? char).join('');
  const unaccented = spelled.normalize('NFD').replace(/\p{M}/gu, '');
  return unaccented
    .replace(/\s+/g, ' ')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, '.')
    .trim();
}

/** {@link toSepaText}, then cut to `maxLength` characters (without a trailing space). */
export function toSepaTextOfLength(value: string, maxLength: number): string {
  return toSepaText(value).slice(0, maxLength).trimEnd();
}
