import { demoCatalogItems } from './catalog-items.js';
import { demoSupplierIds } from './suppliers.js';
import type { DemoPriceList, DemoPriceTier } from './types.js';

// One framework contract per demo supplier, valid for 2026 and 2027, that every demo item comes
// from; consumables bought by the box get quantity tiers.

export const demoPriceLists: readonly DemoPriceList[] = [
  {
    id: '0b3c1f0e-4a5d-4d0f-9a55-5a1c2f6f7a01',
    supplierId: demoSupplierIds.lemaire,
    reference: 'AC-2026-014',
    name: 'Accord-cadre fournitures de bureau 2026-2027',
    kind: 'contract',
    currency: 'EUR',
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
  },
  {
    id: '0b3c1f0e-4a5d-4d0f-9a55-5a1c2f6f7a02',
    supplierId: demoSupplierIds.numeria,
    reference: 'AC-2026-021',
    name: 'Accord-cadre matériel informatique 2026-2027',
    kind: 'contract',
    currency: 'EUR',
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
  },
  {
    id: '0b3c1f0e-4a5d-4d0f-9a55-5a1c2f6f7a03',
    supplierId: demoSupplierIds.orialis,
    reference: 'TARIF-2026',
    name: 'Tarif services généraux 2026',
    kind: 'price_list',
    currency: 'EUR',
    validFrom: '2026-01-01',
    validTo: '2027-06-30',
  },
];

/** The price list each demo item comes from. */
export function demoPriceListOf(supplierId: string): DemoPriceList {
  const list = demoPriceLists.find((p) => p.supplierId === supplierId);
  if (!list) throw new Error(`no demo price list for supplier ${supplierId}`);
  return list;
}

function discounted(unitPrice: string, percent: number): string {
  const cents = Math.round(Number(unitPrice) * 100 * (1 - percent / 100));
  return (cents / 100).toFixed(2);
}

/** Items sold by five or more get two tiers: 5 % off from 10× the minimum, 10 % off from 50×. */
export const demoPriceTiers: readonly DemoPriceTier[] = demoCatalogItems
  .filter((i) => i.minOrderQuantity >= 5)
  .flatMap((i) => [
    { itemId: i.id, minQuantity: String(i.minOrderQuantity * 10), unitPrice: discounted(i.unitPrice, 5) },
    { itemId: i.id, minQuantity: String(i.minOrderQuantity * 50), unitPrice: discounted(i.unitPrice, 10) },
  ]);
