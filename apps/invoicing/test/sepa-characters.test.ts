import { describe, expect, it } from 'vitest';
import { isSepaText, toSepaText, toSepaTextOfLength } from '../src/payment-files/index.js';

describe('toSepaText', () => {
  it('drops accents: Société Générale, Bäckerei Müller, Ñandú', () => {
    expect(toSepaText('Société Générale')).toBe('Societe Generale');
    expect(toSepaText('Bäckerei Müller')).toBe('Backerei Muller');
    expect(toSepaText('Ñandú')).toBe('Nandu');
  });

  it('spells out letters without a base letter: ß, Œ, æ, Ø, Ł', () => {
    expect(toSepaText('Straße Œuvre æther Øre Łódź')).toBe('Strasse OEuvre aether Ore Lodz');
  });

  it('writes & as +, typographic quotes and dashes plainly, the euro sign as EUR', () => {
    expect(toSepaText('Dupont & Fils — « Le Café » l’atelier 10 €')).toBe(
      "Dupont + Fils - ' Le Cafe ' l'atelier 10 EUR",
    );
  });

  it('turns any other character into a dot and keeps the allowed punctuation', () => {
    expect(toSepaText("INV#12;3 a/b-c?d:e(f).g,h'i+j")).toBe("INV.12.3 a/b-c?d:e(f).g,h'i+j");
  });

  it('collapses white space, tabs and line breaks included, and trims the ends', () => {
    expect(toSepaText('  Bureau\t Plus\r\nSARL  ')).toBe('Bureau Plus SARL');
  });

  it('makes anything SEPA text', () => {
    for (const sample of ['日本語', 'émoji 🎉', 'a\u0000b', 'İstanbul', 'ǅ'])
      expect(isSepaText(toSepaText(sample)), sample).toBe(true);
  });

  it('cuts to a length without leaving a trailing space', () => {
    expect(toSepaTextOfLength('Crêperie de la Gare', 9)).toBe('Creperie');
  });
});

describe('isSepaText', () => {
  it('accepts the Latin set and refuses anything else', () => {
    expect(isSepaText("AZaz09/-?:().,'+ ")).toBe(true);
    expect(isSepaText('é')).toBe(false);
    expect(isSepaText('&')).toBe(false);
    expect(isSepaText('_')).toBe(false);
  });
});
