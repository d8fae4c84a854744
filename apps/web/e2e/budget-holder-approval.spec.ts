import { expect, type Page, test } from '@playwright/test';
import { makeRequest } from './purchasing.js';
import { gatewayUrl, logIn } from './support.js';

const title = 'Salon professionnel : supports imprimés';
/** An amount as the app writes it (« 6 000,80 € »), as a number of cents. */
const cents = (text: string | null) => Number((text ?? '').replace(/[^\d,]/g, '').replace(',', ''));

/**
 * What the budget dashboard shows as requested on marketing, in cents (purchasing learns the cost
 * centres from the gateway's events a moment after the system starts: until then, reload).
 */
async function marketingRequested(page: Page): Promise<number> {
  const requested = page.getByTestId('budget-cost-centre-ALT-MKT').getByTestId('figure-requested');
  await expect(async () => {
    await page.goto(`${gatewayUrl()}/budgets`);
    await expect(requested).toHaveText(/€/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return cents(await requested.textContent());
}

/** The approver opens the request from their inbox and approves it with a comment. */
async function approveFromInbox(page: Page, number: string, comment: string) {
  await page.getByRole('link', { name: 'Approbations' }).click();
  await page
    .getByTestId('awaiting-request')
    .filter({ hasText: number })
    .getByRole('link', { name: number })
    .click();
  await page.getByLabel('Commentaire').fill(comment);
  await page.getByRole('button', { name: 'Approuver' }).click();
  await expect(page.getByRole('status')).toHaveText(`Demande ${number} approuvée.`);
}

test('a request over the manager’s limit goes to the manager, then to the budget holder above him; the employee sees it approved and the budget view moved', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await logIn(manager, 'Julien Lefèvre');
  const requestedBefore = await marketingRequested(manager);

  // Léa prepares a request of about 6,000 EUR: over Julien's 5,000 EUR limit.
  await logIn(page, 'Léa Moreau');
  const { id, number } = await makeRequest(page, { title, amount: 6000, draft: true });
  await page.goto(`${gatewayUrl()}/requests/${id}`);
  const total = cents(await page.getByTestId('request-total').textContent());
  expect(total).toBeGreaterThan(500_000);
  const preview = page.getByTestId('approval-preview');
  const steps = preview.getByTestId('preview-step');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0).getByTestId('preview-step-approvers')).toHaveText(
    'Approbateurs : Julien Lefèvre',
  );
  await expect(steps.nth(1).getByTestId('preview-step-approvers')).toHaveText('Approbateurs : Claire Dubois');
  await preview.getByRole('button', { name: 'Soumettre pour approbation' }).click();
  const status = page.getByTestId('request-facts').getByTestId('requisition-status');
  await expect(status).toHaveText("En cours d'approbation");

  // The manager approves his level; the request then waits on the budget holder, not on him.
  await approveFromInbox(manager, number, 'Nécessaire pour le salon');
  await expect(manager.getByTestId('awaiting-request').filter({ hasText: number })).toHaveCount(0);
  await page.reload();
  await expect(status).toHaveText("En cours d'approbation");

  // Claire, who holds the budgets above him, approves.
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await logIn(holder, 'Claire Dubois');
  await approveFromInbox(holder, number, 'Accord budgétaire');
  await holderContext.close();

  // Léa sees it approved, with both approvals in its history.
  await page.reload();
  await expect(status).toHaveText('Approuvée');
  await expect(
    page.getByTestId('timeline-entry').filter({ hasText: 'Approuvé par Julien Lefèvre' }),
  ).toContainText('Nécessaire pour le salon');
  await expect(
    page.getByTestId('timeline-entry').filter({ hasText: 'Approuvé par Claire Dubois' }),
  ).toContainText('Accord budgétaire');

  // The manager's budget view has moved by exactly the request's amount.
  expect(await marketingRequested(manager)).toBe(requestedBefore + total);
  await managerContext.close();
});
