// Pending approvals are reminded, then escalated, by e-mail through a real SMTP server (a local
// sink): once each, working days counted, and retried when the mail could not go.

import { randomBytes } from 'node:crypto';
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import { createMailer, type Mailer } from '@procura/mail';
import { type SmtpSink, startSmtpSink } from '@procura/mail/sink';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadDemoDirectory } from '../src/demo/demo-directory.js';
import { runApprovalFollowUps } from '../src/jobs/approval-follow-up.job.js';
import { createApprovalLink } from '../src/services/approval-link.service.js';

const logger = pino({ level: 'silent' });
const employee = demoIdentity('employee');
const manager = demoIdentity('manager');
const buyer = demoIdentity('buyer');
const policy = { reminderAfterWorkingDays: 2, escalationAfterWorkingDays: 4 };

let database: TestDatabase;
let db: Kysely<PurchasingDatabase>;
let keys: TestIdentityKeys;
let app: ReturnType<typeof createApp>;
let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.connect<PurchasingDatabase>();
  keys = await createTestIdentityKeys();
  app = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [] });
  await loadDemoDirectory(db);
  sink = await startSmtpSink();
  mailer = createMailer(sink.url, { from: 'Procura <no-reply@procura.example>' });
  // The buyer approves first, then the manager: a step waiting on the manager after the buyer's.
  await db
    .insertInto('purchasing.approval_rule')
    .values({
      entity_id: employee.entityId,
      name: 'Direction',
      position: 1,
      kind: 'blocking',
      conditions: '{}',
      approvers: JSON.stringify({ kind: 'users', userIds: [buyer.userId] }),
      mode: 'any',
      updated_by: manager.userId,
    })
    .execute();
});
afterAll(async () => {
  mailer.close();
  await sink.stop();
  await database.drop();
});

async function as(identity: TIdentity, path: string, payload: object = {}) {
  return request(app)
    .post(`/api/v1/purchasing/requisitions${path}`)
    .set(identityHeader, await keys.tokenFor(identity, 'purchasing'))
    .send(payload);
}

async function pendingRequest(activatedAt: string) {
  const created = await as(employee, '', {
    title: 'Casques audio',
    currency: 'EUR',
    lines: [
      {
        source: 'catalog',
        catalogItemId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        description: 'Casque sans fil',
        categoryCode: '43211900',
        quantity: '2',
        unitCode: 'C62',
        unitPrice: { amount: '89.00', currency: 'EUR' },
        vatRate: '20',
        costCentreId: employee.costCentreIds[0],
        budgetCategory: '606400',
      },
    ],
  });
  const id = created.body.id as string;
  expect((await as(employee, `/${id}/submit`)).body.status).toBe('in_approval');
  await db
    .updateTable('purchasing.approval_step')
    .set({ activated_at: activatedAt })
    .where('requisition_id', '=', id)
    .execute();
  return created.body.number as string;
}

describe('approval follow-ups', () => {
  it('reminds the approver after two working days, once, then escalates to their manager', async () => {
    // Activated on Thursday 19 November 2026 at 10:00 in Paris.
    const number = await pendingRequest('2026-11-19T09:00:00Z');
    const run = (isoDay: string) =>
      runApprovalFollowUps({ db, mailer, logger, policy }, new Date(`${isoDay}T07:00:00Z`));

    expect(await run('2026-11-20')).toBe(0); // Friday: one working day
    expect(await run('2026-11-23')).toBe(1); // Monday: two
    const [reminder] = await sink.waitForMessages(1);
    expect(reminder).toMatchObject({ to: [buyer.email], language: 'fr' });
    expect(reminder?.subject).toContain(number);
    expect(reminder?.text).toContain('attend votre décision depuis le 2026-11-19');

    expect(await run('2026-11-24')).toBe(0); // reminded already
    expect(await run('2026-11-25')).toBe(1); // four working days: escalation
    const messages = await sink.waitForMessages(2);
    expect(messages[1]).toMatchObject({ to: [manager.email], cc: [buyer.email] });
    expect(messages[1]?.subject).toMatch(/^Escalade/);
    expect(await run('2026-12-10')).toBe(0);
  });

  it('leaves a follow-up it could not send for the next run', async () => {
    sink.clear();
    await pendingRequest('2026-11-02T09:00:00Z');
    const broken = createMailer('smtp://127.0.0.1:9', {
      from: 'Procura <no-reply@procura.example>',
      connectionTimeoutMs: 500,
    });
    const day = new Date('2026-11-05T07:00:00Z'); // three working days: a reminder is due
    expect(await runApprovalFollowUps({ db, mailer: broken, logger, policy }, day)).toBe(0);
    broken.close();
    expect(await runApprovalFollowUps({ db, mailer, logger, policy }, day)).toBe(1);
    await sink.waitForMessages(1);
  });
});

