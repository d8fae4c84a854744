import { describe, expect, it } from 'vitest';
import { termsVersion } from '../testing/purchase-order.js';
import { thrownBy } from '../testing/thrown-by.js';
import { assertTermsVersionPublishable, termsInForce, termsVersionIssues } from './terms-document.js';

const v1 = termsVersion('CGA', 1, '2026-01-01');
const v2 = termsVersion('CGA', 2, '2026-07-01');
const v3 = termsVersion('CGA', 3, '2027-01-01');

describe('termsInForce', () => {
  it('picks the version with the latest effective day on or before the day of issue', () => {
    expect(termsInForce([v1, v2, v3], new Date('2026-11-23T10:00:00Z')).version).toBe(2);
    expect(termsInForce([v3, v1, v2], new Date('2026-03-01T10:00:00Z')).version).toBe(1);
  });

  it('applies a version from its effective day in Paris: 2026-06-30 at 22:30 UTC is already 1 July there', () => {
    expect(termsInForce([v1, v2], new Date('2026-06-30T21:59:00Z')).version).toBe(1);
    expect(termsInForce([v1, v2], new Date('2026-06-30T22:30:00Z')).version).toBe(2);
  });

  it('prefers the higher version when two take effect the same day', () => {
    const v2bis = termsVersion('CGA', 3, '2026-07-01');
    expect(termsInForce([v2bis, v1, v2], new Date('2026-08-01T10:00:00Z')).version).toBe(3);
  });

  it('refuses with terms_not_in_force before the first version takes effect', () => {
    const error = thrownBy(() => termsInForce([v1, v2], new Date('2025-12-31T12:00:00Z')));
    expect(error.code).toBe('terms_not_in_force');
    expect(error.details).toEqual({ code: 'CGA', day: '2025-12-31' });
  });

  it('refuses versions of different documents mixed together', () => {
    const annex = termsVersion('SECURITY', 1, '2026-01-01');
    expect(thrownBy(() => termsInForce([v1, annex], new Date('2026-11-23'))).code).toBe('validation_failed');
  });
});

describe('assertTermsVersionPublishable', () => {
  it('accepts the next version taking effect today or later', () => {
    expect(() => assertTermsVersionPublishable([v1, v2], v3, '2026-11-23')).not.toThrow();
    expect(() => assertTermsVersionPublishable([], v1, '2026-01-01')).not.toThrow();
  });

  it('refuses a version taking effect in the past, which would change the terms of orders already issued', () => {
    const error = thrownBy(() =>
      assertTermsVersionPublishable([v1, v2], termsVersion('CGA', 3, '2026-11-22'), '2026-11-23'),
    );
    expect(error.details).toEqual([{ field: 'effectiveOn', reason: 'must not be before today, 2026-11-23' }]);
  });

  it('refuses a version taking effect before the latest one', () => {
    const error = thrownBy(() =>
      assertTermsVersionPublishable([v1, v3], termsVersion('CGA', 4, '2026-12-01'), '2026-11-23'),
    );
    expect(error.details).toEqual([
      { field: 'effectiveOn', reason: 'must not be before 2027-01-01, when version 3 took effect' },
    ]);
  });

  it('refuses a version number that skips or repeats one', () => {
    const error = thrownBy(() =>
      assertTermsVersionPublishable([v1], termsVersion('CGA', 3, '2027-01-01'), '2026-11-23'),
    );
    expect(error.details).toEqual([{ field: 'version', reason: 'must be 2, the next version' }]);
  });

  it('refuses a version of another document', () => {
    const error = thrownBy(() =>
      assertTermsVersionPublishable([v1], termsVersion('SECURITY', 2, '2027-01-01'), '2026-11-23'),
    );
    expect(error.details).toEqual([
      { field: 'code', reason: 'must be the code of the document the versions belong to' },
    ]);
  });
});

describe('termsVersionIssues', () => {
  it('requires a title and a text in French and in English', () => {
    const draft = { ...v1, text: { fr: 'Texte.', en: '  ' }, title: { fr: '', en: 'Terms' } };
    expect(termsVersionIssues(draft)).toEqual([
      { field: 'title.fr', reason: 'is required in every document language' },
      { field: 'text.en', reason: 'is required in every document language' },
    ]);
  });

  it('refuses a lower-case code, version 0 and an impossible effective day', () => {
    expect(
      termsVersionIssues({ ...v1, code: 'cga', version: 0, effectiveOn: '2026-02-30' }).map((i) => i.field),
    ).toEqual(['code', 'version', 'effectiveOn']);
  });
});
