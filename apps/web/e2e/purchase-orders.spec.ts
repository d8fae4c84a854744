import { expect, test } from '@playwright/test';
import { apiAs, approveRequestAs, makeRequest, supplierLinkFromOrderMail } from './purchasing.js';
import { gatewayUrl, logIn } from './support.js';

// One order's life, each step in the browser of the person who takes it: the buyer orders an
// approved request, the requester receives part of it, the supplier acknowledges it from the link
// of the order e-mail (without an account), and the buyer sees it acknowledged. The request is
// made and approved through the API. Issuing needs a CGA in force (the demo terms).
const tag = `E2E-${Date.now().toString(36)}`;
let order: { id: string; number: string; quantity: string } | undefined;
const theOrder = () => {
  if (!order) throw new Error('the order was not issued by the first test');
  return order;
};

test.describe('one order’s life', () => {
  test.describe.configure({ mode: 'serial' });

  test('a buyer orders an approved request, then finds the order with its number, PDF and e-mail', async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    await logIn(page, 'Léa Moreau');
    const request = await makeRequest(page, { title: `${tag} Papier pour l’accueil`, amount: 60 });
    await approveRequestAs(browser, 'Julien Lefèvre', request.id);

    const buyerContext = await browser.newContext();
    const buyer = await buyerContext.newPage();
    // The buyer finds it in the queue of approved requests to order.
    await logIn(buyer, 'Sophie Garnier', '/orders');
    await buyer
      .getByTestId('requests-to-orders')
      .getByTestId('requests-to-order')
      .filter({ hasText: request.number })
      .getByRole('link')
      .first()
      .click();
    await expect(buyer).toHaveURL(new RegExp(`/requests/${request.id}$`));
    const panel = buyer.getByTestId('request-orders');
    await expect(panel).toContainText('Aucune commande n’a encore été passée pour cette demande.');
    await panel.getByRole('button', { name: 'Passer commande' }).click();
    await expect(panel.getByTestId('orders-issued')).toHaveText(/^Commande PO-\d{4}-\d{6} émise\.$/);
    const row = panel.getByTestId('request-order');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('order-status')).toHaveText('Émise');
    const number = (await row.getByRole('link').textContent()) ?? '';
    expect(number).toMatch(/^PO-\d{4}-\d{6}$/);
    await expect(buyer.getByTestId('request-facts').getByTestId('requisition-status')).toHaveText(
      'Commandée',
    );

    await row.getByRole('link', { name: number }).click();
    await expect(buyer.getByTestId('order-number')).toHaveText(`Commande ${number}`);
    const id = new URL(buyer.url()).pathname.split('/').at(-1) ?? '';
    const ordered = (await buyer.getByTestId('order-line').getByTestId('line-ordered').textContent()) ?? '';
    order = { id, number, quantity: ordered.split(/\s/)[0] ?? '' };
    await expect(buyer.getByTestId('order-facts').getByTestId('receipt-status')).toHaveText('Non reçue');

    // The PDF preview shows the issued order, which the API serves as a PDF.
    const preview = buyer.getByTestId('pdf-preview');
    await expect(preview).toHaveAttribute('data', `/api/v1/purchase-orders/${id}/pdf?revision=1`);
    const pdf = await buyer.request.get(`${gatewayUrl()}${await preview.getAttribute('data')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(buyer.getByTestId('pdf-download')).toHaveAttribute('download', `${number}.pdf`);
    await expect(buyer.getByTestId('order-revision')).toContainText('Conditions jointes : CGA v');

    // The e-mail to the supplier is listed, and sent by the dispatch job.
    const dispatch = buyer.getByTestId('order-dispatch');
    await expect(dispatch).toHaveCount(1);
    await expect(dispatch).toContainText('Commande, révision 1');
    await expect(async () => {
      await buyer.reload();
      await expect(dispatch.getByTestId('dispatch-status')).toHaveText('Envoyé', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });

    // The orders page lists it, and its status filter keeps it among the issued ones.
    await buyer
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Commandes' })
      .click();
    await buyer.getByLabel('Statut').selectOption({ label: 'Émise' });
    const listed = buyer.getByTestId('order').filter({ hasText: number });
    await expect(listed).toContainText('Lemaire');
    await expect(listed.getByTestId('receipt-status')).toHaveText('Non reçue');
    await buyer.getByLabel('Statut').selectOption({ label: 'Annulée' });
    await expect(buyer.getByTestId('order').filter({ hasText: number })).toHaveCount(0);
    await buyerContext.close();
  });

  test('the requester records a partial receipt, the API’s refusal of too much shown on the line', async ({
    page,
  }) => {
    const { id, number, quantity } = theOrder();
    await logIn(page, 'Léa Moreau', '/orders');
    await page.getByTestId('order').filter({ hasText: number }).getByRole('link', { name: number }).click();
    await expect(page.getByTestId('order-number')).toHaveText(`Commande ${number}`);
    await page.getByRole('link', { name: 'Réceptionner' }).click();
    await expect(page).toHaveURL(`${gatewayUrl()}/orders/${id}/receive`);

    const form = page.getByTestId('receipt-form');
    const received = form.getByLabel(/^Quantité reçue maintenant pour /);
    await expect(received).toHaveValue(quantity);
    await expect(form.getByLabel('Date de réception')).not.toHaveValue('');

    // Far more than ordered: the API names the line's quantity, shown under the line.
    await received.fill('999');
    await form.getByRole('button', { name: 'Enregistrer la réception' }).click();
    await expect(received).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await received.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`[id="${describedBy}"]`)).toContainText('tolerance');

    await received.fill('1');
    await form.getByLabel(/^Commentaire pour /).fill('Le reste suit');
    await form.getByRole('button', { name: 'Enregistrer la réception' }).click();
    await expect(page).toHaveURL(`${gatewayUrl()}/orders/${id}`);
    await expect(page.getByTestId('order-notice')).toHaveText(
      `Réception enregistrée sur ${number} : Réception partielle.`,
    );
    await expect(page.getByTestId('order-facts').getByTestId('receipt-status')).toHaveText(
      'Réception partielle',
    );
    await expect(page.getByTestId('order-line').getByTestId('line-received')).toHaveText('1');
    await expect(page.getByTestId('order-receipt')).toContainText('Le reste suit');
    // The requester neither revises nor cancels.
    await expect(page.getByRole('button', { name: 'Réviser' })).toHaveCount(0);
  });

  test('the supplier acknowledges from the e-mail’s link without an account; the buyer sees it acknowledged', async ({
    page,
    browser,
  }) => {
    test.setTimeout(60_000);
    const { id, number } = theOrder();
    const { link, mail } = await supplierLinkFromOrderMail(number);
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: `${number}.pdf`, contentType: 'application/pdf' }),
    ]);
    expect(link.startsWith(`${gatewayUrl()}/supplier/orders/`)).toBe(true);

    // A fresh browser, no session: the page opens and never asks who is logged in.
    const supplierContext = await browser.newContext();
    const supplier = await supplierContext.newPage();
    const askedWho: string[] = [];
    supplier.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) askedWho.push(request.url());
    });
    await supplier.goto(link);
    await expect(supplier.getByRole('heading', { level: 1 })).toHaveText(
      `Bon de commande ${number} — révision 1`,
    );
    await expect(supplier.getByRole('link', { name: 'Se connecter' })).toHaveCount(0);
    await expect(supplier.getByTestId('supplier-order-lines')).toContainText('Ramette');

    const promised = new Date(Date.now() + 7 * 86_400_000);
    const day = `${promised.getFullYear()}-${String(promised.getMonth() + 1).padStart(2, '0')}-${String(promised.getDate()).padStart(2, '0')}`;
    await supplier.getByLabel('Date de livraison promise').fill(day);
    await supplier.getByRole('button', { name: 'Confirmer la commande' }).click();
    await expect(supplier.getByTestId('supplier-order-answer')).toContainText(
      'Vous avez confirmé cette commande',
    );
    await expect(supplier.getByTestId('acknowledge-form')).toHaveCount(0);
    // The link shows the answer once given.
    await supplier.reload();
    await expect(supplier.getByTestId('supplier-order-answer')).toContainText('livraison promise le');
    expect(askedWho).toEqual([]);
    await supplierContext.close();

    await logIn(page, 'Sophie Garnier', `/orders/${id}`);
    await expect(page.getByTestId('order-facts').getByTestId('order-status')).toHaveText('Confirmée');
    await expect(page.getByTestId('order-acknowledgement')).toContainText('Confirmée par le fournisseur le');
    await expect(page.getByTestId('order-acknowledgement')).toContainText('livraison promise le');
  });
});

test('a link that is not signed by Procura says so, without asking anyone to log in', async ({ page }) => {
  const forged = '44444444-4444-4444-8444-444444444444.1.c2lnbmF0dXJlLWZvcmfDqWU';
  await page.goto(`${gatewayUrl()}/supplier/orders/${forged}`);
  await expect(page.getByTestId('supplier-order-invalid')).toHaveText(
    'Ce lien n’est pas valide : vérifiez qu’il a été copié en entier depuis l’e-mail.',
  );
  await expect(page.getByRole('link', { name: 'Se connecter' })).toHaveCount(0);
});

test('a buyer’s revision beyond the threshold waits for the manager’s approval, then the buyer cancels the order', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await logIn(page, 'Léa Moreau');
  const request = await makeRequest(page, { title: `${tag} Papier pour le service`, amount: 40 });
  await approveRequestAs(browser, 'Julien Lefèvre', request.id);
  const buyerContext = await browser.newContext();
  const buyer = await buyerContext.newPage();
  await logIn(buyer, 'Sophie Garnier');
  const issued = await (await apiAs(buyer))('POST', '/api/v1/purchase-orders/from-requisitions', {
    requisitionIds: [request.id],
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  const { id, number } = issued.body.purchaseOrders[0];

  // Doubling the quantity raises the order beyond the 10 % threshold: the revision waits.
  await buyer.goto(`${gatewayUrl()}/orders/${id}`);
  await buyer.getByRole('button', { name: 'Réviser' }).click();
  const form = buyer.getByTestId('order-revision-form');
  const quantity = form.getByLabel(/^Nouvelle quantité pour /);
  await quantity.fill(String(Number(await quantity.inputValue()) * 2));
  // And a line the request did not have: a category that is not an 8-digit code is refused on its row.
  await form.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await form.getByLabel('Désignation de la ligne ajoutée 1').fill('Agrafeuse de bureau');
  await form.getByLabel('Code UNSPSC à 8 chiffres de la ligne ajoutée 1').fill('4412');
  await form.getByLabel('Quantité de la ligne ajoutée 1').fill('2');
  await form.getByLabel('Prix unitaire HT de la ligne ajoutée 1').fill('12,50');
  await form.getByLabel('Motif de la révision').fill('Le service double sa consommation');
  await form.getByRole('button', { name: 'Émettre la révision' }).click();
  await expect(form.getByTestId('added-line')).toContainText('Saisissez un code UNSPSC à 8 chiffres');
  await form.getByLabel('Code UNSPSC à 8 chiffres de la ligne ajoutée 1').fill('44121615');
  await form.getByRole('button', { name: 'Émettre la révision' }).click();
  await expect(buyer.getByTestId('order-notice')).toContainText(
    /Révision 2 en attente d’approbation : la hausse de [\d,]+ % dépasse le seuil\./,
  );
  await expect(buyer.getByTestId('order-facts').getByTestId('order-status')).toHaveText(
    'Révision en approbation',
  );
  await expect(buyer.getByTestId('revision-decision-form')).toHaveCount(0);
  await expect(buyer.getByTestId('order-dispatch')).toHaveCount(1);

  // The manager approves it: it is issued and sent to the supplier as revision 2.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await logIn(manager, 'Julien Lefèvre', `/orders/${id}`);
  const decision = manager.getByTestId('revision-decision-form');
  await expect(decision).toContainText(
    /Sophie Garnier demande une hausse de [\d,]+ % : « Le service double sa consommation »\./,
  );
  await expect(decision.getByTestId('revision-changes')).toContainText(
    'Nouvelle ligne Agrafeuse de bureau : 2 à 12,50 €',
  );
  await decision.getByRole('button', { name: 'Approuver la révision' }).click();
  await expect(manager.getByTestId('order-notice')).toHaveText(
    `Révision 2 de ${number} approuvée : elle est envoyée au fournisseur.`,
  );
  await expect(manager.getByTestId('order-facts').getByTestId('order-status')).toHaveText('Émise');
  await expect(manager.getByTestId('pdf-preview')).toHaveAttribute(
    'data',
    `/api/v1/purchase-orders/${id}/pdf?revision=2`,
  );
  await expect(manager.getByTestId('order-revision').first()).toContainText('Approuvée par Julien Lefèvre');
  await expect(manager.getByTestId('order-line')).toHaveCount(2);
  await expect(manager.getByTestId('order-line').last()).toContainText('Agrafeuse de bureau');
  await expect(manager.getByRole('button', { name: 'Annuler la commande' })).toHaveCount(0);
  await managerContext.close();

  // The buyer cancels it, saying why: the supplier is told.
  await buyer.reload();
  await buyer.getByRole('button', { name: 'Annuler la commande' }).click();
  const cancel = buyer.getByTestId('order-cancel-form');
  await cancel.getByLabel('Motif').fill('Projet abandonné');
  await cancel.getByRole('button', { name: 'Confirmer l’annulation' }).click();
  await expect(buyer.getByTestId('order-notice')).toHaveText(
    `Commande ${number} annulée : le fournisseur est prévenu.`,
  );
  await expect(buyer.getByTestId('order-facts').getByTestId('order-status')).toHaveText('Annulée');
  await expect(buyer.getByTestId('order-cancelled')).toHaveText('Projet abandonné');
  await expect(buyer.getByTestId('order-dispatch')).toHaveText([
    /Commande, révision 1/,
    /Commande, révision 2/,
    /Annulation/,
  ]);
  await buyerContext.close();
});
