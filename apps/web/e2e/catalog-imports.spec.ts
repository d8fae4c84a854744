import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { logIn } from './support.js';

const sample = readFileSync(
  new URL('../../../packages/demo-data/samples/catalogue-lemaire-2027.csv', import.meta.url),
);

test('a buyer sees every error of a bad catalog file, then previews and confirms a good one', async ({
  page,
}) => {
  await logIn(page, 'Sophie Garnier', '/catalog-imports');
  await page.getByLabel('Fournisseur').selectOption({ label: 'Lemaire Bureau Distribution' });
  const priceList = page.getByLabel('Contrat ou tarif');
  await expect(priceList.locator('option', { hasText: 'AC-2026-014' })).toHaveCount(1);
  await priceList.selectOption({ index: 1 });

  const bad = [
    'supplier_sku;name_fr;category;unit;unit_price;vat_rate',
    'X1;Stylo;14111507;H87;-2;20',
    'X2;Stylo;99999999;BOITE;2;19,6',
  ].join('\n');
  await page
    .getByLabel('Fichier', { exact: true })
    .setInputFiles({ name: 'mauvais.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  const errors = page.getByTestId('import-error');
  await expect(errors).toHaveCount(4);
  await expect(errors.nth(0)).toContainText('unit_price');
  await expect(page.getByTestId('import-errors')).toContainText('99999999');

  await page
    .getByLabel('Fichier', { exact: true })
    .setInputFiles({ name: 'catalogue-lemaire-2027.csv', mimeType: 'text/csv', buffer: sample });
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('2 nouveaux articles');
  await expect(counts).toContainText('3 changements de prix');
  await expect(counts).toContainText('1 article retiré');
  await expect(page.getByTestId('price-changes')).toContainText('+5,1');

  await page.getByRole('button', { name: 'Confirmer l’import' }).click();
  await expect(page.getByRole('status')).toContainText('Import confirmé : 2 articles créés');
  await expect(page.getByTestId('import-row').first()).toContainText('confirmé');
});
