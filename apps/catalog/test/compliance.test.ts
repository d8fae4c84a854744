// Compliance documents and the daily check: uploads judged by their bytes, reminders over real SMTP
// once per document and threshold, and expiry applied under the company's policy (warn or block).
import { createHash } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { demoCatalogItems, demoSuppliers } from '@procura/demo-data';
import { addDays, addMonths, calendarDate } from '@procura/domain';
import { type EventBus, startEventBus } from '@procura/events';
import { demoIdentity, integrationIdentity } from '@procura/http/testing';
import { createMailer, type Mailer } from '@procura/mail';
import { type SmtpSink, startSmtpSink } from '@procura/mail/sink';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { sendComplianceCheck, startComplianceCheckJob } from '../src/jobs/compliance-check.job.js';
import { runDailyComplianceCheck } from '../src/services/compliance.service.js';
import { auditor, type Harness, logger, newSupplier, startHarness } from './support/harness.js';

const buyer = demoIdentity('buyer');
const administrator = demoIdentity('administrator');
const employee = demoIdentity('employee');
const numeria = demoSuppliers.find((s) => s.name.startsWith('Numéria'));
const lemaire = demoSuppliers[0];
if (!numeria || !lemaire) throw new Error('demo data changed: update this test');
const numeriaItems = demoCatalogItems.filter((i) => i.supplierId === numeria.id);

