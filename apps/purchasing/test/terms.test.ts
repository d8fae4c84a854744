// The general purchasing terms (CGA) and the annexes as dated versions an administrator publishes:
// who may read and publish, the next version taking effect no earlier than today nor than the
// latest, both languages, the CGA fitting the back of a page, one winner when two publish at once,
// versions that never change once published, and what the order service reads.

import { integrationIdentity } from '@procura/http/testing';
import { sampleGeneralTerms } from '@procura/pdf/samples';
import { readPdfPages as pdfPageTexts, withoutSpaces } from '@procura/pdf/testing';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { termsVersionsOf } from '../src/repositories/terms.repository.js';
import {
  type ApiAnswer,
  accountant,
  administrator,
  auditor,
  buyer,
  dayFromToday,
  employee,
  fieldsOf,
  manager,
  termsTestbed,
  versionBody,
} from './support/terms.js';

const bed = termsTestbed();
const today = dayFromToday(0);

/** Waits until `count` sessions of the test database are waiting for a lock. */
async function waitForBlockedSessions(count: number) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(bed.db);
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited for a lock`);
}

async function rows() {
  return bed.db
    .selectFrom('purchasing.terms_version')
    .selectAll()
    .orderBy('code')
    .orderBy('version')
    .execute();
}

// Published versions cannot be deleted (the trigger refuses it); truncate fires no row trigger.
beforeEach(async () => {
  await sql`truncate purchasing.terms_version`.execute(bed.db);
});

describe('who may read and publish the terms', () => {
  it('lets administrators, buyers, auditors and accountants read; administrators alone publish', async () => {
    await bed.publish(versionBody('CGA', 1));
    for (const reader of [administrator, buyer, auditor, accountant]) {
      expect((await bed.call(reader, 'get', '/terms')).status).toBe(200);
      expect((await bed.call(reader, 'get', '/terms/CGA/versions/1')).status).toBe(200);
    }
    for (const caller of [employee, manager, integrationIdentity(['read'], administrator.entityId)]) {
      expect((await bed.call(caller, 'get', '/terms')).status).toBe(403);
      expect((await bed.call(caller, 'get', '/terms/CGA/versions/1')).status).toBe(403);
    }
    for (const caller of [buyer, auditor, accountant, employee, manager]) {
      const refused = await bed.call(caller, 'post', '/terms', versionBody('CGA', 2));
      expect(refused.status).toBe(403);
      expect(refused.type).toBe('application/problem+json');
      expect((await bed.call(caller, 'post', '/terms/preview', versionBody('CGA', 2))).status).toBe(403);
    }
    expect((await rows()).map((r) => r.version)).toEqual([1]);
  });
});

describe('publishing a version', () => {
  it('publishes version 1 taking effect today, recording who published it and when', async () => {
    const before = Date.now();
    const published = await bed.publish(versionBody('CGA', 1));
    expect(published).toMatchObject({
      code: 'CGA',
      version: 1,
      effectiveOn: today,
      title: versionBody('CGA', 1).title,
      text: versionBody('CGA', 1).text,
      publishedBy: { userId: administrator.userId, name: 'Antoine Lambert' },
    });
    const [row] = await rows();
    expect(row).toMatchObject({
      code: 'CGA',
      version: 1,
      effective_on: today,
      published_by: administrator.userId,
      published_by_name: 'Antoine Lambert',
    });
    expect(row?.published_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const one = await bed.call(buyer, 'get', '/terms/CGA/versions/1');
    expect(one.body).toEqual(published);
    expect((await bed.call(buyer, 'get', '/terms/CGA/versions/2')).status).toBe(404);
    expect((await bed.call(buyer, 'get', '/terms/cga/versions/1')).status).toBe(400);
  });

  it('lists each document with its versions and the one in force, the CGA first', async () => {
    await bed.publish(versionBody('SECURITY', 1));
    await bed.publish(versionBody('CGA', 1));
    await bed.publish(versionBody('CGA', 2, dayFromToday(1)));
    await bed.publish(versionBody('CONFIDENTIALITY', 1, dayFromToday(30)));
    const { body } = await bed.call(auditor, 'get', '/terms');
    expect(body.documents.map((d: { code: string }) => d.code)).toEqual([
      'CGA',
      'CONFIDENTIALITY',
      'SECURITY',
    ]);
    const [cga, confidentiality] = body.documents;
    expect(cga).toMatchObject({
      code: 'CGA',
      kind: 'general_terms',
      title: versionBody('CGA', 2).title,
      inForce: 1,
      nextVersion: 3,
    });
    expect(cga.versions.map((v: object) => ({ ...v, publishedAt: 'x' }))).toEqual([
      {
        code: 'CGA',
        version: 1,
        effectiveOn: today,
        title: versionBody('CGA', 1).title,
        publishedBy: { userId: administrator.userId, name: 'Antoine Lambert' },
        publishedAt: 'x',
        status: 'in_force',
      },
      {
        code: 'CGA',
        version: 2,
        effectiveOn: dayFromToday(1),
        title: versionBody('CGA', 2).title,
        publishedBy: { userId: administrator.userId, name: 'Antoine Lambert' },
        publishedAt: 'x',
        status: 'upcoming',
      },
    ]);
    // The list leaves the texts out; one version gives its text.
    expect(cga.versions[0].text).toBeUndefined();
    expect(confidentiality).toMatchObject({ kind: 'annex', inForce: null, nextVersion: 2 });
    expect(confidentiality.versions[0].status).toBe('upcoming');
  });

  it('shows a version replaced once a later one is in force', async () => {
    await bed.publish(versionBody('CGA', 1));
    await bed.publish(versionBody('CGA', 2));
    const { body } = await bed.call(buyer, 'get', '/terms');
    expect(body.documents[0].inForce).toBe(2);
    expect(body.documents[0].versions.map((v: { status: string }) => v.status)).toEqual([
      'superseded',
      'in_force',
    ]);
  });

  it('refuses a version that is not the next one: a gap is invalid, a version taken is a conflict', async () => {
    await bed.publish(versionBody('CGA', 1));
    const gap = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 3));
    expect(gap.status).toBe(400);
    expect(gap.body.code).toBe('validation_failed');
    expect(gap.body.errors).toEqual([{ field: 'body.version', reason: 'must be 2, the next version' }]);
    const first = await bed.call(administrator, 'post', '/terms', versionBody('SECURITY', 2));
    expect(first.body.errors).toEqual([{ field: 'body.version', reason: 'must be 1, the next version' }]);
    const taken = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 1, dayFromToday(3)));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('conflict');
    expect(fieldsOf(taken.body)).toEqual(['body.version']);
    expect((await rows()).map((r) => [r.code, r.version, r.effective_on])).toEqual([['CGA', 1, today]]);
  });

  it('refuses a version taking effect before today or before the latest version', async () => {
    const yesterday = await bed.call(
      administrator,
      'post',
      '/terms',
      versionBody('CGA', 1, dayFromToday(-1)),
    );
    expect(yesterday.status).toBe(400);
    expect(yesterday.body.errors).toEqual([
      { field: 'body.effectiveOn', reason: `must not be before today, ${today}` },
    ]);
    await bed.publish(versionBody('CGA', 1, dayFromToday(10)));
    const earlier = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 2, dayFromToday(9)));
    expect(earlier.status).toBe(400);
    expect(earlier.body.errors).toEqual([
      {
        field: 'body.effectiveOn',
        reason: `must not be before ${dayFromToday(10)}, when version 1 took effect`,
      },
    ]);
    // The same day as the latest is allowed: the higher version wins that day.
    await bed.publish(versionBody('CGA', 2, dayFromToday(10)));
    const notADate = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 3, '2026-02-30'));
    expect(fieldsOf(notADate.body)).toContain('body.effectiveOn');
    expect((await rows()).map((r) => r.version)).toEqual([1, 2]);
  });

  it('requires the title and the text in French and in English, naming every failing field at once', async () => {
    const body = versionBody('CGA', 1, dayFromToday(-1));
    const refused = await bed.call(administrator, 'post', '/terms', {
      ...body,
      code: 'cga',
      title: { fr: body.title.fr, en: '  ' },
      text: { fr: '\n\n', en: body.text.en },
    });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual([
      'body.code',
      'body.effectiveOn',
      'body.text.fr',
      'body.title.en',
    ]);
    const shape = await bed.call(administrator, 'post', '/terms', {
      code: 'CGA',
      version: '1',
      effectiveOn: today,
      title: { fr: 'Conditions' },
      text: { fr: 'Texte', en: 'Text', de: 'Text' },
    });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape.body)).toEqual(['body.text', 'body.title.en', 'body.version']);
    expect(await rows()).toEqual([]);
  });

  it('refuses a CGA too long for the back of a page with terms_too_long, naming the language', async () => {
    const sample = sampleGeneralTerms(1, today);
    const tooLong = { ...sample, text: { fr: sample.text.fr, en: sample.text.en.repeat(3) } };
    const refused = await bed.call(administrator, 'post', '/terms', tooLong);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('terms_too_long');
    expect(refused.body.errors).toEqual([
      { field: 'body.text.en', reason: expect.stringContaining('does not fit on one page') },
    ]);
    expect(await rows()).toEqual([]);
    // The complete sample fits; an annex as long is printed on pages of its own.
    await bed.publish(sample);
    await bed.publish({ ...tooLong, code: 'SECURITY' });
    expect((await rows()).map((r) => r.code)).toEqual(['CGA', 'SECURITY']);
  });

  it('publishes exactly one of several versions 2 published at the same moment', async () => {
    await bed.publish(versionBody('CGA', 1));
    const publishers = ['Alice', 'Bruno', 'Chloé', 'David'];
    // Inserts wait behind this lock while reads go on: every publisher has read the versions
    // (only version 1) before any of them can write, the worst interleaving there is.
    let pending: Promise<ApiAnswer[]> | undefined;
    await bed.db.transaction().execute(async (trx) => {
      await sql`lock table purchasing.terms_version in share mode`.execute(trx);
      pending = Promise.all(
        publishers.map((who) =>
          bed.call(administrator, 'post', '/terms', {
            ...versionBody('CGA', 2, dayFromToday(1)),
            title: { fr: `Version de ${who}`, en: `${who}'s version` },
          }),
        ),
      );
      await waitForBlockedSessions(publishers.length);
    });
    const answers = await (pending as Promise<ApiAnswer[]>);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    for (const loser of answers.filter((a) => a.status === 409))
      expect(fieldsOf(loser.body)).toEqual(['body.version']);
    const winner = answers.find((a) => a.status === 201);
    const stored = await rows();
    expect(stored.map((r) => r.version)).toEqual([1, 2]);
    expect(stored[1]?.title).toEqual(winner?.body.title);
  });

  it('gives the first answer again to a retry with the same Idempotency-Key, publishing once', async () => {
    const key = { 'idempotency-key': 'publish-cga-1' };
    const first = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 1), key);
    const retry = await bed.call(administrator, 'post', '/terms', versionBody('CGA', 1), key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await rows()).toHaveLength(1);
  });
});

