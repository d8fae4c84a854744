import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { type PageKey, pagesFor } from '../navigation.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function Header({
  me,
  current,
  navigate,
  cartCount,
}: {
  me: Me;
  current: PageKey;
  navigate: (path: string) => void;
  cartCount: number | null;
}) {
  const { t } = useTranslation();
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          P
        </span>
        <span>{t('app.name')}</span>
        <span className="tagline">{t('app.tagline')}</span>
      </div>
      <nav aria-label={t('nav.label')} className="menu">
        {pagesFor(me.roles).map((page) => (
          <a
            key={page.key}
            href={page.path}
            aria-current={page.key === current ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(page.path);
            }}
          >
            {t(`nav.${page.key}`)}
            {page.key === 'cart' && cartCount !== null && (
              <span
                className="cart-count"
                data-testid="cart-count"
                title={t('cart.count', { count: cartCount })}
              >
                {cartCount}
              </span>
            )}
          </a>
        ))}
      </nav>
      <div className="session">
        <span className="user" data-testid="current-user">
          <strong>{me.displayName}</strong>
          <span className="roles">{me.roles.map((role) => t(`roles.${role}`)).join(' · ')}</span>
        </span>
        <LanguageSwitch />
        <form method="post" action="/auth/logout">
          <input type="hidden" name="_csrf" value={me.csrfToken ?? ''} />
          <button type="submit" className="link-button">
            {t('header.logout')}
          </button>
        </form>
      </div>
    </header>
  );
}
