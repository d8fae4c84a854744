import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { ApiTokensSection } from './administration/ApiTokensSection.js';
import { RoleMappingSection } from './administration/RoleMappingSection.js';
import { UsersSection } from './administration/UsersSection.js';

/** For administrators: which identity-provider groups give which roles, the users, the API tokens. */
export function AdministrationPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('admin.title')}</h1>
      <RoleMappingSection />
      <UsersSection me={me} />
      <ApiTokensSection />
    </section>
  );
}
