import { expect, test } from '@playwright/test';
import { demoCatalogItems } from '@procura/demo-data';

const url = () => {
  const value = process.env.PROCURA_E2E_URL;
  if (!value) throw new Error('the global setup did not start the system');
  return value;
};

test('shows the seeded catalog through the gateway, in French then English', async ({ page }) => {
  await page.goto(url());

  await expect(page.getByTestId('current-user')).toContainText('Sophie Garnier');
  await expect(page.getByTestId('current-user')).toContainText('Acheteur');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalogue');
  await expect(page.getByTestId('result-count')).toHaveText(`${demoCatalogItems.length} articles`);
  await expect(page.getByTestId('catalog-item')).toHaveCount(24);

  await page.getByLabel('Rechercher un article').fill('ramette');
  const reams = demoCatalogItems.filter((i) => i.nameFr.toLowerCase().includes('ramette'));
  await expect(page.getByTestId('result-count')).toHaveText(`${reams.length} articles`);
  const first = reams.sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr'))[0];
  await expect(page.getByTestId('catalog-item').first()).toContainText('€');
  await expect(page.getByRole('heading', { name: first?.nameFr })).toBeVisible();

  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalog');
  await expect(page.getByRole('heading', { name: first?.nameEn })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Buyer');
});