describe('approving from the e-mail', () => {
  const links = {
    secret: randomBytes(32).toString('base64url'),
    publicUrl: 'https://procura.example',
    validDays: 7,
  };
  let linked: ReturnType<typeof createApp>;
  beforeAll(() => {
    linked = createApp({ db, logger, identityKey: keys.verifyKey, readiness: [], approvalLinks: links });
  });
  const link = async (who: TIdentity, method: 'get' | 'post', token: string, payload?: object) => {
    const pending = request(linked)
      [method](`/api/v1/purchasing/approval-links/${token}`)
      .set(identityHeader, await keys.tokenFor(who, 'purchasing'));
    return payload ? pending.send(payload) : pending;
  };

  it('sends each approver signed links that decide once, for them alone, after they log in', async () => {
    sink.clear();
    const number = await pendingRequest('2026-10-01T09:00:00Z');
    // The follow-up runs on a fixed past day: its links must still be valid today.
    await runApprovalFollowUps(
      { db, mailer, logger, policy, links: { ...links, validDays: 36_500 } },
      new Date('2026-10-06T07:00:00Z'),
    );
    const messages = await sink.waitForMessages(1);
    const reminder = messages.find((m) => m.subject.includes(number));
    expect(reminder?.to).toEqual([buyer.email]);
    const approveUrl = reminder?.text.match(/Approuver : (\S+)/)?.[1] ?? '';
    const rejectUrl = reminder?.text.match(/Refuser : (\S+)/)?.[1] ?? '';
    expect(approveUrl).toMatch(/^https:\/\/procura\.example\/approvals\/email\/[0-9a-f-]{36}\.a\./);
    const approve = approveUrl.split('/').at(-1) ?? '';
    const reject = rejectUrl.split('/').at(-1) ?? '';

    // Someone else logged in cannot use it; a token altered by one character is no link.
    expect((await link(manager, 'get', approve)).status).toBe(403);
    const altered = `${approve.slice(0, -2)}${approve.at(-2) === 'A' ? 'B' : 'A'}${approve.at(-1)}`;
    expect((await link(buyer, 'get', altered)).status).toBe(404);
    const shown = await link(buyer, 'get', approve);
    expect(shown.body).toMatchObject({
      outcome: 'approved',
      state: 'usable',
      onBehalf: false,
      requisition: { number, status: 'in_approval' },
    });

    // Two clicks at the same moment: one decision.
    const answers = await Promise.all([
      link(buyer, 'post', approve, { comment: 'Vu par mail' }),
      link(buyer, 'post', approve, { comment: 'Vu par mail' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const done = answers.find((a) => a.status === 200);
    expect(done?.body.status).toBe('approved');
    expect(done?.body.timeline.find((e: { kind: string }) => e.kind === 'step_approved')).toMatchObject({
      actor: { userId: buyer.userId },
      comment: 'Vu par mail',
    });
    const again = await link(buyer, 'post', reject, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('approval_link_used');
    expect((await link(buyer, 'get', approve)).body.state).toBe('used');
  });

  it('lets a delegate use it on the approver’s behalf, and refuses it once expired', async () => {
    const number = await pendingRequest('2026-11-02T09:00:00Z');
    const step = await db
      .selectFrom('purchasing.approval_step as s')
      .innerJoin('purchasing.requisition as r', 'r.id', 's.requisition_id')
      .select('s.id')
      .where('r.number', '=', number)
      .executeTakeFirstOrThrow();
    const old = await createApprovalLink(
      db,
      links,
      { stepId: step.id, approverUserId: buyer.userId },
      new Date(Date.now() - 8 * 86_400_000),
    );
    const expired = await link(buyer, 'post', old.approveUrl.split('/').at(-1) ?? '', {});
    expect(expired.status).toBe(409);
    expect(expired.body.code).toBe('approval_link_expired');

    const fresh = await createApprovalLink(
      db,
      links,
      { stepId: step.id, approverUserId: buyer.userId },
      new Date(),
    );
    const delegate: TIdentity = {
      ...manager,
      actingFor: [{ userId: buyer.userId, displayName: buyer.displayName, endsOn: '2099-12-31' }],
    };
    const rejected = await link(delegate, 'post', fresh.rejectUrl.split('/').at(-1) ?? '', {
      comment: 'Hors budget',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.timeline.find((e: { kind: string }) => e.kind === 'step_rejected')).toMatchObject({
      actor: { userId: manager.userId },
      onBehalfOf: { userId: buyer.userId },
    });
  });
});
