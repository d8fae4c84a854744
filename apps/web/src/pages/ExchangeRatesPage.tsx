import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ExchangeRate, exchangeRatesPath, recordExchangeRate } from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatCalendarDate, formatInstant } from '../dates.js';
import { formatDecimal } from '../format.js';
import { splitFieldErrors } from '../problems.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

const fields = ['from', 'to', 'rate', 'effectiveOn'] as const;

/**
 * Finance records the exchange rates requests in another currency are counted at (approval
 * thresholds and limits, budgets, the ledger). A rate applies from its day until a later one; a
 * correction of a day is recorded again, and the list keeps both.
 */
export function ExchangeRatesPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [version, setVersion] = useState(0);
  const rates = useApiData<{ rates: ExchangeRate[] }>(`${exchangeRatesPath}?v=${version}`);
  const action = useAction();
  const [entry, setEntry] = useState({ from: 'USD', to: 'EUR', rate: '', effectiveOn: '', note: '' });

  function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void action.run('record', async () => {
      const rate = await recordExchangeRate({
        from: entry.from.trim().toUpperCase(),
        to: entry.to.trim().toUpperCase(),
        rate: entry.rate.trim().replace(',', '.'),
        effectiveOn: entry.effectiveOn,
        note: entry.note.trim() || null,
      });
      setVersion((v) => v + 1);
      setEntry((e) => ({ ...e, rate: '', note: '' }));
      return t('exchangeRates.recorded', {
        from: rate.from,
        to: rate.to,
        day: formatCalendarDate(rate.effectiveOn, language),
      });
    });
  }

  const { byField, other } = action.problem
    ? // The service names the fields of the rate as they are sent (from, to, rate, effectiveOn).
      splitFieldErrors(action.problem.errors, fields, '')
    : { byField: {}, other: [] };
  const field = (name: (typeof fields)[number]) => ({
    id: `${id}-${name}`,
    ...describedBy(`${id}-${name}-error`, byField[name]),
  });

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('exchangeRates.title')}</h1>
      <p className="muted">{t('exchangeRates.intro')}</p>
      {action.notice && (
        <p role="status" className="notice">
          {action.notice}
        </p>
      )}
      {action.problem && <ProblemAlert problem={action.problem} otherErrors={other} testId="rate-problem" />}

      <form className="panel form-grid" onSubmit={record} aria-label={t('exchangeRates.formTitle')}>
        <h2>{t('exchangeRates.formTitle')}</h2>
        {(['from', 'to'] as const).map((name) => (
          <div key={name}>
            <label htmlFor={`${id}-${name}`}>{t(`exchangeRates.${name}`)}</label>
            <input
              {...field(name)}
              required
              maxLength={3}
              value={entry[name]}
              onChange={(e) => setEntry({ ...entry, [name]: e.target.value })}
            />
            <FieldError id={`${id}-${name}-error`} reasons={byField[name]} />
          </div>
        ))}
        <div>
          <label htmlFor={`${id}-rate`}>{t('exchangeRates.rate')}</label>
          <input
            {...field('rate')}
            required
            inputMode="decimal"
            value={entry.rate}
            onChange={(e) => setEntry({ ...entry, rate: e.target.value })}
          />
          <FieldError id={`${id}-rate-error`} reasons={byField.rate} />
        </div>
        <div>
          <label htmlFor={`${id}-effectiveOn`}>{t('exchangeRates.effectiveOn')}</label>
          <input
            {...field('effectiveOn')}
            type="date"
            required
            value={entry.effectiveOn}
            onChange={(e) => setEntry({ ...entry, effectiveOn: e.target.value })}
          />
          <FieldError id={`${id}-effectiveOn-error`} reasons={byField.effectiveOn} />
        </div>
        <div>
          <label htmlFor={`${id}-note`}>{t('exchangeRates.note')}</label>
          <input
            id={`${id}-note`}
            maxLength={500}
            value={entry.note}
            onChange={(e) => setEntry({ ...entry, note: e.target.value })}
          />
        </div>
        <div>
          <button type="submit" disabled={action.running !== null}>
            {t('exchangeRates.record')}
          </button>
        </div>
      </form>

      {!rates.data ? (
        <LoadStatus error={rates.error} />
      ) : rates.data.rates.length === 0 ? (
        <p className="muted">{t('exchangeRates.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="exchange-rates">
            <caption>{t('exchangeRates.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchangeRates.pair')}</th>
                <th scope="col">{t('exchangeRates.rate')}</th>
                <th scope="col">{t('exchangeRates.effectiveOn')}</th>
                <th scope="col">{t('exchangeRates.recordedBy')}</th>
                <th scope="col">{t('exchangeRates.note')}</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.rates.map((rate) => (
                <tr key={rate.id} data-testid="exchange-rate">
                  <td className="mono">
                    1 {rate.from} → {rate.to}
                  </td>
                  <td className="num">{formatDecimal(rate.rate, language)}</td>
                  <td>{formatCalendarDate(rate.effectiveOn, language)}</td>
                  <td>
                    {rate.recordedBy.name}, {formatInstant(rate.recordedAt, language)}
                  </td>
                  <td>{rate.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
