import { expect, test } from '@playwright/test';
import { connect, type InvoicingDatabase } from '@procura/db';
import { demoSuppliers } from '@procura/demo-data';
import { ublDocument } from '@procura/einvoice/samples';
import { apiAs, approveRequestAs, makeRequest } from './purchasing.js';
import { logIn } from './support.js';

// The accountant's workbench: Lemaire invoices an order of paper 0,40 € a ream above the ordered
// price; the accountant uploads the UBL file, sees the price variance beside the order and resolves
// it. The order is made, approved, issued and received through the API.
const lemaire = demoSuppliers.find((s) => s.name.startsWith('Lemaire'));

/** Waits until invoicing's projection holds the order and its receipt (purchasing's events). */
async function invoicingKnows(orderNumber: string, received: string) {
  const databaseUrl = process.env.PROCURA_E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('the global setup did not start the system');
  const db = connect<InvoicingDatabase>({ url: databaseUrl, maxConnections: 1 });
  try {
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('invoicing.order_line')
              .select('received_quantity')
              .where('purchase_order_number', '=', orderNumber)
              .executeTakeFirst()
          )?.received_quantity,
        { timeout: 20_000 },
      )
      .toBe(received);
  } finally {
    await db.destroy();
  }
}

test('an accountant uploads an invoice whose price differs from the order, sees the variance and resolves it', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  if (!lemaire) throw new Error('Lemaire is not a demo supplier');
  // Léa's request for paper, approved by Julien, ordered by Sophie; Léa receives it all.
  await logIn(page, 'Léa Moreau');
  const request = await makeRequest(page, { title: `Papier ${Date.now().toString(36)}`, amount: 49 });
  await approveRequestAs(browser, 'Julien Lefèvre', request.id);
  const buyerContext = await browser.newContext();
  const buyer = await buyerContext.newPage();
  await logIn(buyer, 'Sophie Garnier');
  const issued = await (await apiAs(buyer))('POST', '/api/v1/purchase-orders/from-requisitions', {
    requisitionIds: [request.id],
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  await buyerContext.close();
  const { id: orderId, number } = issued.body.purchaseOrders[0];
  const lea = await apiAs(page);
  const order = (await lea('GET', `/api/v1/purchase-orders/${orderId}`)).body;
  const line = order.lines[0];
  const received = await lea('POST', `/api/v1/purchase-orders/${orderId}/receipts`, {
    receivedOn: new Date().toISOString().slice(0, 10),
    lines: [{ purchaseOrderLineId: line.id, quantity: line.quantity }],
  });
  expect(received.status, JSON.stringify(received.body)).toBe(201);
  await invoicingKnows(number, Number(line.quantity).toFixed(4));

  // Lemaire's invoice: the quantity received, each ream 0,40 € dearer than ordered.
  const invoiceNumber = `LB-${Date.now().toString(36).toUpperCase()}`;
  const price = (Number(line.unitPrice.amount) + 0.4).toFixed(2);
  const ubl = ublDocument({
    number: invoiceNumber,
    issueDate: new Date().toISOString().slice(0, 10),
    seller: { name: lemaire.name, vatNumber: lemaire.vatNumber, siren: lemaire.siren, siret: lemaire.siret },
    order: number,
    lines: [
      {
        id: '1',
        name: line.description,
        quantity: line.quantity,
        unit: line.unitCode,
        price,
        rate: String(Number(line.vatRate)),
        orderLine: String(line.lineNo),
      },
    ],
  });

  // Thomas uploads it on the workbench: received, in exception for the price.
  const accountantContext = await browser.newContext();
  const accountant = await accountantContext.newPage();
  await logIn(accountant, 'Thomas Petit', '/invoices');
  await accountant.getByLabel('Fichier').setInputFiles({
    name: `${invoiceNumber}.xml`,
    mimeType: 'application/xml',
    buffer: Buffer.from(ubl),
  });
  await accountant.getByRole('button', { name: 'Déposer' }).click();
  const outcome = accountant.getByTestId('upload-outcome');
  await expect(outcome).toContainText(`Facture ${invoiceNumber} reçue, en anomalie.`);
  const row = accountant.getByTestId('invoice').filter({ hasText: invoiceNumber });
  await expect(row.getByTestId('invoice-match')).toContainText('Écart de prix');
  await expect(row.getByTestId('invoice-match')).toContainText('acheteur');

  // Beside its order: the price differs, highlighted with the ordered price and its impact.
  await outcome.getByRole('link', { name: 'Ouvrir la facture' }).click();
  await expect(accountant.getByRole('heading', { level: 1 })).toContainText(`Facture ${invoiceNumber}`);
  const invoiceLine = accountant.getByTestId('invoice-line');
  await expect(invoiceLine.getByTestId('line-price')).toHaveClass(/variance/);
  const ordered = Number(line.unitPrice.amount).toFixed(2).replace('.', ',');
  await expect(invoiceLine.getByTestId('line-ordered-price')).toContainText(ordered);
  const impact = (0.4 * Number(line.quantity)).toFixed(2).replace('.', ',');
  const finding = (await invoiceLine.getByTestId('line-match').textContent())?.replace(/\s/g, ' ');
  expect(finding).toBe(
    `Écart de prix : ${price.replace('.', ',')} € facturé pour ${ordered} € commandé (impact ${impact} €)`,
  );
  await expect(accountant.getByTestId('invoice-facts').getByTestId('invoice-status')).toHaveText('Déposée');

  // Thomas accepts the variance (2 € is within his limit), saying why: the invoice is approved by him.
  const actions = accountant.getByTestId('invoice-actions');
  await actions.getByRole('button', { name: 'Accepter l’écart' }).click();
  await actions
    .getByLabel('Commentaire (pourquoi l’écart est acceptable)')
    .fill('Hausse du tarif papier annoncée');
  await actions.getByRole('button', { name: 'Confirmer : Accepter l’écart' }).click();
  await expect(accountant.getByTestId('invoice-notice')).toHaveText(
    `Écart accepté sur la facture ${invoiceNumber}.`,
  );
  await expect(accountant.getByTestId('invoice-facts').getByTestId('invoice-status')).toHaveText('Approuvée');
  const history = accountant.getByTestId('invoice-history-entry');
  await expect(history.filter({ hasText: 'Écart accepté' })).toContainText('Thomas Petit');
  await expect(history.filter({ hasText: 'Écart accepté' })).toContainText('Hausse du tarif papier annoncée');
  await expect(history.filter({ hasText: 'Approuvée' })).toContainText('Thomas Petit');

  // It is paid in the run of its due date: one transfer to Lemaire in the SEPA file.
  const due = (await (await apiAs(accountant))('GET', `/api/v1/invoices?status=approved`)).body.invoices.find(
    (i: { number: string }) => i.number === invoiceNumber,
  ).dueDate;
  await accountant.getByRole('link', { name: 'Paiements' }).click();
  await accountant.getByLabel('Date d’exécution').fill(due);
  await accountant.getByRole('button', { name: 'Préparer le lot' }).click();
  const run = accountant.getByTestId('payment-run-detail');
  await expect(run.getByTestId('payment-run-transfer').filter({ hasText: invoiceNumber })).toContainText(
    lemaire.name,
  );
  await run.getByRole('button', { name: 'Confirmer l’envoi à la banque' }).click();
  await expect(run).toContainText('Envoi confirmé par Thomas Petit');
  await accountant.getByRole('link', { name: 'Factures' }).click();
  await expect(
    accountant.getByTestId('invoice').filter({ hasText: invoiceNumber }).getByTestId('invoice-status'),
  ).toHaveText('Payée');
  await accountantContext.close();
});
