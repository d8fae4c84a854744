import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createDelegation,
  type Delegation,
  type Delegations,
  type DirectoryUser,
  delegationsPath,
  directoryUsersPath,
  type Me,
  revokeDelegation,
} from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate, localToday } from '../dates.js';
import { splitFieldErrors } from '../problems.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

const formFields = ['delegateUserId', 'startsOn', 'endsOn'] as const;
const emptyForm = () => ({ delegateUserId: '', startsOn: localToday(new Date()), endsOn: '' });
const byStart = (a: Delegation, b: Delegation) => a.startsOn.localeCompare(b.startsOn);

/** A manager entrusts their approvals to a colleague for a period, and sees who entrusted theirs to them. */
export function DelegationsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const delegations = useApiData<Delegations>(delegationsPath);
  const directory = useApiData<{ users: DirectoryUser[] }>(directoryUsersPath);
  const colleagues = directory.data?.users.filter((user) => user.id !== me.userId) ?? [];

  const [form, setForm] = useState(emptyForm);
  const creation = useAction();
  const { problem, notice } = creation;
  const revocation = useAction();

  const { byField, other } = splitFieldErrors(problem?.errors ?? [], formFields);
  const period = (d: Delegation) => ({
    from: formatCalendarDate(d.startsOn, language),
    to: formatCalendarDate(d.endsOn, language),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    revocation.setNotice(null);
    return creation.run('submit', async () => {
      const created = await createDelegation(form);
      delegations.setData((d) => d && { ...d, given: [...d.given, created].sort(byStart) });
      setForm(emptyForm());
      return t('delegations.created', { name: created.delegate.displayName, ...period(created) });
    });
  }

  function revoke(delegation: Delegation) {
    creation.setNotice(null);
    return revocation.run(delegation.id, async () => {
      await revokeDelegation(delegation.id);
      delegations.setData((d) => d && { ...d, given: d.given.filter((g) => g.id !== delegation.id) });
      return t('delegations.revoked', { name: delegation.delegate.displayName });
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('delegations.title')}</h1>
      <p className="intro">{t('delegations.intro')}</p>

      <form className="panel form" aria-labelledby={`${id}-form`} onSubmit={(event) => void submit(event)}>
        <h2 id={`${id}-form`}>{t('delegations.formTitle')}</h2>
        <div className="fields">
          <div className="field">
            <label htmlFor={`${id}-delegate`}>{t('delegations.delegate')}</label>
            <select
              id={`${id}-delegate`}
              value={form.delegateUserId}
              required
              onChange={(event) => setForm({ ...form, delegateUserId: event.target.value })}
              {...describedBy(`${id}-delegate-error`, byField.delegateUserId)}
            >
              <option value="">{directory.data ? t('delegations.chooseDelegate') : t('loading')}</option>
              {colleagues.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-delegate-error`} reasons={byField.delegateUserId} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-starts`}>{t('delegations.startsOn')}</label>
            <input
              id={`${id}-starts`}
              type="date"
              value={form.startsOn}
              required
              onChange={(event) => setForm({ ...form, startsOn: event.target.value })}
              {...describedBy(`${id}-starts-error`, byField.startsOn)}
            />
            <FieldError id={`${id}-starts-error`} reasons={byField.startsOn} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-ends`}>{t('delegations.endsOn')}</label>
            <input
              id={`${id}-ends`}
              type="date"
              value={form.endsOn}
              required
              onChange={(event) => setForm({ ...form, endsOn: event.target.value })}
              {...describedBy(`${id}-ends-error`, byField.endsOn)}
            />
            <FieldError id={`${id}-ends-error`} reasons={byField.endsOn} />
          </div>
        </div>
        {directory.error && (
          <p role="alert" className="error">
            {t('errors.loadFailed', { detail: directory.error })}
          </p>
        )}
        {directory.data && colleagues.length === 0 && <p className="muted">{t('delegations.noColleague')}</p>}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={creation.running !== null}>
            {t('delegations.submit')}
          </button>
        </div>
        {problem && <ProblemAlert problem={problem} otherErrors={other} />}
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
      </form>

      <section aria-labelledby={`${id}-given`} className="panel">
        <h2 id={`${id}-given`}>{t('delegations.given')}</h2>
        {delegations.data ? (
          <>
            {delegations.data.given.length === 0 && <p className="muted">{t('delegations.noneGiven')}</p>}
            <ul className="rows" data-testid="delegations-given">
              {delegations.data.given.map((delegation) => (
                <li key={delegation.id} data-testid="delegation-given">
                  <span>
                    {t('delegations.givenItem', {
                      name: delegation.delegate.displayName,
                      ...period(delegation),
                    })}
                  </span>
                  <button
                    type="button"
                    className="btn"
                    aria-label={t('delegations.revokeLabel', { name: delegation.delegate.displayName })}
                    disabled={revocation.running === delegation.id}
                    onClick={() => void revoke(delegation)}
                  >
                    {t('delegations.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <LoadStatus error={delegations.error} />
        )}
        {revocation.problem && <ProblemAlert problem={revocation.problem} />}
        {revocation.notice && (
          <p role="status" className="notice">
            {revocation.notice}
          </p>
        )}
      </section>

      <section aria-labelledby={`${id}-received`} className="panel">
        <h2 id={`${id}-received`}>{t('delegations.received')}</h2>
        {delegations.data ? (
          <>
            {delegations.data.received.length === 0 && (
              <p className="muted">{t('delegations.noneReceived')}</p>
            )}
            <ul className="rows" data-testid="delegations-received">
              {delegations.data.received.map((delegation) => (
                <li key={delegation.id} data-testid="delegation-received">
                  <span>
                    {t('delegations.receivedItem', {
                      name: delegation.delegator.displayName,
                      ...period(delegation),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          // A failure to load is told once, under the delegations given.
          !delegations.error && <LoadStatus error={null} />
        )}
      </section>
    </section>
  );
}
