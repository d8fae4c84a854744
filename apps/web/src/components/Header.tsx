import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { languages } from '../i18n.js';

export function Header({ me }: { me: Me | null }) {
  const { t, i18n } = useTranslation();
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          P
        </span>
        <span>{t('app.name')}</span>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      <nav aria-label="main">
        <a href="/" aria-current="page">
          {t('nav.catalog')}
        </a>
      </nav>
      <div className="session">
        {me && (
          <span className="user" data-testid="current-user">
            <strong>{me.displayName}</strong>
            <span className="roles">{me.roles.map((role) => t(`roles.${role}`)).join(' · ')}</span>
          </span>
        )}
        <fieldset className="languages" aria-label={t('header.language')}>
          {languages.map((language) => (
            <button
              key={language}
              type="button"
              aria-pressed={i18n.language === language}
              onClick={() => void i18n.changeLanguage(language)}
            >
              {language.toUpperCase()}
            </button>
          ))}
        </fieldset>
      </div>
    </header>
  );
}