let h: Harness;
let sink: SmtpSink;
let mailer: Mailer;
let bus: EventBus | undefined;
const now = new Date();
const today = calendarDate(now);
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer(sink.url, { from: 'Procura <no-reply@procura.example>' });
  h = await startHarness({ mailer });
});
afterAll(async () => {
  await bus?.stop({ graceful: false, wait: true });
  mailer.close();
  await sink.stop();
  await h.database.drop();
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\n%%EOF\n`, 'latin1');

async function upload(
  supplierId: string,
  content: Buffer,
  fields: Record<string, string> = { type: 'urssaf_vigilance', issuedOn: today },
  fileName = 'attestation.pdf',
) {
  let call = request(h.app)
    .post(`/api/v1/catalog/suppliers/${supplierId}/compliance-documents`)
    .set(await h.as(buyer));
  for (const [k, v] of Object.entries(fields)) call = call.field(k, v);
  return call.attach('file', content, fileName);
}
const documentCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('catalog.compliance_document')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const searchTotal = async (supplierId: string) =>
  (
    await request(h.app)
      .get(`/api/v1/catalog/items?supplier=${supplierId}&pageSize=1`)
      .set(await h.as(buyer))
  ).body.total;
const complianceEvents = (supplierId: string) =>
  h.db
    .selectFrom('catalog.outbox_event')
    .select('payload')
    .where('event_type', '=', 'catalog.supplier.compliance-changed')
    .where('aggregate_id', '=', supplierId)
    .orderBy('occurred_at')
    .execute();

describe('compliance document upload', () => {
  it('refuses a file that is not a PDF, PNG or JPEG by its bytes, whatever its name (415)', async () => {
    const before = await documentCount();
    const response = await upload(
      lemaire.id,
      Buffer.from('<html><script>alert(1)</script></html>'),
      undefined,
      'kbis.pdf',
    );
    expect(response.status).toBe(415);
    expect(response.body.errors[0].field).toBe('body.file');
    expect(await documentCount()).toBe(before);
  });

  it('refuses a file over 10 MB (413)', async () => {
    const before = await documentCount();
    const big = Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await upload(lemaire.id, big);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    expect(await documentCount()).toBe(before);
  });

  it('refuses a missing file, an unknown type and a bad date, naming the field', async () => {
    const noFile = await request(h.app)
      .post(`/api/v1/catalog/suppliers/${lemaire.id}/compliance-documents`)
      .set(await h.as(buyer))
      .field('type', 'insurance_certificate')
      .field('issuedOn', today);
    expect(noFile.body.errors[0].field).toBe('body.file');
    const badType = await upload(lemaire.id, pdf('x'), { type: 'horoscope', issuedOn: today });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].field).toBe('body.type');
    const badDate = await upload(lemaire.id, pdf('x'), {
      type: 'insurance_certificate',
      issuedOn: '23/11/2026',
    });
    expect(badDate.body.errors[0].field).toBe('body.issuedOn');
  });

  it('refuses an employee (403)', async () => {
    const response = await request(h.app)
      .post(`/api/v1/catalog/suppliers/${lemaire.id}/compliance-documents`)
      .set(await h.as(employee))
      .field('type', 'insurance_certificate')
      .field('issuedOn', today)
      .attach('file', pdf('x'), 'x.pdf');
    expect(response.status).toBe(403);
  });

  it('stores a PDF and serves the same bytes back as a download, with its SHA-256', async () => {
    const content = pdf('Attestation d’assurance RC 2026');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const response = await upload(
      lemaire.id,
      content,
      { type: 'insurance_certificate', issuedOn: addDays(today, -10), expiresOn: addDays(today, 300) },
      'assurance "RC" été.pdf',
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      type: 'insurance_certificate',
      contentType: 'application/pdf',
      sizeBytes: content.length,
      sha256,
      expiresOn: addDays(today, 300),
      uploadedBy: { userId: buyer.userId },
    });
    const served = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${lemaire.id}/compliance-documents/${response.body.id}/content`)
      .set(await h.as(demoIdentity('accountant')))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(
      createHash('sha256')
        .update(served.body as Buffer)
        .digest('hex'),
    ).toBe(sha256);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toMatch(/^attachment; filename="assurance_RC_/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets an API token read the compliance status but not download a document (403)', async () => {
    const token = integrationIdentity(['read'], buyer.entityId);
    const compliance = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${lemaire.id}/compliance`)
      .set(await h.as(token));
    expect(compliance.status).toBe(200);
    const document = compliance.body.documents[0];
    expect(document).toBeDefined();
    const content = `/api/v1/catalog/suppliers/${lemaire.id}/compliance-documents/${document.id}/content`;
    expect(
      (
        await request(h.app)
          .get(content)
          .set(await h.as(token))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(h.app)
          .get(content)
          .set(await h.as(auditor))
      ).status,
    ).toBe(200);
  });

  it('caps the expiry of a Kbis extract at three months after its issue', async () => {
    const response = await upload(
      lemaire.id,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
      {
        type: 'company_registration',
        issuedOn: '2026-01-15',
        expiresOn: '2027-01-15',
      },
    );
    expect(response.body).toMatchObject({ contentType: 'image/png', expiresOn: '2026-04-15' });
  });
});

describe('the daily compliance check', () => {
  it('claims a reminder in a committed transaction before sending, and gives it back when sending fails', async () => {
    // An SMTP server that accepts the connection and never greets: the send hangs until its timeout.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const hanging = createMailer(`smtp://127.0.0.1:${port}`, {
      from: 'no-reply@procura.example',
      greetingTimeoutMs: 2_000,
    });
    const run = runDailyComplianceCheck({ db: h.db, mailer: hanging, logger }, now);
    // While the server keeps it waiting, the claim is visible to everyone: no transaction is open.
    let claims: { sent_at: Date | null }[] = [];
    for (let i = 0; i < 40 && claims.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      claims = await h.db.selectFrom('catalog.compliance_reminder').select('sent_at').execute();
    }
    expect(claims).toEqual([{ sent_at: null }]);
    expect(await run).toMatchObject({ remindersSent: 0, reminderFailures: 1 });
    hanging.close();
    await new Promise((resolve) => silent.close(resolve));
    // Given back: the next run sends it.
    expect(await h.db.selectFrom('catalog.compliance_reminder').selectAll().execute()).toEqual([]);
  });

  it('reminds the compliance contact and the buyer 30 days ahead, in French, once only', async () => {
    // Numéria's URSSAF certificate expires in 12 days (demo data): its 30-day reminder is due.
    const first = await runDailyComplianceCheck({ db: h.db, mailer, logger }, now);
    expect(first.remindersSent).toBe(1);
    const [mail] = await sink.waitForMessages(1);
    expect(mail).toMatchObject({
      to: ['mehdi.haddad@numeria-systemes.example'],
      cc: ['sophie.garnier@altiva.example'],
      language: 'fr',
    });
    expect(mail?.envelope.to.sort()).toEqual([
      'mehdi.haddad@numeria-systemes.example',
      'sophie.garnier@altiva.example',
    ]);
    expect(mail?.subject).toContain('Attestation de vigilance URSSAF');
    expect(mail?.text).toContain('dans 12 jours');

    const again = await runDailyComplianceCheck({ db: h.db, mailer, logger }, now);
    expect(again.remindersSent).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.messages).toHaveLength(1);
  });

  it('reminds again at 7 days, through the job queue, and not twice', async () => {
    bus = await startEventBus({ connectionString: h.database.url, logger });
    await startComplianceCheckJob({ bus, db: h.db, mailer, logger });
    await sendComplianceCheck(bus, { asOf: at(5).toISOString() });
    const mails = await sink.waitForMessages(2, 20_000);
    expect(mails[1]?.subject).toContain('Attestation de vigilance URSSAF');
    expect(mails[1]?.text).toContain('dans 7 jours');
    expect((await runDailyComplianceCheck({ db: h.db, mailer, logger }, at(6))).remindersSent).toBe(0);
    const reminders = await h.db.selectFrom('catalog.compliance_reminder').select('threshold_days').execute();
    expect(reminders.map((r) => r.threshold_days).sort((a, b) => a - b)).toEqual([7, 30]);
  });

  it('puts the check on demand on the job queue when the app has one (202)', async () => {
    const app = createApp({ db: h.db, logger, identityKey: h.keys.verifyKey, readiness: [], mailer, bus });
    const response = await request(app)
      .post('/api/v1/catalog/compliance/daily-check')
      .set(await h.as(administrator));
    expect(response.status).toBe(202);
    expect(response.body.queue).toBe('catalog.compliance-check');
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await sql<{ state: string }>`
        select state from pgboss.job where id = ${response.body.jobId}`.execute(h.db);
      state = rows[0]?.state;
    }
    expect(state).toBe('completed');
  });

  it('writes to an English-speaking supplier in English', async () => {
    const created = await request(h.app)
      .post('/api/v1/catalog/suppliers')
      .set(await h.as(buyer))
      .send(
        newSupplier({
          name: 'Brussels Print Works',
          country: 'BE',
          siret: null,
          vatNumber: 'BE0123456749',
          languages: ['en'],
          contacts: [
            { name: 'Jan Peeters', email: 'jan@bpw.example', role: 'compliance', complianceContact: true },
          ],
        }),
      );
    expect(created.status).toBe(201);
    const id = created.body.id;
    await request(h.app)
      .post(`/api/v1/catalog/suppliers/${id}/submit`)
      .set(await h.as(buyer))
      .send({});
    expect(
      (
        await upload(id, pdf('kbis'), {
          type: 'company_registration',
          issuedOn: addDays(today, -80),
          expiresOn: addDays(today, 7),
        })
      ).status,
    ).toBe(201);
    sink.clear();
    expect((await runDailyComplianceCheck({ db: h.db, mailer, logger }, now)).remindersSent).toBe(1);
    const [mail] = await sink.waitForMessages(1);
    expect(mail).toMatchObject({
      to: ['jan@bpw.example'],
      cc: ['sophie.garnier@altiva.example'],
      language: 'en',
    });
    expect(mail?.subject).toBe(
      `Brussels Print Works: Company registration extract (Kbis) to renew before ${addDays(today, 7)}`,
    );
    expect(mail?.text).toContain('in 7 days');
  });

  it('with the warn policy, marks a supplier whose certificate expired non-compliant but keeps its items', async () => {
    // Time passes: the URSSAF certificate expired yesterday.
    await h.db
      .updateTable('catalog.compliance_document')
      .set({ expires_on: addDays(today, -1) })
      .where('supplier_id', '=', numeria.id)
      .where('type', '=', 'urssaf_vigilance')
      .execute();
    const result = await runDailyComplianceCheck({ db: h.db, mailer, logger }, now);
    expect(result.suppliersChanged).toBeGreaterThanOrEqual(1);
    const supplier = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${numeria.id}`)
      .set(await h.as(buyer));
    expect(supplier.body).toMatchObject({
      complianceStatus: 'non_compliant',
      orderable: true,
      compliance: { expired: ['urssaf_vigilance'], hold: false, policy: 'warn' },
    });
    expect(await searchTotal(numeria.id)).toBe(numeriaItems.length);
    const events = await complianceEvents(numeria.id);
    expect(events.at(-1)?.payload).toMatchObject({ complianceStatus: 'non_compliant', orderable: true });
  });

  it('with the block policy, hides its items from search and lookup and tells purchasing, with the reason', async () => {
    const refused = await request(h.app)
      .put('/api/v1/catalog/compliance/policy')
      .set(await h.as(buyer))
      .send({ onNonCompliance: 'block' });
    expect(refused.status).toBe(403);
    const policy = await request(h.app)
      .put('/api/v1/catalog/compliance/policy')
      .set(await h.as(administrator))
      .send({ onNonCompliance: 'block' });
    expect(policy.body).toMatchObject({ onNonCompliance: 'block', reminderDays: [30, 7] });

    expect(await searchTotal(numeria.id)).toBe(0);
    const item = numeriaItems[0];
    const lookup = await request(h.app)
      .get(`/api/v1/catalog/items/${item?.id}`)
      .set(await h.as(buyer));
    expect(lookup.status).toBe(404);
    expect(await searchTotal(lemaire.id)).toBeGreaterThan(0);

    const events = await complianceEvents(numeria.id);
    expect(events.at(-1)?.payload).toMatchObject({
      supplierId: numeria.id,
      complianceStatus: 'non_compliant',
      orderable: false,
      reason: 'Compliance documents expired: urssaf_vigilance',
    });
    const history = await request(h.app)
      .get(`/api/v1/catalog/suppliers/${numeria.id}/history`)
      .set(await h.as(buyer));
    expect(history.body.history.at(-1)).toMatchObject({ action: 'compliance_hold', actor: { userId: null } });
  });

  it('lets the items back as soon as a renewed certificate is uploaded', async () => {
    const response = await upload(numeria.id, pdf('URSSAF renewed'), {
      type: 'urssaf_vigilance',
      issuedOn: today,
    });
    expect(response.status).toBe(201);
    expect(response.body.expiresOn).toBe(addMonths(today, 6));
    expect(await searchTotal(numeria.id)).toBe(numeriaItems.length);
    const events = await complianceEvents(numeria.id);
    expect(events.at(-1)?.payload).toMatchObject({ orderable: true });
  });
});