describe('a published version', () => {
  it('can be neither changed nor removed, even in SQL', async () => {
    await bed.publish(versionBody('CGA', 1));
    const before = await rows();
    await expect(
      sql`update purchasing.terms_version set text = '{"fr":"x","en":"x"}' where code = 'CGA'`.execute(
        bed.db,
      ),
    ).rejects.toThrow(/never changed or removed \(CGA version 1\)/);
    await expect(
      sql`update purchasing.terms_version set effective_on = effective_on + 1`.execute(bed.db),
    ).rejects.toThrow(/never changed or removed/);
    await expect(sql`delete from purchasing.terms_version`.execute(bed.db)).rejects.toThrow(
      /never changed or removed/,
    );
    expect(await rows()).toEqual(before);
  });

  it('is read by the order service in the domain shape, for the codes asked', async () => {
    await bed.publish(versionBody('SECURITY', 1));
    await bed.publish(versionBody('CGA', 1));
    await bed.publish(versionBody('CGA', 2, dayFromToday(5)));
    const all = await termsVersionsOf(bed.db);
    expect(all.map((v) => [v.code, v.version])).toEqual([
      ['CGA', 1],
      ['CGA', 2],
      ['SECURITY', 1],
    ]);
    expect(all[1]).toEqual(versionBody('CGA', 2, dayFromToday(5)));
    expect((await termsVersionsOf(bed.db, ['SECURITY'])).map((v) => v.code)).toEqual(['SECURITY']);
    expect(await termsVersionsOf(bed.db, [])).toEqual([]);
  });
});

