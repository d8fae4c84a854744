import { useTranslation } from 'react-i18next';
import { languages } from '../i18n.js';

/** FR / EN buttons; the choice is remembered in the browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
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
  );
}
