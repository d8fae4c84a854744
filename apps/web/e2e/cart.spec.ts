import { expect, test } from '@playwright/test';
import { logIn } from './support.js';

const paper = 'Ramette de papier A4 80 g/m² blanc';
const chair = 'Fauteuil ergonomique avec appui-tête';

test('an employee finds an item, fills the cart within the minimum, asks for something else, and a buyer sees it', async ({
  page,
  browser,
}) => {
  await logIn(page, 'Léa Moreau');
  const search = page.getByLabel('Rechercher un article');
  const count = page.getByTestId('result-count');
  const items = page.getByTestId('catalog-item');

  // Instant results as one types, and a misspelt word still finds the paper.
  await search.fill('ramette');
  await expect(items.getByRole('link', { name: paper, exact: true })).toBeVisible();
  await search.fill('ramete papeir');
  await expect(items.getByRole('link', { name: paper, exact: true })).toBeVisible();
  await expect(page.getByTestId('matched-by-similarity')).toBeVisible();

  // A facet narrows the results, and clearing it brings them back.
  await search.fill('');
  // The whole catalog (some hundreds of items), no longer the close matches.
  await expect(count).toHaveText(/^\d{3} articles$/);
  const everything = await count.textContent();
  const numeria = page.getByTestId('facet-suppliers').getByRole('button', { name: /Numéria/ });
  const numeriaCount = (await numeria.locator('.facet-count').textContent()) ?? '';
  await numeria.click();
  await expect(count).toHaveText(new RegExp(`^${numeriaCount} articles`));
  expect(await count.textContent()).not.toBe(everything);
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(count).toHaveText(everything ?? '');

  // The item page: below the minimum is refused, naming it; a valid quantity goes in the cart.
  await search.fill('ramette papier blanc');
  await items.getByRole('link', { name: paper, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: paper })).toBeVisible();
  await expect(page.getByTestId('item-minimum')).toContainText('5');
  const quantity = page.getByLabel('Quantité', { exact: true });
  await quantity.fill('4');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await expect(page.getByText('La quantité minimale de commande est 5.')).toBeVisible();
  await expect(quantity).toHaveAttribute('aria-invalid', 'true');
  await quantity.fill('10');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await expect(page.getByRole('status')).toContainText('ajouté(s) au panier');
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  // The cart: 10 × 4.90 = 49.00 excl. VAT, then a free-text request estimated at 2 × 250.00.
  await page.getByRole('link', { name: /Panier/ }).click();
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText(paper);
  await expect(page.getByTestId('total-net')).toHaveText(/49,00\s€/);
  await expect(page.getByTestId('total-gross')).toHaveText(/58,80\s€/);

  await page.getByLabel('Description').fill(chair);
  await page.getByLabel('Quantité', { exact: true }).fill('2');
  await page.getByLabel('Prix unitaire estimé HT').fill('250');
  await page.getByLabel('Fournisseur suggéré').fill('Bureau Confort');
  await page.getByRole('button', { name: 'Ajouter la demande au panier' }).click();
  await expect(lines).toHaveCount(2);
  const request = lines.filter({ hasText: chair });
  await expect(request.getByTestId('free-text-status')).toHaveText('En attente acheteur');
  await expect(request).toContainText('(estimation)');
  await expect(page.getByTestId('total-net')).toHaveText(/549,00\s€/);
  await expect(page.getByTestId('total-vat')).toHaveText(/109,80\s€/);
  await expect(page.getByTestId('total-gross')).toHaveText(/658,80\s€/);
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  // A buyer finds the request in their queue.
  const buyerContext = await browser.newContext();
  const buyerPage = await buyerContext.newPage();
  await logIn(buyerPage, 'Sophie Garnier', '/free-text-requests');
  const row = buyerPage.getByTestId('free-text-request').filter({ hasText: chair });
  await expect(row).toContainText('Léa Moreau');
  await expect(row).toContainText('Bureau Confort');
  await expect(row).toContainText('En attente acheteur');
  await buyerContext.close();
});
