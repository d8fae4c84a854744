import { expect, type Page, test } from '@playwright/test';
import { demoCostCentres } from '@procura/demo-data';
import { logIn } from './support.js';

const year = new Date().getFullYear();
const marketing = demoCostCentres.find((c) => c.code === 'ALT-MKT');
const title = 'Location de stand pour le salon';
/** French amounts as the app writes them, spaces of any kind made plain. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();
const euros = (amount: number) =>
  plain(
    new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(
      amount,
    ),
  );

/** Léa files a request charged to marketing's 613500 through the API, as the request form would. */
async function submitRequest(page: Page): Promise<string> {
  return page.evaluate(
    async ({ costCentreId, title }) => {
      const me = await (await fetch('/api/v1/me')).json();
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const created = await fetch('/api/v1/purchasing/requisitions', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title,
          currency: 'EUR',
          lines: [
            {
              source: 'catalog',
              catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
              description: 'Stand de 12 m²',
              categoryCode: '80141600',
              quantity: '1',
              unitCode: 'C62',
              unitPrice: { amount: '850.00', currency: 'EUR' },
              vatRate: '20',
              costCentreId,
              budgetCategory: '613500',
            },
          ],
        }),
      });
      if (created.status !== 201) throw new Error(`request refused: ${await created.text()}`);
      const { id } = await created.json();
      const submitted = await fetch(`/api/v1/purchasing/requisitions/${id}/submit`, {
        method: 'POST',
        headers,
      });
      if (submitted.status !== 200) throw new Error(`submission refused: ${await submitted.text()}`);
      return id as string;
    },
    { costCentreId: marketing?.id ?? '', title },
  );
}

test('the accountant imports budget lines from a CSV file, a manager sees the figures and drills down to a request', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  if (!marketing) throw new Error('demo data changed: no ALT-MKT cost centre');

  // A file whose last row is wrong is refused whole, its error named by row and column.
  await logIn(page, 'Thomas Petit', '/budgets/lines');
  await page.getByRole('link', { name: 'Lignes budgétaires' }).click();
  const header = 'cost_centre;budget_category;period;amount;currency;policy';
  const good = [
    header,
    `ALT-MKT;613500;FY${year};2400,00;EUR;alerte`,
    `ALT-IT;613500;FY${year};1200;EUR;stop`,
  ];
  await page.getByLabel('Fichier CSV', { exact: true }).setInputFiles({
    name: 'budgets-faux.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([...good, `ALT-RH;613500;FY${year};-5;EUR;stop`].join('\n')),
  });
  // Purchasing learns the cost centres from the gateway's events a moment after start: until then
  // they are refused too, and importing again reports the amount alone.
  const errors = page.getByTestId('import-error');
  await expect(async () => {
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await expect(errors).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(errors.first().locator('td').nth(0)).toHaveText('4');
  await expect(errors.first().locator('td').nth(1)).toHaveText('amount');
  await expect(page.getByTestId('budget-line').filter({ hasText: '613500' })).toHaveCount(0);

  // The good file goes in; its lines are listed.
  await page.getByLabel('Fichier CSV', { exact: true }).setInputFiles({
    name: 'budgets.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(good.join('\n')),
  });
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Fichier budgets.csv importé : 2 nouvelles lignes');
  const imported = page.getByTestId('budget-line').filter({ hasText: '613500' });
  await expect(imported).toHaveCount(2);
  await expect(imported.filter({ hasText: 'ALT-MKT' })).toContainText('Alerte');
  await expect(page.getByTestId('budget-import').first()).toContainText('budgets.csv');

  // Léa requests 850.00 on marketing's new line (purchasing may learn of her a moment after login).
  const employeeContext = await browser.newContext();
  const employeePage = await employeeContext.newPage();
  await logIn(employeePage, 'Léa Moreau');
  let requestId = '';
  await expect(async () => {
    requestId = await submitRequest(employeePage);
  }).toPass({ timeout: 20_000 });
  await employeeContext.close();

  // The manager's dashboard: this fiscal year's figures for marketing, then the documents behind them.
  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await logIn(managerPage, 'Julien Lefèvre', '/budgets');
  await managerPage.getByRole('link', { name: 'Budgets' }).click();
  await expect(managerPage.getByLabel('Période', { exact: true })).toHaveValue(`FY${year}`);
  const block = managerPage.getByTestId('budget-cost-centre-ALT-MKT');
  await expect(block.getByTestId('figure-budget')).toBeVisible();
  expect(plain(await block.getByTestId('figure-budget').textContent())).toBe(euros(15_000 + 40_000 + 2_400));
  // Other specs charge marketing's other accounts: the new 613500 line holds Léa's request alone.
  for (const figure of [
    'figure-requested',
    'figure-available',
    'figure-committed',
    'figure-invoiced',
    'figure-forecast',
  ])
    await expect(block.getByTestId(figure)).toContainText('€');
  await expect(block.getByTestId('budget-chart').locator('svg[role="img"] desc')).toContainText('€');
  await expect(managerPage.getByTestId('budget-cost-centre-ALT-FIN')).toHaveCount(0);

  const category = block.getByTestId('budget-category').filter({ hasText: '613500' });
  const categoryText = plain(await category.textContent());
  expect(categoryText).toContain(euros(850));
  expect(categoryText).toContain(euros(2_400 - 850));
  await category.getByRole('button', { name: /Documents/ }).click();
  const document = block.getByTestId('budget-document');
  await expect(document).toHaveCount(1);
  await expect(document).toContainText(title);
  await expect(document).toContainText('Léa Moreau');
  await document.getByRole('link', { name: /^REQ-/ }).click();
  await expect(managerPage).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await expect(managerPage.getByRole('heading', { level: 1 })).toContainText(title);
  await managerContext.close();
});
