import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, apiRequest, uploadCatalogFile, uploadComplianceDocument, useCsrfToken } from './api.js';

/** The browser's fetch is outside the app: record what the app hands it, answer as the API would. */
function answerWith(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
    });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  useCsrfToken(null);
});

describe('the one API call wrapper', () => {
  it('sends JSON with the CSRF token on a state-changing call', async () => {
    useCsrfToken('token-1');
    const calls = answerWith(200, { ok: true });
    await apiRequest('POST', '/api/v1/x', { a: 1 });
    expect(calls[0]?.init.body).toBe('{"a":1}');
    expect(calls[0]?.init.headers).toMatchObject({
      'content-type': 'application/json',
      'x-csrf-token': 'token-1',
    });
  });

  it('sends a catalog file as the raw body with its content type and the CSRF token', async () => {
    useCsrfToken('token-2');
    const calls = answerWith(201, { id: 'i1' });
    const file = new Blob(['supplier_sku\n'], { type: 'text/csv' });
    await uploadCatalogFile(file, {
      supplierId: 's1',
      priceListId: 'p1',
      fileName: 'c.csv',
      contentType: 'text/csv; charset=windows-1252',
    });
    expect(calls[0]?.url).toBe('/api/v1/catalog/imports?supplier=s1&priceList=p1&fileName=c.csv');
    expect(calls[0]?.init.body).toBe(file);
    expect(calls[0]?.init.headers).toMatchObject({
      'content-type': 'text/csv; charset=windows-1252',
      'x-csrf-token': 'token-2',
    });
  });

  it('sends a compliance document as FormData, leaving its multipart type to the browser', async () => {
    useCsrfToken('token-3');
    const calls = answerWith(201, { id: 'd1' });
    await uploadComplianceDocument(
      'sup',
      { type: 'company_registration', issuedOn: '2026-01-01', expiresOn: '' },
      new File(['%PDF'], 'k.pdf', { type: 'application/pdf' }),
    );
    expect(calls[0]?.init.body).toBeInstanceOf(FormData);
    expect(calls[0]?.init.headers).not.toHaveProperty('content-type');
    expect(calls[0]?.init.headers).toMatchObject({ 'x-csrf-token': 'token-3' });
  });

  it('turns a refused upload into an ApiProblem with its code, detail and errors', async () => {
    answerWith(422, {
      code: 'catalog_import_invalid',
      detail: 'c.csv has 1 problem',
      errors: [{ field: 'row 2, unit', reason: 'unknown unit' }],
    });
    const refused = uploadCatalogFile(new Blob(['x']), {
      supplierId: 's',
      priceListId: 'p',
      fileName: 'c.csv',
      contentType: 'text/csv',
    });
    await expect(refused).rejects.toBeInstanceOf(ApiProblem);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      code: 'catalog_import_invalid',
      message: 'c.csv has 1 problem',
      errors: [{ field: 'row 2, unit', reason: 'unknown unit' }],
    });
  });
});
