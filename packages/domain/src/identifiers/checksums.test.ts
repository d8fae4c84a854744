import { describe, expect, it } from 'vitest';
import { digitSum, hasValidLuhnChecksum, mod97 } from './checksums.js';

describe('hasValidLuhnChecksum', () => {
  it('accepts 79927398713, the textbook Luhn example, and refuses 79927398710', () => {
    expect(hasValidLuhnChecksum('79927398713')).toBe(true);
    expect(hasValidLuhnChecksum('79927398710')).toBe(false);
  });

  it('doubles every second digit from the right: 18 passes (1×2 + 8 = 10), 81 fails', () => {
    expect(hasValidLuhnChecksum('18')).toBe(true);
    expect(hasValidLuhnChecksum('81')).toBe(false);
  });
});

describe('digitSum', () => {
  it('adds the digits: 35600000052135 → 30', () => {
    expect(digitSum('35600000052135')).toBe(30);
  });
});

describe('mod97', () => {
  it('matches BigInt arithmetic on a number far beyond 2^53', () => {
    const digits = '3214282912345698765432161182';

    expect(mod97(digits)).toBe(Number(BigInt(digits) % 97n));
  });
});
