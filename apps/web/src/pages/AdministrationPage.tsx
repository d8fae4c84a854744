import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { approvalRulesPagePath, type Navigate } from '../navigation.js';
import { ApiTokensSection } from './administration/ApiTokensSection.js';
import { RoleMappingSection } from './administration/RoleMappingSection.js';
import { TermsSection } from './administration/TermsSection.js';
import { UsersSection } from './administration/UsersSection.js';

/**
 * For administrators: which identity-provider groups give which roles, the users, the API tokens,
 * the way to the approval rules, and the general purchasing terms with their annexes.
 */
export function AdministrationPage({ me, navigate }: { me: Me; navigate: Navigate }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('admin.title')}</h1>
      <section aria-labelledby={`${id}-rules`} className="panel">
        <h2 id={`${id}-rules`}>{t('approvalRules.title')}</h2>
        <p className="muted">{t('approvalRules.summary')}</p>
        <p>
          <a
            href={approvalRulesPagePath}
            onClick={(event) => {
              event.preventDefault();
              navigate(approvalRulesPagePath);
            }}
          >
            {t('approvalRules.open')}
          </a>
        </p>
      </section>
      <RoleMappingSection />
      <UsersSection me={me} />
      <ApiTokensSection />
      <TermsSection />
    </section>
  );
}
