import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, fetchMe, type Me, useCsrfToken } from './api.js';
import { Header } from './components/Header.js';
import { type PageKey, pagesFor, usePath } from './navigation.js';
import { AdministrationPage } from './pages/AdministrationPage.js';
import { CatalogPage } from './pages/CatalogPage.js';
import { DelegationsPage } from './pages/DelegationsPage.js';
import { ImportsPage } from './pages/ImportsPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { SuppliersPage } from './pages/SuppliersPage.js';

type Session =
  | { state: 'loading' }
  | { state: 'anonymous' }
  | { state: 'error'; message: string }
  | { state: 'in'; me: Me };

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [path, navigate] = usePath();

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal)
      .then((me) => {
        useCsrfToken(me.csrfToken);
        setSession({ state: 'in', me });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiProblem && e.status === 401) setSession({ state: 'anonymous' });
        else setSession({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      });
    return () => controller.abort();
  }, []);

  if (session.state === 'loading') return <p className="main">{t('loading')}</p>;
  if (session.state === 'anonymous') return <LoginPage />;
  if (session.state === 'error') {
    return (
      <p role="alert" className="main error">
        {t('errors.loadFailed', { detail: session.message })}
      </p>
    );
  }
  const allowed = pagesFor(session.me.roles);
  const page = allowed.find((p) => p.path === path) ?? allowed[0];
  return (
    <>
      <Header me={session.me} current={page?.key ?? 'catalog'} navigate={navigate} />
      <main className="main">
        <PageContent page={page?.key ?? 'catalog'} me={session.me} />
      </main>
    </>
  );
}

/** The page at the current path; `navigation.ts` has already kept only those the user's roles open. */
function PageContent({ page, me }: { page: PageKey; me: Me }) {
  switch (page) {
    case 'delegations':
      return <DelegationsPage me={me} />;
    case 'suppliers':
      return <SuppliersPage me={me} />;
    case 'administration':
      return <AdministrationPage me={me} />;
    case 'imports':
      return <ImportsPage />;
    case 'catalog':
      return <CatalogPage />;
  }
}
