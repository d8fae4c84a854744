import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/thrown-by.js';
import { isVatCategoryCode, parseVatCategory, vatCategories, vatCategoryCodes } from './vat-category.js';

describe('VAT categories', () => {
  it('lists the UNCL5305 codes EN 16931 uses, standard rate first', () => {
    expect(vatCategoryCodes).toEqual(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']);
    expect(vatCategories.AE.description).toBe('VAT reverse charge');
  });

  it('recognises S but not s, VAT, or a property of every object', () => {
    expect(isVatCategoryCode('S')).toBe(true);
    expect(isVatCategoryCode('s')).toBe(false);
    expect(isVatCategoryCode('VAT')).toBe(false);
    expect(isVatCategoryCode('toString')).toBe(false);
  });

  it('parses AE and refuses X with invalid_vat_category, naming the field', () => {
    expect(parseVatCategory('AE')).toBe('AE');
    const error = thrownBy(() => parseVatCategory('X', 'lines[0].category'));

    expect(error.code).toBe('invalid_vat_category');
    expect(error.details).toEqual([
      { field: 'lines[0].category', reason: expect.stringContaining('S, Z, E') },
    ]);
  });
});
