import { expect, test } from '@playwright/test';
import { makeRequest } from './purchasing.js';
import { gatewayUrl, logIn } from './support.js';

const plain = (text: string | null) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();

test('the accountant records a rate, and a request in that currency is counted in euros at it', async ({
  page,
  browser,
}) => {
  await logIn(page, 'Thomas Petit', '/exchange-rates');
  await page.getByLabel('Devise convertie').fill('CHF');
  await page.getByLabel('Devise de l’entité').fill('EUR');
  await page.getByLabel('Taux', { exact: true }).fill('0,5');
  await page.getByLabel('En vigueur à partir du').fill(new Date().toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status')).toContainText('Taux CHF → EUR enregistré');
  await expect(page.getByTestId('exchange-rate').filter({ hasText: '1 CHF → EUR' })).toContainText('0,5');

  // A malformed rate is refused beside its field, and nothing is recorded.
  await page.getByLabel('Taux', { exact: true }).fill('-2');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('must be positive')).toBeVisible();
  await expect(page.getByTestId('exchange-rate').filter({ hasText: '1 CHF → EUR' })).toHaveCount(1);

  const employeePage = await (await browser.newContext()).newPage();
  await logIn(employeePage, 'Léa Moreau');
  const request = await makeRequest(employeePage, {
    title: 'Licence en francs suisses',
    amount: 40,
    currency: 'CHF',
  });
  await employeePage.goto(`${gatewayUrl()}/requests/${request.id}`);
  const total = plain(await employeePage.getByTestId('request-total').textContent());
  const chf = Number(total.replace(/[^\d,]/g, '').replace(',', '.'));
  const eur = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(chf * 0.5);
  await expect(employeePage.getByTestId('request-counted')).toHaveText(
    new RegExp(`^${plain(eur).replace(/\s/g, '\\s')} au taux 0,5 du `),
  );
});
