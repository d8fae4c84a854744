import { useTranslation } from 'react-i18next';
import { loginUrl } from '../api.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';

/** What a visitor who is not logged in sees: one button to the company's identity provider. */
export function LoginPage() {
  const { t } = useTranslation();
  const params = new URLSearchParams(window.location.search);
  const returnTo = `${window.location.pathname}${[...params.keys()].some((k) => k !== 'loggedOut') ? window.location.search : ''}`;
  return (
    <main className="login">
      <div className="login-card">
        <h1>
          <span className="logo" aria-hidden="true">
            P
          </span>{' '}
          {t('app.name')}
        </h1>
        <p>{t('login.intro')}</p>
        {params.has('loggedOut') && (
          <p role="status" className="notice">
            {t('login.loggedOut')}
          </p>
        )}
        <a className="button" href={loginUrl(returnTo)}>
          {t('login.button')}
        </a>
        <LanguageSwitch />
      </div>
    </main>
  );
}
