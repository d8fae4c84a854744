import { expect, test } from '@playwright/test';
import { logIn } from './support.js';

const name = 'Gros achats informatiques';

test('the administrator adds an approval rule, sees it in order in plain words, moves it up, and reads the history', async ({
  page,
}) => {
  await logIn(page, 'Antoine Lambert', '/administration');
  await page.getByRole('link', { name: "Gérer les règles d'approbation" }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Règles d'approbation" })).toBeVisible();

  // The demo company's rules apply to every entity: shown in order, in plain words, read-only.
  const rules = page.getByTestId('approval-rule');
  await expect(rules).toHaveCount(3);
  await expect(rules.first()).toContainText('Toutes les entités (lecture seule)');
  await expect(rules.first().getByTestId('approval-rule-conditions')).toHaveText(
    'S’applique : à toute demande',
  );
  await expect(rules.first().getByTestId('approval-rule-approvers')).toContainText('la ligne hiérarchique');
  await expect(rules.first().getByRole('button')).toHaveCount(0);

  // A problem the API finds is shown next to its field, and nothing is created.
  await page.getByRole('button', { name: 'Ajouter une règle' }).click();
  const form = page.getByTestId('approval-rule-form');
  await form.getByLabel('Nom', { exact: true }).fill(name);
  await form.getByLabel('Type').selectOption({ label: 'Pour information' });
  await form.getByLabel('Montant minimum (inclus)').fill('beaucoup');
  await form.getByLabel('Catégories (codes UNSPSC)').fill('43');
  await form.getByLabel('Les titulaires d’un rôle').check();
  await form.getByLabel('Rôle', { exact: true }).selectOption({ label: 'Comptable' });
  await form.getByRole('button', { name: 'Créer la règle' }).click();
  const minimum = form.getByLabel('Montant minimum (inclus)');
  await expect(minimum).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator(`#${await minimum.getAttribute('aria-describedby')}`)).not.toBeEmpty();
  await expect(rules).toHaveCount(3);

  // Corrected, the rule is created last, and reads as the administrator wrote it.
  await minimum.fill('250000');
  await form.getByRole('button', { name: 'Créer la règle' }).click();
  await expect(page.getByRole('status')).toHaveText(`La règle « ${name} » est créée, en dernière position.`);
  await expect(rules).toHaveCount(4);
  const added = rules.last();
  await expect(added.getByTestId('approval-rule-name')).toHaveText(name);
  await expect(added).toContainText('Pour information');
  await expect(added.getByTestId('approval-rule-conditions')).toHaveText(
    /^S’applique : montant à partir de 250\s000 ; catégories UNSPSC 43$/,
  );
  await expect(added.getByTestId('approval-rule-approvers')).toHaveText(
    'Approbateurs : une personne ayant le rôle Comptable',
  );

  // Moved up one place, it is evaluated before the finance rule that applies to every entity.
  await page.getByRole('button', { name: `Monter la règle ${name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`La règle « ${name} » est déplacée.`);
  await expect(page.getByTestId('approval-rule-name')).toHaveText([
    'Validation hiérarchique / Manager approval',
    'Responsable budgétaire si hors budget / Budget holder when over budget',
    name,
    'Finance au-delà de 10 000 / Finance above 10,000',
  ]);

  // Deactivated, it stays in its place; the history tells who did what.
  await page.getByRole('button', { name: `Désactiver la règle ${name}` }).click();
  await expect(rules.nth(2).getByTestId('approval-rule-inactive')).toHaveText('Désactivée');
  const history = page.getByTestId('approval-rule-change');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('Désactivation');
  await expect(history.nth(1)).toContainText('Déplacement');
  await expect(history.nth(2)).toContainText('Création');
  await expect(history.nth(2)).toContainText('Antoine Lambert');

  // After a reload, the order is the one stored.
  await page.reload();
  await expect(page.getByTestId('approval-rule-name').nth(2)).toHaveText(name);
});
