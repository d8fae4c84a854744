import { useEffect, useState } from 'react';

/** The pages of the app, each open to the roles that may use it. */
export const pages = [
  {
    path: '/',
    key: 'catalog',
    roles: ['employee', 'manager', 'buyer', 'accountant', 'administrator', 'auditor'],
  },
  { path: '/delegations', key: 'delegations', roles: ['manager'] },
  { path: '/suppliers', key: 'suppliers', roles: ['buyer', 'administrator', 'accountant', 'auditor'] },
  { path: '/administration', key: 'administration', roles: ['administrator'] },
  { path: '/catalog-imports', key: 'imports', roles: ['buyer', 'administrator'] },
] as const;

export type PageKey = (typeof pages)[number]['key'];

export const pagesFor = (roles: readonly string[]) =>
  pages.filter((p) => p.roles.some((r) => roles.includes(r)));

/** The current path, kept in step with pushState and the back button. */
export function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    window.history.pushState(null, '', to);
    setPath(new URL(to, window.location.origin).pathname);
  };
  return [path, navigate];
}

/** Who may block a supplier (the API answers 403 to anyone else); the others read the list. */
export const mayBlockSuppliers = (roles: readonly string[]) =>
  roles.includes('buyer') || roles.includes('administrator');