describe('previewing a draft', () => {
  it('prints a sample order with the draft CGA on the back of each page, writing nothing', async () => {
    const draft = { ...versionBody('CGA', 1, dayFromToday(2)), text: sampleGeneralTerms().text };
    const preview = await bed.preview('?language=en', draft);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPageTexts(preview.body as Buffer);
    expect(pages[0]).toContain('PURCHASE ORDER');
    expect(withoutSpaces(pages[1] ?? '')).toContain(withoutSpaces(draft.text.en.slice(0, 400)));
    expect(pages[1]).toContain(draft.title.en);
    expect(await rows()).toEqual([]);
  });

  it('prints an annex after the CGA in force, and refuses while there is none', async () => {
    const none = await bed.preview('', versionBody('SECURITY', 1));
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('terms_not_in_force');
    await bed.publish(sampleGeneralTerms(1, today));
    const preview = await bed.preview('', versionBody('SECURITY', 1));
    expect(preview.status).toBe(200);
    const pages = await pdfPageTexts(preview.body as Buffer);
    expect(pages[pages.length - 1]).toContain('Texte de la version 1.');
    expect(withoutSpaces(pages[1] ?? '')).toContain(
      withoutSpaces(sampleGeneralTerms().text.fr.slice(0, 300)),
    );
    const tooLong = sampleGeneralTerms(2, today);
    const refused = await bed.preview('', {
      ...tooLong,
      text: { ...tooLong.text, fr: tooLong.text.fr.repeat(3) },
    });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual(['body.text.fr']);
  });
});
