import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, fetchMe, type Me } from './api.js';
import { Header } from './components/Header.js';
import { CatalogPage } from './pages/CatalogPage.js';

export function App() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal)
      .then(setMe)
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiProblem && e.status === 401 ? t('errors.unauthenticated') : String(e));
      });
    return () => controller.abort();
  }, [t]);

  return (
    <>
      <Header me={me} />
      <main className="main">
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : me ? (
          <CatalogPage />
        ) : (
          <p>{t('loading')}</p>
        )}
      </main>
    </>
  );
}
