// What the purchasing specs prepare through the API (requests made and submitted, decisions taken)
// so that each spec drives in the browser only what it is about.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, type Page } from '@playwright/test';
import { connect, type PurchasingDatabase } from '@procura/db';
import { demoUsers } from '@procura/demo-data';
import { createApprovalLink } from '../../purchasing/src/services/approval-link.service.js';
import { gatewayUrl, logIn } from './support.js';

const requisitions = '/api/v1/purchasing/requisitions';

export const demoUserId = (displayName: string) => {
  const user = demoUsers.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`${displayName} is not a demo user`);
  return user.id;
};

/** Calls the API as the person logged in on `page`, with their CSRF token, as the web app does. */
export async function apiAs(page: Page) {
  const me = await (await page.request.get(`${gatewayUrl()}/api/v1/me`)).json();
  return async (method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) => {
    const response = await page.request.fetch(`${gatewayUrl()}${path}`, {
      method,
      headers: { 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
      ...(data === undefined ? {} : { data }),
    });
    return { status: response.status(), body: await response.json() };
  };
}

/**
 * A request of about `amount` EUR on the catalog's A4 paper, made by the person logged in on `page`
 * (charged to their only cost centre), and submitted unless `draft`. Purchasing learns people from
 * the gateway's events a moment after their first login: until then, it is tried again.
 */
export async function makeRequest(
  page: Page,
  request: { title: string; amount: number; budgetCategory?: string; draft?: boolean; currency?: string },
): Promise<{ id: string; number: string }> {
  const call = await apiAs(page);
  const { body: found } = await call('GET', '/api/v1/catalog/items?q=ramette%20papier%20blanc&pageSize=1');
  const item = found.items[0];
  let created = { id: '', number: '' };
  await expect(async () => {
    const { body: centres } = await call('GET', '/api/v1/purchasing/directory/my-cost-centres');
    const answer = await call('POST', requisitions, {
      title: request.title,
      justification: null,
      currency: request.currency ?? 'EUR',
      lines: [
        {
          source: 'catalog',
          catalogItemId: item.id,
          supplierId: item.supplier.id,
          supplierName: item.supplier.name,
          description: item.name.fr,
          categoryCode: item.categoryCode,
          quantity: String(Math.ceil(request.amount / Number(item.unitPrice.amount))),
          unitCode: item.unitCode,
          unitPrice: { amount: item.unitPrice.amount, currency: request.currency ?? item.unitPrice.currency },
          vatRate: item.vatRate,
          costCentreId: centres.costCentres[0]?.costCentreId,
          budgetCategory: request.budgetCategory ?? '606400',
        },
      ],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    created = answer.body;
  }).toPass({ timeout: 20_000 });
  if (!request.draft)
    await expect(async () => {
      expect((await call('POST', `${requisitions}/${created.id}/submit`)).status).toBe(200);
    }).toPass({ timeout: 20_000 });
  return { id: created.id, number: created.number };
}

/**
 * The approve link an approval reminder would carry for `approverName` on the request's pending
 * step: made by the purchasing service's own code, with the secret the system generated.
 */
export async function approvalLinkFor(requisitionId: string, approverName: string): Promise<string> {
  const databaseUrl = process.env.PROCURA_E2E_DATABASE_URL;
  const dataDir = process.env.PROCURA_E2E_DATA_DIR;
  if (!databaseUrl || !dataDir) throw new Error('the global setup did not start the system');
  const db = connect<PurchasingDatabase>({ url: databaseUrl, maxConnections: 1 });
  try {
    const step = await db
      .selectFrom('purchasing.approval_step')
      .select('id')
      .where('requisition_id', '=', requisitionId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const secret = readFileSync(join(dataDir, 'keys', 'approval-link.secret'), 'utf8').trim();
    const { approveUrl } = await createApprovalLink(
      db,
      { secret, publicUrl: gatewayUrl(), validDays: 7 },
      { stepId: step.id, approverUserId: demoUserId(approverName) },
      new Date(),
    );
    return approveUrl;
  } finally {
    await db.destroy();
  }
}

/** `approverName` (the requester's manager) approves the request's pending step through the API. */
export async function approveRequestAs(browser: Browser, approverName: string, requisitionId: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logIn(page, approverName);
    const call = await apiAs(page);
    const request = (await call('GET', `${requisitions}/${requisitionId}`)).body;
    const step = request.approvalSteps.find((s: { status: string }) => s.status === 'pending');
    const decided = await call('POST', `${requisitions}/${requisitionId}/decisions`, {
      stepIndex: step?.stepIndex ?? 0,
      outcome: 'approved',
      comment: null,
      onBehalfOfUserId: null,
    });
    expect(decided.body.status, JSON.stringify(decided.body)).toBe('approved');
  } finally {
    await context.close();
  }
}

/** An e-mail as the stack's SMTP sink logged it (`logs/mail.log`, one JSON message a line). */
interface LoggedMail {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** The e-mails the system sent so far whose subject names `text`. */
export function mailsAbout(text: string): LoggedMail[] {
  const dataDir = process.env.PROCURA_E2E_DATA_DIR;
  if (!dataDir) throw new Error('the global setup did not start the system');
  const log = join(dataDir, 'logs', 'mail.log');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedMail)
    .filter((mail) => mail.subject.includes(text));
}

/**
 * The link of the order e-mail where the supplier acknowledges or declines the order, read from
 * the e-mail itself once the dispatch job sent it to the SMTP sink.
 */
export async function supplierLinkFromOrderMail(
  orderNumber: string,
): Promise<{ link: string; mail: LoggedMail }> {
  let found: { link: string; mail: LoggedMail } | undefined;
  await expect(async () => {
    const mail = mailsAbout(orderNumber).at(-1);
    const link = /https?:\/\/\S+\/supplier\/orders\/[A-Za-z0-9._~-]+/.exec(mail?.text ?? '')?.[0];
    expect(link, `the order e-mail of ${orderNumber} with its link`).toBeDefined();
    found = { link: link as string, mail: mail as LoggedMail };
  }).toPass({ timeout: 30_000 });
  if (!found) throw new Error(`no order e-mail for ${orderNumber}`);
  return found;
}
