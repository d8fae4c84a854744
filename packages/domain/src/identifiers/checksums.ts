/** Luhn check (ISO/IEC 7812-1): double every second digit from the right; the sum ends in 0. */
export function hasValidLuhnChecksum(digits: string): boolean {
  let total = 0;
  [...digits].reverse().forEach((char, index) => {
    const digit = Number(char);
    const weighted = index % 2 === 1 ? digit * 2 : digit;
    total += weighted > 9 ? weighted - 9 : weighted;
  });
  return total % 10 === 0;
}

export function digitSum(digits: string): number {
  return [...digits].reduce((total, char) => total + Number(char), 0);
}

/** Remainder modulo 97 of a decimal digit string of any length (ISO 7064 MOD 97-10), chunk by chunk. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (let start = 0; start < digits.length; start += 7) {
    remainder = Number(`${remainder}${digits.slice(start, start + 7)}`) % 97;
  }
  return remainder;
}
