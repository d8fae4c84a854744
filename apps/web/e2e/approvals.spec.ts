import { expect, test } from '@playwright/test';
import { apiAs, approvalLinkFor, makeRequest } from './purchasing.js';
import { gatewayUrl, idpUrl, logIn } from './support.js';

// Requests are prepared through the API; what each test is about happens in the browser.
const tag = () => `E2E-${Date.now().toString(36)}`;

test('a draft whose budget line may not be overdrawn shows why it cannot be submitted', async ({ page }) => {
  await logIn(page, 'Léa Moreau');
  // Fixed assets (218300) have a 40,000 EUR budget that stops there.
  const draft = await makeRequest(page, {
    title: `${tag()} Ordinateurs`,
    amount: 45_000,
    budgetCategory: '218300',
    draft: true,
  });
  await page.goto(`${gatewayUrl()}/requests/${draft.id}`);
  const preview = page.getByTestId('approval-preview');
  const line = preview.getByTestId('budget-check-line');
  await expect(line).toContainText('ALT-MKT / 218300');
  await expect(line.getByTestId('budget-available')).toHaveText(/40\s000,00\s€/);
  await expect(line.getByTestId('budget-standing')).toHaveText('Hors budget : refusé');
  await expect(preview.getByTestId('preview-blocked')).toContainText('ne peut pas être dépassé');
  await expect(preview.getByRole('button', { name: 'Soumettre pour approbation' })).toBeDisabled();
});

test('the manager filters the inbox and approves several requests at once, one over his limit is refused', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const batch = tag();
  await logIn(page, 'Léa Moreau');
  const small = await makeRequest(page, { title: `${batch} Enveloppes`, amount: 120 });
  const medium = await makeRequest(page, { title: `${batch} Affiches`, amount: 300 });
  // Above the manager's 5,000 EUR limit: he approves it only from the request's own page.
  const large = await makeRequest(page, { title: `${batch} Stand`, amount: 6_000 });

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await logIn(manager, 'Julien Lefèvre', '/approvals');
  const rows = manager.getByTestId('awaiting-request');
  await manager.getByLabel('Numéro, objet ou demandeur').fill(`${batch.toLowerCase()} lea`);
  await expect(rows).toHaveCount(3);
  await manager.getByLabel('Montant HT maximum').fill('1 000');
  await expect(rows).toHaveCount(2);
  await expect(manager.getByTestId('inbox-count')).toContainText('2 demande(s) affichée(s)');
  await manager.getByLabel('Montant HT minimum').fill('abc');
  await expect(manager.getByText('Saisissez un montant')).toBeVisible();
  await manager.getByLabel('Montant HT minimum').fill('');
  await manager.getByLabel('Montant HT maximum').fill('');
  await expect(rows).toHaveCount(3);

  for (const request of [small, medium, large])
    await manager.getByRole('checkbox', { name: `Sélectionner ${request.number}` }).check();
  await manager.getByLabel('Commentaire (facultatif)').fill('Validé en lot');
  await manager.getByRole('button', { name: 'Approuver les 3 demandes sélectionnées' }).click();

  const results = manager.getByTestId('bulk-result');
  await expect(results).toHaveCount(3);
  await expect(results.filter({ hasText: small.number })).toContainText('Approuvée — statut : Approuvée');
  await expect(results.filter({ hasText: medium.number })).toContainText('Approuvée — statut : Approuvée');
  await expect(results.filter({ hasText: large.number })).toContainText('Non approuvée');
  await expect(results.filter({ hasText: large.number })).toContainText('approval limit');
  // The inbox is read again: only the request over the limit still awaits him.
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(large.number);
  await managerContext.close();

  const call = await apiAs(page);
  const approved = await call('GET', `/api/v1/purchasing/requisitions/${small.id}`);
  expect(approved.body.status).toBe('approved');
  expect(approved.body.timeline.find((e: { kind: string }) => e.kind === 'step_approved').comment).toBe(
    'Validé en lot',
  );
});

