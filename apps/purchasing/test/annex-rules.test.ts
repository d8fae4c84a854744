// The rules that attach annexes to orders, as data administrators keep: who may read and change
// them, validation naming each field against the annexes published, optimistic versions, who
// changed a rule last, and the rules the order service selects annexes with.
import { type AnnexRule, annexSubjectOf, selectAnnexes } from '@procura/domain';
import { integrationIdentity } from '@procura/http/testing';
import { samplePurchaseOrder } from '@procura/pdf/samples';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activeAnnexRules, termsVersionsOf } from '../src/repositories/terms.repository.js';
import { setAnnexRuleActive } from '../src/services/terms.service.js';
import {
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

const itContent = {
  annexCode: 'CONFIDENTIALITY',
  when: { categoryPrefixes: ['43', '8111'], minimumNetAmount: { amount: '1000.00', currency: 'EUR' } },
};
const itServices = { id: 'confidentiality-it', ...itContent };

const rules = (identity = administrator, method: 'get' | 'post' | 'put' = 'get', path = '', body?: object) =>
  bed.call(identity, method, `/annex-rules${path}`, body);

async function stored() {
  return bed.db.selectFrom('purchasing.annex_rule').selectAll().orderBy('id').execute();
}

async function create(body: object = itServices) {
  const created = await rules(administrator, 'post', '', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as AnnexRule & { version: number; active: boolean };
}

beforeAll(async () => {
  await bed.publish(versionBody('CGA', 1));
  await bed.publish(versionBody('CONFIDENTIALITY', 1));
  await bed.publish(versionBody('SECURITY', 1));
  // Published today, in force only next week.
  await bed.publish(versionBody('PERSONAL-DATA', 1, dayFromToday(7)));
});

beforeEach(async () => {
  await bed.db.deleteFrom('purchasing.annex_rule').execute();
});

describe('who may read and change annex rules', () => {
  it('lets administrators, buyers, auditors and accountants read; administrators alone change', async () => {
    const { version } = await create();
    for (const reader of [administrator, buyer, auditor, accountant]) {
      const listed = await rules(reader);
      expect(listed.status).toBe(200);
      expect(listed.body.rules.map((r: { id: string }) => r.id)).toEqual(['confidentiality-it']);
    }
    for (const caller of [employee, manager, integrationIdentity(['read'], administrator.entityId)])
      expect((await rules(caller)).status).toBe(403);
    for (const caller of [buyer, auditor, accountant, employee]) {
      expect((await rules(caller, 'post', '', { ...itServices, id: 'other' })).status).toBe(403);
      expect((await rules(caller, 'put', '/confidentiality-it', { ...itContent, version })).status).toBe(403);
      expect((await rules(caller, 'post', '/confidentiality-it/deactivate', { version })).status).toBe(403);
    }
    expect((await stored()).map((r) => [r.id, r.version, r.active])).toEqual([
      ['confidentiality-it', 1, true],
    ]);
  });
});

describe('creating a rule', () => {
  it('stores the domain condition and tells who created it', async () => {
    const created = await create();
    expect(created).toMatchObject({
      id: 'confidentiality-it',
      annexCode: 'CONFIDENTIALITY',
      when: itServices.when,
      active: true,
      version: 1,
      updatedBy: { userId: administrator.userId, displayName: 'Antoine Lambert' },
    });
    const listed = await rules(buyer);
    expect(listed.body.rules).toEqual([created]);
    expect(listed.body.lineFlags).toEqual(['on_site_work', 'system_access', 'personal_data']);
    const [row] = await stored();
    expect(row?.conditions).toEqual(itServices.when);
  });

  it('names every failing field, from the shape and from the domain, and writes nothing', async () => {
    const shape = await rules(administrator, 'post', '', {
      id: 'Bad Id',
      annexCode: 'SECURITY',
      when: { categoryPrefixes: [], lineFlags: 'on_site_work', colour: 'red' },
    });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape.body)).toEqual([
      'body.id',
      'body.when',
      'body.when.categoryPrefixes',
      'body.when.lineFlags',
    ]);
    const domain = await rules(administrator, 'post', '', {
      id: 'everything-wrong',
      annexCode: 'UNKNOWN',
      when: {
        categoryPrefixes: ['43', '4x'],
        lineFlags: ['on_site_work', 'teleportation'],
        supplierCountries: ['FR', 'XX'],
        supplierCountriesExcept: ['fr'],
        minimumNetAmount: { amount: '1,000', currency: 'EURO' },
      },
    });
    expect(domain.status).toBe(400);
    expect(domain.body.code).toBe('validation_failed');
    expect(fieldsOf(domain.body)).toEqual([
      'body.annexCode',
      'body.when.categoryPrefixes[1]',
      'body.when.lineFlags[1]',
      'body.when.minimumNetAmount.amount',
      'body.when.minimumNetAmount.currency',
      'body.when.supplierCountriesExcept[0]',
      'body.when.supplierCountries[1]',
    ]);
    const general = await rules(administrator, 'post', '', { id: 'cga-always', annexCode: 'CGA' });
    expect(general.body.errors).toEqual([
      { field: 'body.annexCode', reason: 'the general purchasing terms go with every order, not by rule' },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('refuses an id already taken', async () => {
    await create();
    const again = await rules(administrator, 'post', '', { ...itServices, annexCode: 'SECURITY' });
    expect(again.status).toBe(409);
    expect(fieldsOf(again.body)).toEqual(['body.id']);
    expect((await stored()).map((r) => r.annex_code)).toEqual(['CONFIDENTIALITY']);
  });

  it('keeps a rule for an annex not yet in force inactive until the annex takes effect', async () => {
    const rule = { id: 'personal-data', annexCode: 'PERSONAL-DATA', when: { lineFlags: ['personal_data'] } };
    const active = await rules(administrator, 'post', '', rule);
    expect(active.status).toBe(400);
    expect(active.body.errors).toEqual([
      {
        field: 'body.annexCode',
        reason: `has no version in force before ${dayFromToday(7)}: save the rule inactive and activate it from that day`,
      },
    ]);
    const inactive = await create({ ...rule, active: false });
    expect(inactive.active).toBe(false);
    const early = await rules(administrator, 'post', '/personal-data/activate', { version: 1 });
    expect(early.status).toBe(400);
    expect(fieldsOf(early.body)).toEqual(['body.annexCode']);
    // From the day the annex takes effect, the rule can be activated.
    const activated = await bed.db
      .transaction()
      .execute((trx) =>
        setAnnexRuleActive(
          trx,
          administrator,
          'personal-data',
          { version: 1, active: true },
          new Date(`${dayFromToday(7)}T10:00:00Z`),
        ),
      );
    expect(activated).toMatchObject({ active: true, version: 2 });
  });
});

describe('changing a rule', () => {
  it('replaces what it attaches and when at the version read, moving to the next version', async () => {
    await create();
    const changed = await rules(administrator, 'put', '/confidentiality-it', {
      annexCode: 'SECURITY',
      when: { lineFlags: ['system_access'], supplierCountriesExcept: ['FR'] },
      version: 1,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: 'confidentiality-it',
      annexCode: 'SECURITY',
      when: { lineFlags: ['system_access'], supplierCountriesExcept: ['FR'] },
      active: true,
      version: 2,
    });
    const stale = await rules(administrator, 'put', '/confidentiality-it', { ...itContent, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([{ field: 'body.version', reason: 'is 1, the rule is at version 2' }]);
    const invalid = await rules(administrator, 'put', '/confidentiality-it', {
      annexCode: 'SECURITY',
      when: { categoryPrefixes: ['x'] },
      version: 2,
    });
    expect(fieldsOf(invalid.body)).toEqual(['body.when.categoryPrefixes[0]']);
    const missing = await rules(administrator, 'put', '/no-such-rule', { ...itContent, version: 1 });
    expect(missing.status).toBe(404);
    expect((await stored()).map((r) => [r.annex_code, r.version])).toEqual([['SECURITY', 2]]);
  });

  it('deactivates and activates at the version read, never twice in a row', async () => {
    await create();
    const off = await rules(administrator, 'post', '/confidentiality-it/deactivate', { version: 1 });
    expect(off.body).toMatchObject({ active: false, version: 2 });
    const again = await rules(administrator, 'post', '/confidentiality-it/deactivate', { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state_transition');
    const stale = await rules(administrator, 'post', '/confidentiality-it/activate', { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
    expect(await activeAnnexRules(bed.db)).toEqual([]);
    const on = await rules(administrator, 'post', '/confidentiality-it/activate', { version: 2 });
    expect(on.body).toMatchObject({ active: true, version: 3 });
    expect((await stored())[0]).toMatchObject({ active: true, version: 3, updated_by: administrator.userId });
  });
});

describe('the rules the order service reads', () => {
  it('selects the annexes of an order from the active rules and the published versions', async () => {
    await create({
      id: 'confidentiality-it-and-services',
      annexCode: 'CONFIDENTIALITY',
      when: { categoryPrefixes: ['43', '81'] },
    });
    await create({ id: 'security-on-site', annexCode: 'SECURITY', when: { lineFlags: ['on_site_work'] } });
    await create({
      id: 'security-abroad',
      annexCode: 'SECURITY',
      when: { supplierCountries: ['GB'] },
      active: false,
    });
    const active = await activeAnnexRules(bed.db);
    expect(active).toEqual([
      {
        id: 'confidentiality-it-and-services',
        annexCode: 'CONFIDENTIALITY',
        when: { categoryPrefixes: ['43', '81'] },
      },
      { id: 'security-on-site', annexCode: 'SECURITY', when: { lineFlags: ['on_site_work'] } },
    ]);
    const order = { ...samplePurchaseOrder(10, 'en'), issuedAt: new Date() };
    const selected = selectAnnexes(
      { rules: active, annexVersions: await termsVersionsOf(bed.db) },
      annexSubjectOf(order),
    );
    expect(selected.map((s) => [s.annex.code, s.annex.version, s.ruleIds])).toEqual([
      ['CONFIDENTIALITY', 1, ['confidentiality-it-and-services']],
      ['SECURITY', 1, ['security-on-site']],
    ]);
  });
});
