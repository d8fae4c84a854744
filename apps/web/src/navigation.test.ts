import { describe, expect, it } from 'vitest';
import { mayBlockSuppliers, pagesFor } from './navigation.js';

describe('what each role may open and do', () => {
  it('opens delegations to managers, suppliers to buyers, administration to administrators', () => {
    expect(pagesFor(['manager']).map((p) => p.key)).toEqual(['catalog', 'delegations']);
    expect(pagesFor(['buyer']).map((p) => p.key)).toEqual(['catalog', 'suppliers', 'imports']);
    expect(pagesFor(['administrator']).map((p) => p.key)).toEqual([
      'catalog',
      'suppliers',
      'administration',
      'imports',
    ]);
    expect(pagesFor(['employee']).map((p) => p.key)).toEqual(['catalog']);
  });

  it('lets buyers and administrators block a supplier, and only them', () => {
    expect(mayBlockSuppliers(['buyer'])).toBe(true);
    expect(mayBlockSuppliers(['employee', 'administrator'])).toBe(true);
    expect(mayBlockSuppliers(['accountant', 'auditor'])).toBe(false);
  });
});
