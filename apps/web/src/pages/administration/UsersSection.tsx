import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type AdminUser, adminUsersPath, type Me, setUserActive } from '../../api.js';
import { LoadStatus, ProblemAlert } from '../../components/Problem.js';
import { formatInstant } from '../../dates.js';
import { useAction } from '../../use-action.js';
import { useApiData } from '../../use-api-data.js';

/** Every user, active or not; an administrator deactivates or reactivates anyone but themselves. */
export function UsersSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data, error, setData } = useApiData<{ users: AdminUser[] }>(adminUsersPath);
  const { running, problem, notice, run } = useAction();

  const toggle = (user: AdminUser) =>
    run(user.id, async () => {
      const active = !user.active;
      await setUserActive(user.id, active);
      setData((d) => d && { users: d.users.map((u) => (u.id === user.id ? { ...u, active } : u)) });
      return t(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: user.displayName });
    });

  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('admin.users.title')}</h2>
      {data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-labelledby={`${id}-title`} data-testid="admin-users">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.name')}</th>
                  <th scope="col">{t('admin.users.email')}</th>
                  <th scope="col">{t('admin.users.roles')}</th>
                  <th scope="col">{t('admin.users.lastLogin')}</th>
                  <th scope="col">{t('admin.users.status')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((user) => (
                  <tr key={user.id} data-testid="user-row">
                    <th scope="row">{user.displayName}</th>
                    <td>{user.email}</td>
                    <td>
                      {user.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ') || '—'}
                    </td>
                    <td>
                      {user.lastLoginAt
                        ? formatInstant(user.lastLoginAt, language, { time: true })
                        : t('common.never')}
                    </td>
                    <td>
                      <span className={`badge ${user.active ? 'status-active' : 'status-blocked'}`}>
                        {t(user.active ? 'admin.users.active' : 'admin.users.inactive')}
                      </span>
                    </td>
                    <td>
                      {user.id === me.userId ? (
                        <span className="muted">{t('admin.users.you')}</span>
                      ) : (
                        <button
                          type="button"
                          className={user.active ? 'btn btn-danger' : 'btn'}
                          aria-label={t(
                            user.active ? 'admin.users.deactivateLabel' : 'admin.users.activateLabel',
                            {
                              name: user.displayName,
                            },
                          )}
                          disabled={running === user.id}
                          onClick={() => void toggle(user)}
                        >
                          {t(user.active ? 'admin.users.deactivate' : 'admin.users.activate')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {problem && <ProblemAlert problem={problem} />}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
        </>
      ) : (
        <LoadStatus error={error} />
      )}
    </section>
  );
}