test('the requester raises an approved request and sees approval start again; a stale version asks to reload', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await logIn(page, 'Léa Moreau');
  const request = await makeRequest(page, { title: `${tag()} Carnets`, amount: 100 });
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await logIn(manager, 'Julien Lefèvre');
  const decided = await (await apiAs(manager))(
    'POST',
    `/api/v1/purchasing/requisitions/${request.id}/decisions`,
    { stepIndex: 0, outcome: 'approved', comment: null, onBehalfOfUserId: null },
  );
  expect(decided.body.status).toBe('approved');
  await managerContext.close();

  await page.goto(`${gatewayUrl()}/requests/${request.id}`);
  const status = page.getByTestId('request-facts').getByTestId('requisition-status');
  await expect(status).toHaveText('Approuvée');
  await page.getByRole('button', { name: 'Modifier la demande' }).click();
  const form = page.getByTestId('request-change');
  const quantity = form.getByLabel(/^Quantité de /);
  const before = Number(await quantity.inputValue());

  // Meanwhile the request changes elsewhere (another tab): saving now is refused, and says to reload.
  const call = await apiAs(page);
  const current = (await call('GET', `/api/v1/purchasing/requisitions/${request.id}`)).body;
  const elsewhere = await call('PUT', `/api/v1/purchasing/requisitions/${request.id}`, {
    title: current.title,
    justification: 'Changée dans un autre onglet',
    currency: 'EUR',
    version: current.version,
    lines: current.lines.map((l: { supplier: { id: string; name: string } }) => ({
      ...l,
      supplierId: l.supplier.id,
      supplierName: l.supplier.name,
    })),
  });
  expect(elsewhere.status).toBe(200);
  await quantity.fill(String(before * 2));
  await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(form.getByTestId('stale-version')).toContainText('modifiée entre-temps');
  await form.getByRole('button', { name: 'Recharger la demande' }).click();
  await expect(form.getByLabel('Justification')).toHaveValue('Changée dans un autre onglet');

  await form.getByLabel(/^Quantité de /).fill(String(before * 2));
  await form.getByLabel('Objet').fill(`${current.title} (doublé)`);
  await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Demande ${request.number} modifiée : l’approbation recommence, car le montant augmente.`,
  );
  await expect(status).toHaveText("En cours d'approbation");
  await expect(page.getByRole('heading', { level: 1 })).toContainText('(doublé)');
  await expect(page.getByTestId('approval-step').first().getByTestId('step-status')).toHaveText('En attente');
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Approbation relancée' })).toHaveCount(1);
});

test('an approver not logged in opens an e-mail link, logs in, comes back to it and approves', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await logIn(page, 'Léa Moreau');
  const title = `${tag()} Badges`;
  const request = await makeRequest(page, { title, amount: 80 });
  const link = await approvalLinkFor(request.id, 'Julien Lefèvre');
  expect(link).toMatch(new RegExp(`^${gatewayUrl()}/approvals/email/[0-9a-f-]{36}\\.a\\.`));

  // The requester is not the link's approver: it is not for her.
  await page.goto(link);
  await expect(page.getByTestId('approval-link-unusable')).toContainText('envoyé à quelqu’un d’autre');

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await manager.goto(link);
  await manager.getByRole('link', { name: 'Se connecter' }).click();
  await expect(manager).toHaveURL(new RegExp(`^${idpUrl()}/sso`));
  await manager.getByRole('button', { name: /Julien Lefèvre/ }).click();
  await expect(manager).toHaveURL(link);

  const facts = manager.getByTestId('approval-link-facts');
  await expect(facts).toContainText(request.number);
  await expect(facts).toContainText(title);
  await expect(facts).toContainText('Léa Moreau');
  await expect(facts).toContainText('€');
  await expect(manager.getByTestId('approval-link-outcome')).toContainText('Ce lien approuve l’étape');
  await expect(manager.getByTestId('approval-link-for')).toHaveText('Vous décidez en votre nom.');
  await manager.getByLabel('Commentaire (facultatif)').fill('Vu dans le rappel');
  await manager.getByRole('button', { name: 'Confirmer l’approbation' }).click();
  await expect(manager.getByTestId('approval-link-result')).toHaveText(
    `Demande ${request.number} approuvée.`,
  );
  await expect(manager.getByTestId('requisition-status')).toHaveText('Approuvée');
  await manager.getByRole('link', { name: `Voir la demande ${request.number}` }).click();
  await expect(manager.getByRole('heading', { level: 1 })).toContainText(title);
  const approval = manager.getByTestId('timeline-entry').filter({ hasText: 'Approuvé par Julien Lefèvre' });
  await expect(approval).toContainText('Vu dans le rappel');

  // Once used, the link says so; an altered one is not valid.
  await manager.goto(link);
  await expect(manager.getByTestId('approval-link-unusable')).toContainText('déjà servi');
  await expect(manager.getByRole('link', { name: 'Aller à mes approbations' })).toBeVisible();
  await manager.goto(`${link.slice(0, -4)}AAAA`);
  await expect(manager.getByTestId('approval-link-unusable')).toContainText('n’est pas valide');
  await managerContext.close();
});
