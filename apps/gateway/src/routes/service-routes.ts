/** Which service answers which part of /api/v1. The first matching prefix wins. */
export type ServiceName = 'catalog' | 'purchasing' | 'invoicing';

export const serviceRoutes: readonly { prefix: string; service: ServiceName }[] = [
  { prefix: '/api/v1/catalog', service: 'catalog' },
  { prefix: '/api/v1/purchasing', service: 'purchasing' },
  // Budgets and commitments are purchasing's: the manager's view answers at /api/v1/budgets.
  { prefix: '/api/v1/budgets', service: 'purchasing' },
  { prefix: '/api/v1/purchase-orders', service: 'purchasing' },
  { prefix: '/api/v1/invoicing', service: 'invoicing' },
  // Supplier invoices: intake (the file as the body, streamed through), the invoices and their files.
  { prefix: '/api/v1/invoices', service: 'invoicing' },
];

/** The service answering `url` (a path, with or without its query string). */
export function serviceFor(url: string): ServiceName | undefined {
  const path = url.split('?')[0] ?? '';
  return serviceRoutes.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))?.service;
}
