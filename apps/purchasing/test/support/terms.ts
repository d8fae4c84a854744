// A purchasing service on a fresh test database with the demo directory, and the calls the terms
// and annex-rule tests make through its API.
import type { PurchasingDatabase } from '@procura/db';
import { createTestDatabase, type TestDatabase } from '@procura/db/testing';
import { addDays, calendarDate, type TermsVersion } from '@procura/domain';
import { identityHeader, type TIdentity } from '@procura/http';
import { createTestIdentityKeys, demoIdentity, type TestIdentityKeys } from '@procura/http/testing';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadDemoDirectory } from '../../src/demo/demo-directory.js';

export const administrator = demoIdentity('administrator');
export const buyer = demoIdentity('buyer');
export const accountant = demoIdentity('accountant');
export const employee = demoIdentity('employee');
export const manager = demoIdentity('manager');
export const auditor: TIdentity = { ...administrator, roles: ['auditor'] };

/** The calendar day `days` from today in the company's time zone (the day publication is judged by). */
export const dayFromToday = (days: number) => addDays(calendarDate(new Date()), days);

/** A short version of `code`, in both languages, as the publishing form sends it. */
export function versionBody(code: string, version: number, effectiveOn = dayFromToday(0)): TermsVersion {
  return {
    code,
    version,
    effectiveOn,
    title: { fr: `${code} — version ${version}`, en: `${code} — version ${version}` },
    text: {
      fr: `1. Objet. Texte de la version ${version}.\n\n2. Durée. Un an.`,
      en: `1. Purpose. Text of version ${version}.\n\n2. Term. One year.`,
    },
  };
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: Response['body'];
  readonly type: string;
  readonly headers: Response['headers'];
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

export { fieldsOf };

/** Registers the database's lifecycle with the test file's hooks; the returned helpers use it. */
export function termsTestbed() {
  let database: TestDatabase;
  let keys: TestIdentityKeys;
  let app: ReturnType<typeof createApp>;
  const bed = {
    db: undefined as unknown as Kysely<PurchasingDatabase>,

    /** Calls a route under /api/v1/purchasing. */
    async call(
      identity: TIdentity,
      method: 'get' | 'post' | 'put' | 'delete',
      path: string,
      payload?: object,
      headers: Record<string, string> = {},
    ): Promise<ApiAnswer> {
      const pending = request(app)
        [method](`/api/v1/purchasing${path}`)
        .set(identityHeader, await keys.tokenFor(identity, 'purchasing'))
        .set(headers);
      return payload ? pending.send(payload) : pending;
    },

    /** Asks the administrator's preview of a draft; a PDF comes back as a Buffer. */
    async preview(path: string, payload: object): Promise<ApiAnswer> {
      return request(app)
        .post(`/api/v1/purchasing/terms/preview${path}`)
        .set(identityHeader, await keys.tokenFor(administrator, 'purchasing'))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const pdf = String(res.headers['content-type']).startsWith('application/pdf');
            done(null, pdf ? raw : JSON.parse(raw.toString('utf8')));
          });
        })
        .send(payload);
    },

    /** Publishes a version as the administrator and expects it published. */
    async publish(body: TermsVersion) {
      const published = await bed.call(administrator, 'post', '/terms', body);
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      return published.body as TermsVersion & { publishedBy: { userId: string; name: string } };
    },
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    bed.db = database.connect<PurchasingDatabase>();
    keys = await createTestIdentityKeys();
    app = createApp({
      db: bed.db,
      logger: pino({ level: 'silent' }),
      identityKey: keys.verifyKey,
      readiness: [],
    });
    await loadDemoDirectory(bed.db);
  });
  afterAll(() => database.drop());
  return bed;
}
