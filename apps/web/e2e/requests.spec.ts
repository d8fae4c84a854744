import { expect, type Page, test } from '@playwright/test';
import { logIn } from './support.js';

const paper = 'Ramette de papier A4 80 g/m² blanc';
const title = 'Papier pour le salon de mars';
const requestPage = /\/requests\/[0-9a-f-]{36}$/;

/**
 * Purchasing learns a person and their cost centres from the gateway's events a moment after their
 * first login: the request form is read again until it offers them.
 */
async function costCentresKnown(page: Page) {
  await expect(async () => {
    const offered = page.getByLabel('Centre de coûts').locator('option');
    if ((await offered.count()) < 2) await page.reload();
    await expect(offered.nth(1)).toBeAttached({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('an employee turns the cart into a purchase request, sees its approval chain and budget before submitting, the manager approves it from the inbox, the employee sees it approved', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await logIn(page, 'Léa Moreau');

  // Start from an empty cart (other specs fill Léa's), then put the paper in it.
  await page.getByRole('link', { name: /Panier/ }).click();
  const emptyCart = page.getByRole('button', { name: 'Vider le panier' });
  const emptyText = page.getByText('Votre panier est vide.');
  // Wait for the cart to load (empty, or with lines to clear) before deciding.
  await expect(emptyText.or(emptyCart)).toBeVisible();
  if (await emptyCart.isVisible()) await emptyCart.click();
  await expect(emptyText).toBeVisible();
  await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
  await page.getByLabel('Rechercher un article').fill('ramette papier blanc');
  await page.getByTestId('catalog-item').getByRole('link', { name: paper, exact: true }).click();
  await page.getByLabel('Quantité', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  // The request form shows the cart's lines read-only, with the total.
  await page.getByRole('link', { name: /Panier/ }).click();
  await page.getByRole('button', { name: "Créer une demande d'achat" }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Nouvelle demande d'achat" })).toBeVisible();
  await expect(page.getByTestId('request-form-line')).toHaveCount(1);
  await expect(page.getByTestId('request-form-line')).toContainText(paper);
  const total = (await page.getByTestId('request-form-total').textContent()) ?? '';
  expect(total).toMatch(/€/);
  // Only a buyer may make it a direct order.
  await expect(page.getByLabel('Commande directe')).toHaveCount(0);
  await costCentresKnown(page);
  await page.getByLabel('Objet').fill(title);
  await page.getByLabel('Justification').fill('Brochures et invitations');
  const costCentre = page.getByLabel('Centre de coûts');
  await expect(costCentre.locator('option')).toHaveCount(2);
  await costCentre.selectOption({ index: 1 });
  await expect(page.getByLabel('Compte budgétaire')).toHaveValue('606400');

  // Purchasing learns the people and cost centres from the gateway's events a moment after login:
  // until then the cost centre is refused, and saving again succeeds (with the same idempotency key).
  await expect(async () => {
    if (!requestPage.test(page.url()))
      await page.getByRole('button', { name: 'Enregistrer et vérifier avant de soumettre' }).click();
    await expect(page).toHaveURL(requestPage, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await expect(page.getByRole('status')).toContainText('vérifiez son circuit d’approbation et son budget');

  // Before submitting, the draft shows the chain it will meet and its budget check.
  const status = page.getByTestId('request-facts').getByTestId('requisition-status');
  await expect(status).toHaveText('Brouillon');
  const preview = page.getByTestId('approval-preview');
  await expect(preview.getByRole('heading', { name: /Avant de soumettre/ })).toBeVisible();
  const previewStep = preview.getByTestId('preview-step').first();
  await expect(previewStep).toContainText('Étape 1 : Validation hiérarchique');
  await expect(previewStep.getByTestId('preview-step-approvers')).toHaveText('Approbateurs : Julien Lefèvre');
  await expect(previewStep.getByTestId('preview-step-mode')).toHaveText('L’un d’eux suffit');
  await expect(previewStep.getByTestId('preview-step-kind')).toHaveText('Bloquante');
  const budgetLine = preview.getByTestId('budget-check-line');
  await expect(budgetLine).toHaveCount(1);
  await expect(budgetLine).toContainText('ALT-MKT / 606400');
  await expect(budgetLine.getByTestId('budget-asked')).toHaveText(total);
  await expect(budgetLine.getByTestId('budget-standing')).toHaveText('Dans le budget');
  await expect(preview.getByTestId('preview-blocked')).toHaveCount(0);
  await preview.getByRole('button', { name: 'Soumettre pour approbation' }).click();
  await expect(status).toHaveText("En cours d'approbation");
  await expect(page.getByTestId('approval-preview')).toHaveCount(0);
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  const number = heading.split(' — ')[0] ?? '';
  expect(heading).toContain(title);
  await expect(page.getByTestId('request-total')).toHaveText(total);
  const step = page.getByTestId('approval-step').first();
  await expect(step.getByTestId('step-approvers')).toContainText('Julien Lefèvre');
  await expect(step.getByTestId('step-status')).toHaveText('En attente');
  await expect(page.getByRole('button', { name: 'Approuver' })).toHaveCount(0);

  // My requests list it, with its status.
  await page.getByRole('link', { name: 'Mes demandes' }).click();
  const mine = page.getByTestId('my-request').filter({ hasText: number });
  await expect(mine).toContainText(title);
  await expect(mine.getByTestId('requisition-status')).toHaveText("En cours d'approbation");

  // The manager finds it in the inbox; a rejection without a comment is stopped; they approve it.
  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await logIn(managerPage, 'Julien Lefèvre', '/approvals');
  await managerPage.getByRole('link', { name: 'Approbations' }).click();
  const awaiting = managerPage.getByTestId('awaiting-request').filter({ hasText: number });
  await expect(awaiting).toContainText('Léa Moreau');
  await awaiting.getByRole('link', { name: number }).click();
  await expect(managerPage.getByRole('heading', { level: 1 })).toContainText(title);
  await managerPage.getByRole('button', { name: 'Refuser' }).click();
  await expect(managerPage.getByText('Un refus doit être motivé')).toBeVisible();
  await expect(managerPage.getByLabel('Commentaire')).toHaveAttribute('aria-invalid', 'true');
  await managerPage.getByLabel('Commentaire').fill('Validé pour le salon');
  await managerPage.getByRole('button', { name: 'Approuver' }).click();
  await expect(managerPage).toHaveURL(/\/approvals$/);
  await expect(managerPage.getByRole('status')).toHaveText(`Demande ${number} approuvée.`);
  await expect(managerPage.getByTestId('awaiting-request').filter({ hasText: number })).toHaveCount(0);
  await managerContext.close();

  // The employee sees it approved, with the manager's approval and comment in the history.
  await mine.getByRole('link', { name: number }).click();
  await expect(status).toHaveText('Approuvée');
  await expect(step.getByTestId('step-status')).toHaveText('Approuvée');
  const approval = page.getByTestId('timeline-entry').filter({ hasText: 'Approuvé par Julien Lefèvre' });
  await expect(approval).toContainText('Validé pour le salon');
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Demande approuvée le' })).toHaveCount(1);
});

test('a buyer makes a request a direct order, issued as soon as it is approved', async ({ page }) => {
  test.setTimeout(60_000);
  await logIn(page, 'Sophie Garnier');
  await page.getByRole('link', { name: /Panier/ }).click();
  const emptyCart = page.getByRole('button', { name: 'Vider le panier' });
  const emptyText = page.getByText('Votre panier est vide.');
  await expect(emptyText.or(emptyCart)).toBeVisible();
  if (await emptyCart.isVisible()) await emptyCart.click();
  await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
  await page.getByLabel('Rechercher un article').fill('ramette papier blanc');
  await page.getByTestId('catalog-item').getByRole('link', { name: paper, exact: true }).click();
  await page.getByLabel('Quantité', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await page.getByRole('link', { name: /Panier/ }).click();
  await page.getByRole('button', { name: "Créer une demande d'achat" }).click();
  await costCentresKnown(page);
  await page.getByLabel('Objet').fill('Papier pour les achats, en commande directe');
  await page.getByLabel('Centre de coûts').selectOption({ index: 1 });
  const direct = page.getByLabel('Commande directe');
  await expect(direct).not.toBeChecked();
  await direct.check();
  await expect(async () => {
    if (!requestPage.test(page.url()))
      await page.getByRole('button', { name: 'Enregistrer et vérifier avant de soumettre' }).click();
    await expect(page).toHaveURL(requestPage, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('request-facts').getByTestId('direct-order')).toHaveText('Commande directe');
});
