import { expect, test } from '@playwright/test';
import { logIn } from './support.js';

test('a buyer creates a supplier, corrects its SIRET and submits it; an administrator approves it; a change sends it back', async ({
  page,
  browser,
}) => {
  await logIn(page, 'Sophie Garnier', '/suppliers');
  await page.getByRole('link', { name: 'Nouveau fournisseur' }).click();
  await expect(page.getByRole('heading', { name: 'Nouveau fournisseur' })).toBeVisible();

  await page.getByLabel('Raison sociale').fill('Ateliers du Vercors');
  await page.getByLabel('Forme juridique').fill('SAS');
  await page.getByLabel('SIRET', { exact: true }).fill('73282932000075');
  await page.getByLabel('E-mail de commande').fill('commandes@ateliers-vercors.example');
  await page.getByLabel('Adresse', { exact: true }).fill('12 rue du Moucherotte');
  await page.getByLabel('Code postal').fill('38000');
  await page.getByLabel('Ville').fill('Grenoble');
  await page.getByLabel('Nom du contact').fill('Claire Vial');
  await page.getByLabel('E-mail du contact').fill('claire.vial@ateliers-vercors.example');
  await page.getByLabel('Contact conformité').check();
  await page.getByLabel('Catégories (codes UNSPSC)').fill('14111507');
  await expect(page.getByLabel('Votre entité')).toBeChecked();
  await page.getByRole('button', { name: 'Créer le fournisseur' }).click();

  // The API refuses the SIRET: its reason shows under the input, which keeps what was typed.
  const siret = page.getByLabel('SIRET', { exact: true });
  await expect(siret).toHaveAttribute('aria-invalid', 'true');
  await expect(siret).toHaveAccessibleDescription(/.+/);
  await expect(page.getByTestId('supplier-form-problem')).toContainText('SIRET');
  await expect(siret).toHaveValue('73282932000075');
  await expect(page.getByLabel('Raison sociale')).toHaveValue('Ateliers du Vercors');

  await siret.fill('73282932000074');
  await page.getByRole('button', { name: 'Créer le fournisseur' }).click();

  await expect(page.getByRole('heading', { name: 'Ateliers du Vercors' })).toBeVisible();
  await expect(page.getByTestId('supplier-notice')).toContainText('créé en brouillon');
  await expect(page.getByTestId('supplier-status')).toHaveText('Brouillon');
  const supplierPath = new URL(page.url()).pathname;
  expect(supplierPath).toMatch(/^\/suppliers\/[0-9a-f-]{36}$/);

  await page.getByRole('button', { name: 'Soumettre à validation' }).click();
  await expect(page.getByTestId('supplier-status')).toHaveText('En attente de validation');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, 'Antoine Lambert', supplierPath);
  await expect(admin.getByRole('heading', { name: 'Ateliers du Vercors' })).toBeVisible();
  await admin.getByRole('button', { name: 'Valider' }).click();
  await expect(admin.getByTestId('supplier-status')).toHaveText('Actif');
  await admin.getByRole('link', { name: /Tous les fournisseurs/ }).click();
  const row = admin.getByTestId('supplier-row').filter({ hasText: 'Ateliers du Vercors' });
  await expect(row.getByTestId('supplier-status')).toHaveText('Actif');
  await adminContext.close();

  // A change of payment terms to the active supplier sends it back to approval, and the page says so.
  await page.reload();
  await expect(page.getByTestId('supplier-status')).toHaveText('Actif');
  await page.getByRole('link', { name: 'Modifier' }).click();
  await expect(page.getByLabel('SIRET', { exact: true })).toHaveValue('73282932000074');
  await page.getByLabel('Délai de paiement (jours)').fill('45');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByTestId('supplier-notice')).toContainText('revient en validation');
  await expect(page.getByTestId('supplier-status')).toHaveText('En attente de validation');
});
