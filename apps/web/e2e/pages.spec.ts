import { expect, test } from '@playwright/test';
import { gatewayUrl, logIn } from './support.js';

test('a manager delegates approvals to a colleague, who sees it', async ({ page }) => {
  await logIn(page, 'Julien Lefèvre', '/delegations');
  await page.getByLabel('Collègue').selectOption({ label: 'Léa Moreau' });
  // The company's day, as the delegation is checked (Europe/Paris), not UTC's.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  await page.getByLabel('Premier jour').fill(today);
  await page.getByLabel('Dernier jour').fill(today);
  await page.getByRole('button', { name: 'Déléguer' }).click();
  await expect(page.getByTestId('delegation-given')).toContainText('Léa Moreau');

  const me = await page.request.get(`${gatewayUrl()}/api/v1/me`);
  expect((await me.json()).delegations.given).toHaveLength(1);
});

test('a buyer blocks a supplier with a reason', async ({ page }) => {
  await logIn(page, 'Sophie Garnier', '/suppliers');
  const row = page.getByTestId('supplier-row').filter({ hasText: 'Orialis' });
  await row.getByRole('button', { name: 'Bloquer' }).click();
  await page.getByLabel('Motif du blocage').fill('Attestation d’assurance expirée');
  await page.getByRole('button', { name: 'Confirmer le blocage' }).click();
  await expect(row.getByTestId('supplier-status')).toHaveText('Bloqué');
  await expect(row).toContainText('Attestation d’assurance expirée');
});

test('an administrator creates an API token, shown once, that works with curl-like calls', async ({
  page,
}) => {
  await logIn(page, 'Antoine Lambert', '/administration');
  await page.getByLabel('Nom').fill('ERP');
  await page.getByRole('button', { name: 'Créer le jeton' }).click();
  const token = await page.getByTestId('api-token-once').getByRole('textbox').inputValue();
  expect(token).toMatch(/^prc_/);

  const response = await fetch(`${gatewayUrl()}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  expect((await response.json()).displayName).toBe('ERP');

  await page
    .getByRole('button', { name: 'J’ai copié le jeton' })
    .or(page.getByRole('button', { name: "J'ai copié le jeton" }))
    .click();
  await expect(page.getByTestId('api-token-once')).toHaveCount(0);
  await expect(page.getByTestId('api-token-row').filter({ hasText: 'ERP' })).toContainText('Actif');
});
