// The whole system as `npm start` runs it: real processes, embedded PostgreSQL, the gateway in
// front. Proves the request chain, the event between services, and a restart that keeps the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCatalogItems, demoSuppliers, demoUserEmails, demoUsers } from '@procura/demo-data';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, logInThroughDevIdp, type RunningStack, startStack } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'procura-stack-'));
const supplier = demoSuppliers[1];
if (!supplier) throw new Error('demo data changed: update this test');
let stack: RunningStack | undefined;
let buyer: BrowserSession;

const start = () => startStack({ dataDir, ports: 'auto', output: 'files', logLevel: 'warn' });

async function getJson(url: string, init: RequestInit = {}) {
  const headers = {
    ...(init.headers as Record<string, string>),
    cookie: buyer.cookie,
    'x-csrf-token': buyer.csrfToken,
  };
  const response = await fetch(url, { ...init, headers });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { [k: string]: unknown },
  };
}

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the system on one machine', () => {
  it('starts, and the gateway reports every service ready', { timeout: 120_000 }, async () => {
    stack = await start();
    const { status, body } = await (async () => {
      const response = await fetch(`${stack?.url}/readyz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    })();
    expect(status).toBe(200);
    expect(body.checks).toEqual({
      database: { ok: true },
      catalog: { ok: true },
      purchasing: { ok: true },
      invoicing: { ok: true },
    });
  });

  it('logs a demo user in through the development IdP', { timeout: 30_000 }, async () => {
    buyer = await logInThroughDevIdp(stack?.url ?? '', demoUserEmails.buyer);
    const { status, body } = await getJson(`${stack?.url}/api/v1/me`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ email: demoUserEmails.buyer, roles: ['buyer', 'employee'] });
  });

  it('serves the seeded catalog through the gateway', async () => {
    const { status, body } = await getJson(`${stack?.url}/api/v1/catalog/items?pageSize=5`);
    expect(status).toBe(200);
    expect(body.total).toBe(demoCatalogItems.length);
  });

  it('answers 401 when a service is called directly, without the gateway', async () => {
    for (const service of ['catalog', 'purchasing', 'invoicing'] as const) {
      const response = await fetch(`${stack?.serviceUrls[service]}/api/v1/${service}/anything`);
      expect(response.status).toBe(401);
    }
  });

  it('carries a supplier block from catalog to purchasing', { timeout: 30_000 }, async () => {
    const blocked = await getJson(`${stack?.url}/api/v1/catalog/suppliers/${supplier.id}/block`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Insurance certificate expired' }),
    });
    expect(blocked.status).toBe(200);
    let status: unknown;
    for (let i = 0; i < 100 && status !== 'blocked'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await getJson(`${stack?.url}/api/v1/purchasing/suppliers/${supplier.id}/status`)).body.status;
    }
    expect(status).toBe('blocked');
  });

  it('knows in purchasing that the demo suppliers are active: the demo loader announced them', {
    timeout: 30_000,
  }, async () => {
    const other = demoSuppliers[0];
    if (!other) throw new Error('demo data changed: update this test');
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 100 && body.status !== 'active'; i++) {
      body = (await getJson(`${stack?.url}/api/v1/purchasing/suppliers/${other.id}/status`)).body;
      if (body.status !== 'active') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body).toMatchObject({ status: 'active', orderable: true });
  });

  it('knows in purchasing every demo person of the entity, with managers and approval limits', {
    timeout: 30_000,
  }, async () => {
    const admin = await logInThroughDevIdp(stack?.url ?? '', demoUserEmails.administrator);
    const manager = demoUsers.find((u) => u.email === demoUserEmails.manager);
    if (!manager) throw new Error('demo data changed: update this test');
    const expected = demoUsers.filter((u) => u.entityId === manager.entityId).length;
    let users: { email: string; approvalLimit: string | null; managerUserId: string | null }[] = [];
    for (let i = 0; i < 100 && users.length < expected; i++) {
      const response = await fetch(
        `${stack?.url}/api/v1/purchasing/directory/users?entityId=${manager.entityId}`,
        {
          headers: { cookie: admin.cookie },
        },
      );
      users = ((await response.json()) as { users: typeof users }).users;
      if (users.length < expected) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(users).toHaveLength(expected);
    expect(users.find((u) => u.email === manager.email)).toMatchObject({
      approvalLimit: manager.approvalLimit,
      managerUserId: manager.managerUserId,
    });
  });

  it('takes a purchase request from the employee to the manager’s approval, through the gateway', {
    timeout: 30_000,
  }, async () => {
    const url = stack?.url ?? '';
    const employee = await logInThroughDevIdp(url, demoUserEmails.employee);
    const manager = await logInThroughDevIdp(url, demoUserEmails.manager);
    const person = demoUsers.find((u) => u.email === demoUserEmails.employee);
    const item = demoCatalogItems[0];
    if (!person || !item) throw new Error('demo data changed: update this test');
    const as = (session: BrowserSession) => ({
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/json',
    });
    // The organisation reaches purchasing through the gateway's events (about a second after a
    // login announces the person): until then the cost centre is unknown there and creation waits.
    let created: Response | undefined;
    for (let i = 0; i < 50 && created?.status !== 201; i++) {
      if (created) await new Promise((resolve) => setTimeout(resolve, 200));
      created = await fetch(`${url}/api/v1/purchasing/requisitions`, {
        method: 'POST',
        headers: as(employee),
        body: JSON.stringify({
          title: 'Fournitures du trimestre',
          currency: 'EUR',
          lines: [
            {
              source: 'catalog',
              catalogItemId: item.id,
              supplierId: item.supplierId,
              supplierName: 'Fournisseur',
              description: item.nameFr,
              categoryCode: item.categoryCode,
              quantity: '2',
              unitCode: item.unitCode,
              unitPrice: { amount: item.unitPrice, currency: 'EUR' },
              vatRate: item.vatRate,
              costCentreId: person.costCentreIds[0],
              budgetCategory: '606400',
            },
          ],
        }),
      });
    }
    if (!created) throw new Error('no request was made');
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    let submitted: Response | undefined;
    for (let i = 0; i < 50; i++) {
      submitted = await fetch(`${url}/api/v1/purchasing/requisitions/${id}/submit`, {
        method: 'POST',
        headers: as(employee),
      });
      if (submitted.status !== 422) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(submitted?.status).toBe(200);
    expect(await submitted?.json()).toMatchObject({ status: 'in_approval' });
    const inbox = await fetch(`${url}/api/v1/purchasing/requisitions/awaiting-my-approval`, {
      headers: as(manager),
    });
    expect(
      ((await inbox.json()) as { requisitions: { id: string }[] }).requisitions.map((r) => r.id),
    ).toContain(id);
    const decided = await fetch(`${url}/api/v1/purchasing/requisitions/${id}/decisions`, {
      method: 'POST',
      headers: as(manager),
      body: JSON.stringify({ stepIndex: 0, outcome: 'approved', comment: 'Validé' }),
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ status: 'approved' });
  });

  it('receives a supplier e-invoice through the gateway, recognising the supplier catalog announced', {
    timeout: 30_000,
  }, async () => {
    const accountant = await logInThroughDevIdp(stack?.url ?? '', demoUserEmails.accountant);
    const seller = demoSuppliers[0];
    if (!seller) throw new Error('demo data changed: update this test');
    const ubl = (number: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>${number}</cbc:ID>
  <cbc:IssueDate>2026-11-02</cbc:IssueDate>
  <cbc:DueDate>2026-12-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:OrderReference><cbc:ID>PO-2026-999999</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>${seller.vatNumber}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>${seller.name}</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Altiva SAS</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">9.80</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">49.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">9.80</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">49.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">49.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">58.80</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">58.80</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">10</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">49.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Ramette papier A4</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">4.90</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>`;
    // The supplier's details reach invoicing from catalog's demo announcement, as they reached purchasing.
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 50 && !body.supplier; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(`${stack?.url}/api/v1/invoices?fileName=facture.xml`, {
        method: 'POST',
        headers: {
          cookie: accountant.cookie,
          'x-csrf-token': accountant.csrfToken,
          'content-type': 'application/xml',
        },
        body: ubl(`STACK-${i}`),
      });
      expect(response.status).toBe(201);
      body = (await response.json()) as Record<string, unknown>;
    }
    expect(body).toMatchObject({
      supplier: { id: seller.id },
      status: 'received',
      match: { status: 'exception', reasons: ['no_order_line'], owner: 'accounts_payable' },
    });
  });

  it('serves a supplier with its verified bank account and compliance documents', async () => {
    const { status, body } = await getJson(`${stack?.url}/api/v1/catalog/suppliers/${supplier.id}`);
    expect(status).toBe(200);
    expect(body.currentBankAccount).toMatchObject({ status: 'verified' });
    expect(body.compliance).toMatchObject({ missing: [] });
  });

  it('sends the compliance reminders over SMTP to the sink', { timeout: 30_000 }, async () => {
    const administrator = await logInThroughDevIdp(stack?.url ?? '', demoUserEmails.administrator);
    const response = await fetch(`${stack?.url}/api/v1/catalog/compliance/daily-check`, {
      method: 'POST',
      headers: { cookie: administrator.cookie, 'x-csrf-token': administrator.csrfToken },
    });
    // Put on the job queue; the catalog service's worker runs it.
    expect(response.status).toBe(202);
    // The demo's Numéria URSSAF certificate expires in 12 days: its 30-day reminder goes out.
    const mails = await stack?.mail.waitForMessages(1, 20_000);
    expect(mails?.[0]?.to).toEqual(['mehdi.haddad@numeria-systemes.example']);
  });

  it('keeps everything across a restart on the same data folder', { timeout: 120_000 }, async () => {
    await stack?.stop();
    stack = await start();
    // Sessions live in PostgreSQL: the same cookie still works after the restart.
    const items = await getJson(`${stack.url}/api/v1/catalog/items?pageSize=1`);
    const fromBlocked = demoCatalogItems.filter((i) => i.supplierId === supplier.id).length;
    expect(items.body.total).toBe(demoCatalogItems.length - fromBlocked);
    const standing = await getJson(`${stack.url}/api/v1/purchasing/suppliers/${supplier.id}/status`);
    expect(standing.body).toMatchObject({ status: 'blocked', reason: 'Insurance certificate expired' });
  });
});
