export interface Me {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  entityId: string;
  locale: 'fr' | 'en';
}

export interface CatalogItem {
  id: string;
  supplierSku: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string };
  supplier: { id: string; name: string };
  categoryCode: string;
  unitCode: string;
  unitPrice: { amount: string; currency: string };
  vatRate: string;
  minOrderQuantity: string;
  leadTimeDays: number;
}

export interface ItemPage {
  items: CatalogItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** An application/problem+json answer from the API. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiProblem(
      response.status,
      problem.code ?? 'http_error',
      problem.detail ?? response.statusText,
    );
  }
  return (await response.json()) as T;
}

export const fetchMe = (signal?: AbortSignal) => getJson<Me>('/api/v1/me', signal);

export function searchItems(query: { q: string; page: number; pageSize: number }, signal?: AbortSignal) {
  const params = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize) });
  if (query.q.trim()) params.set('q', query.q.trim());
  return getJson<ItemPage>(`/api/v1/catalog/items?${params}`, signal);
}
