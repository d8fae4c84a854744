import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApiScope,
  type ApiTokenSummary,
  apiScopes,
  apiTokensPath,
  createApiToken,
  revokeApiToken,
} from '../../api.js';
import { defaultTokenExpiry, scopeKey, tokenStatus, tokenUsageHint } from '../../api-token.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../../components/Problem.js';
import { calendarDateParts, endOfLocalDay, formatInstant } from '../../dates.js';
import { splitFieldErrors } from '../../problems.js';
import { useAction } from '../../use-action.js';
import { useApiData } from '../../use-api-data.js';

const formFields = ['name', 'scopes', 'expiresAt'] as const;

/** Tokens for integrations: created with scopes and an expiry, shown once, listed, revocable. */
export function ApiTokensSection() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data, error, setData } = useApiData<{ tokens: ApiTokenSummary[] }>(apiTokensPath);

  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['read']);
  const [expiresOn, setExpiresOn] = useState(() => defaultTokenExpiry(new Date()));
  const creation = useAction();
  const { problem } = creation;
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const revocation = useAction();
  const tokenRef = useRef<HTMLInputElement>(null);

  const { byField, other } = splitFieldErrors(problem?.errors ?? [], formFields);
  const now = new Date();

  // The new token gets the focus, so that it is the next thing read and ready to be selected.
  const createdToken = created?.token ?? null;
  useEffect(() => {
    if (createdToken) tokenRef.current?.focus();
  }, [createdToken]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (creation.running) return;
    setCreated(null);
    setCopyState('idle');
    return creation.run('submit', async () => {
      // The expiry is a day for the administrator: the token works until that day is over, where they are.
      const expiresAt = calendarDateParts(expiresOn) ? endOfLocalDay(expiresOn).toISOString() : expiresOn;
      const { token, ...summary } = await createApiToken({ name, scopes, expiresAt });
      setData((d) => d && { tokens: [summary, ...d.tokens.filter((k) => k.id !== summary.id)] });
      setCreated({ name: summary.name, token });
      setName('');
      setScopes(['read']);
      setExpiresOn(defaultTokenExpiry(new Date()));
    });
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopyState('copied');
    } catch {
      tokenRef.current?.select();
      setCopyState('failed');
    }
  }

  const revoke = (token: ApiTokenSummary) =>
    revocation.run(token.id, async () => {
      const revoked = await revokeApiToken(token.id);
      setData((d) => d && { tokens: d.tokens.map((k) => (k.id === revoked.id ? revoked : k)) });
    });

  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('admin.tokens.title')}</h2>
      <p className="muted">{t('admin.tokens.intro')}</p>

      <form className="form" aria-labelledby={`${id}-form`} onSubmit={(event) => void submit(event)}>
        <h3 id={`${id}-form`}>{t('admin.tokens.formTitle')}</h3>
        <div className="fields">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('admin.tokens.name')}</label>
            <input
              id={`${id}-name`}
              type="text"
              value={name}
              required
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
              {...describedBy(`${id}-name-error`, byField.name)}
            />
            <FieldError id={`${id}-name-error`} reasons={byField.name} />
          </div>
          <fieldset className="field checks" {...describedBy(`${id}-scopes-error`, byField.scopes)}>
            <legend>{t('admin.tokens.scopes')}</legend>
            {apiScopes.map((scope) => (
              <label key={scope}>
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(event) => {
                    const granted = event.target.checked;
                    setScopes((current) =>
                      apiScopes.filter((s) => (s === scope ? granted : current.includes(s))),
                    );
                  }}
                />{' '}
                {t(`admin.tokens.scope.${scopeKey(scope)}`)}
              </label>
            ))}
            <FieldError id={`${id}-scopes-error`} reasons={byField.scopes} />
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-expires`}>{t('admin.tokens.expiresOn')}</label>
            <input
              id={`${id}-expires`}
              type="date"
              value={expiresOn}
              required
              onChange={(event) => setExpiresOn(event.target.value)}
              {...describedBy(`${id}-expires-error`, byField.expiresAt)}
            />
            <FieldError id={`${id}-expires-error`} reasons={byField.expiresAt} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={creation.running !== null}>
            {t('admin.tokens.create')}
          </button>
        </div>
        {problem && <ProblemAlert problem={problem} otherErrors={other} />}
      </form>

      {created && (
        <section className="token-once" aria-labelledby={`${id}-once`} data-testid="api-token-once">
          <h3 id={`${id}-once`}>{t('admin.tokens.createdTitle', { name: created.name })}</h3>
          <p className="warning">
            <strong>{t('admin.tokens.once')}</strong>
          </p>
          <label htmlFor={`${id}-token`}>{t('admin.tokens.tokenLabel')}</label>
          <div className="copy-field">
            <input
              id={`${id}-token`}
              ref={tokenRef}
              type="text"
              className="mono"
              readOnly
              value={created.token}
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" className="btn btn-primary" onClick={() => void copy()}>
              {t('admin.tokens.copy')}
            </button>
          </div>
          <p role="status" className="muted">
            {copyState === 'copied' && t('admin.tokens.copied')}
            {copyState === 'failed' && t('admin.tokens.copyFailed')}
          </p>
          <p>{t('admin.tokens.usage')}</p>
          <pre className="mono">
            <code>{tokenUsageHint(window.location.origin)}</code>
          </pre>
          <button type="button" className="btn" onClick={() => setCreated(null)}>
            {t('admin.tokens.dismiss')}
          </button>
        </section>
      )}

      <h3 id={`${id}-list`}>{t('admin.tokens.listTitle')}</h3>
      {data ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-labelledby={`${id}-list`} data-testid="api-tokens">
              <thead>
                <tr>
                  <th scope="col">{t('admin.tokens.name')}</th>
                  <th scope="col">{t('admin.tokens.prefix')}</th>
                  <th scope="col">{t('admin.tokens.scopes')}</th>
                  <th scope="col">{t('admin.tokens.expiresOn')}</th>
                  <th scope="col">{t('admin.tokens.lastUsed')}</th>
                  <th scope="col">{t('admin.tokens.status')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.tokens.map((token) => {
                  const status = tokenStatus(token, now);
                  return (
                    <tr key={token.id} data-testid="api-token-row">
                      <th scope="row">{token.name}</th>
                      <td className="mono">{token.prefix}…</td>
                      <td>
                        {token.scopes
                          .map((scope) => t(`admin.tokens.scope.${scopeKey(scope)}`, { defaultValue: scope }))
                          .join(', ')}
                      </td>
                      <td>{formatInstant(token.expiresAt, language)}</td>
                      <td>
                        {token.lastUsedAt
                          ? formatInstant(token.lastUsedAt, language, { time: true })
                          : t('common.never')}
                      </td>
                      <td>
                        <span className={`badge token-${status}`}>
                          {t(`admin.tokens.statuses.${status}`)}
                        </span>
                      </td>
                      <td>
                        {status === 'active' && (
                          <button
                            type="button"
                            className="btn btn-danger"
                            aria-label={t('admin.tokens.revokeLabel', { name: token.name })}
                            disabled={revocation.running === token.id}
                            onClick={() => void revoke(token)}
                          >
                            {t('admin.tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {data.tokens.length === 0 && <p className="muted">{t('admin.tokens.none')}</p>}
          {revocation.problem && <ProblemAlert problem={revocation.problem} />}
        </>
      ) : (
        <LoadStatus error={error} />
      )}
    </section>
  );
}
