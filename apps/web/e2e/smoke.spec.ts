import { expect, test } from '@playwright/test';
import { demoCatalogItems } from '@procura/demo-data';
import { gatewayUrl, logIn } from './support.js';

test('shows the seeded catalog through the gateway, in French then English', async ({ page }) => {
  await logIn(page, 'Sophie Garnier');

  await expect(page.getByTestId('current-user')).toContainText('Acheteur');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalogue');
  // Other tests may have blocked a supplier since the system started: the API's count is the truth.
  const { total } = await (await page.request.get(`${gatewayUrl()}/api/v1/catalog/items?pageSize=1`)).json();
  expect(total).toBeGreaterThan(150);
  await expect(page.getByTestId('result-count')).toHaveText(`${total} articles`);
  await expect(page.getByTestId('catalog-item')).toHaveCount(24);

  await page.getByLabel('Rechercher un article').fill('ramette');
  // Reams come from the office-supplies wholesaler, which no test blocks (the import test may add
  // one: the API's count is the truth again).
  const reams = demoCatalogItems.filter((i) => i.nameFr.toLowerCase().includes('ramette'));
  const found = await (
    await page.request.get(`${gatewayUrl()}/api/v1/catalog/items?q=ramette&pageSize=1`)
  ).json();
  expect(found.total).toBeGreaterThanOrEqual(reams.length);
  await expect(page.getByTestId('result-count')).toHaveText(`${found.total} articles`);
  const first = reams.sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr'))[0];
  await expect(page.getByTestId('catalog-item').first()).toContainText('€');
  await expect(page.getByRole('heading', { name: first?.nameFr })).toBeVisible();

  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catalog');
  await expect(page.getByRole('heading', { name: first?.nameEn })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Buyer');
});
