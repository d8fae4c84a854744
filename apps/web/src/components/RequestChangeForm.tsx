import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChangedRequisition,
  type CostCentre,
  changeRequisition,
  myCostCentresPath,
  type Requisition,
} from '../api.js';
import {
  buildChangeBody,
  type ChangeForm,
  changeFormOf,
  changeOutcome,
  isStaleVersion,
} from '../request-change.js';
import { sortRequestErrors } from '../requisitions.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';
import { describedBy, FieldError, ProblemAlert } from './Problem.js';
import { RefusalAlert } from './Refusal.js';

/**
 * The requester changes their request (header, cost centre, budget category, each line's quantity,
 * unit price and wished date), sending the version they loaded; the notice says whether approval
 * restarted and why. A version that moved on meanwhile asks them to reload.
 */
export function RequestChangeForm({
  requisition,
  onSaved,
  onCancel,
  onReload,
}: {
  requisition: Requisition;
  onSaved: (next: ChangedRequisition, notice: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [initial] = useState(() => changeFormOf(requisition));
  const [form, setForm] = useState<ChangeForm>(initial);
  const costCentres = useApiData<{ costCentres: CostCentre[] }>(myCostCentresPath);
  const action = useAction();
  const stale = action.problem !== null && isStaleVersion(action.problem);
  const { byField, byLine, other } = sortRequestErrors(action.problem?.errors ?? []);
  const known = costCentres.data?.costCentres ?? [];

  const set =
    (field: 'title' | 'justification' | 'costCentreId' | 'budgetCategory') =>
    (event: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [field]: event.target.value }));
  const setLine =
    (lineId: string, field: 'quantity' | 'unitPrice' | 'wishedDate') =>
    (event: { target: { value: string } }) => {
      const value = event.target.value;
      setForm((f) => ({ ...f, lines: f.lines.map((l) => (l.id === lineId ? { ...l, [field]: value } : l)) }));
    };

  function save(event: FormEvent) {
    event.preventDefault();
    void action.run('save', async () => {
      const changed = await changeRequisition(requisition.id, buildChangeBody(requisition, form));
      const outcome = changeOutcome(requisition.status, changed);
      const reasons = outcome.reasons
        .map((reason) => t(`requestChange.reasons.${reason}`, { defaultValue: reason }))
        .join(', ');
      onSaved(changed, t(`requestChange.${outcome.key}`, { number: changed.number, reasons }));
    });
  }

  return (
    <form className="panel form" aria-labelledby={`${id}-title`} onSubmit={save} data-testid="request-change">
      <h2 id={`${id}-title`}>{t('requestChange.title')}</h2>
      {requisition.status !== 'draft' && <p className="muted">{t('requestChange.intro')}</p>}
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-title-input`}>{t('requests.requestTitle')}</label>
          <input
            id={`${id}-title-input`}
            value={form.title}
            required
            minLength={3}
            maxLength={200}
            onChange={set('title')}
            {...describedBy(`${id}-title-error`, byField.title)}
          />
          <FieldError id={`${id}-title-error`} reasons={byField.title} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-justification`}>{t('requests.justification')}</label>
          <textarea
            id={`${id}-justification`}
            value={form.justification}
            maxLength={4000}
            rows={3}
            onChange={set('justification')}
            {...describedBy(`${id}-justification-error`, byField.justification)}
          />
          <FieldError id={`${id}-justification-error`} reasons={byField.justification} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cost-centre`}>{t('requests.costCentre')}</label>
          <select
            id={`${id}-cost-centre`}
            value={form.costCentreId}
            onChange={set('costCentreId')}
            {...describedBy(`${id}-cost-centre-error`, byField.costCentreId)}
          >
            {initial.costCentreId === '' && <option value="">{t('requestChange.keepEach')}</option>}
            {initial.costCentreId !== '' && !known.some((c) => c.costCentreId === initial.costCentreId) && (
              <option value={initial.costCentreId}>{initial.costCentreId}</option>
            )}
            {known.map((c) => (
              <option key={c.costCentreId} value={c.costCentreId}>
                {c.code} — {c.name[language]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-cost-centre-error`} reasons={byField.costCentreId} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-budget`}>{t('requests.budgetCategory')}</label>
          <input
            id={`${id}-budget`}
            value={form.budgetCategory}
            required={initial.budgetCategory !== ''}
            placeholder={initial.budgetCategory === '' ? t('requestChange.keepEach') : undefined}
            maxLength={40}
            onChange={set('budgetCategory')}
            {...describedBy(`${id}-budget-error`, byField.budgetCategory)}
          />
          <FieldError id={`${id}-budget-error`} reasons={byField.budgetCategory} />
        </div>
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('requests.line')}</th>
              <th scope="col">{t('requests.quantity')}</th>
              <th scope="col">{t('requests.unitPrice')}</th>
              <th scope="col">{t('requests.wishedDate')}</th>
            </tr>
          </thead>
          <tbody>
            {requisition.lines.map((line, index) => {
              const typed = form.lines.find((l) => l.id === line.id);
              const reasons = byLine[index]?.map((e) => `${e.field} : ${e.reason}`);
              return (
                <tr key={line.id} data-testid="request-change-line">
                  <th scope="row">
                    {line.description}
                    <FieldError id={`${id}-line-error-${line.id}`} reasons={reasons} />
                  </th>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-qty-${line.id}`}>
                      {t('requestChange.lineQuantity', { line: line.description })}
                    </label>
                    <input
                      id={`${id}-qty-${line.id}`}
                      inputMode="decimal"
                      required
                      value={typed?.quantity ?? ''}
                      onChange={setLine(line.id, 'quantity')}
                      {...describedBy(`${id}-line-error-${line.id}`, reasons)}
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-price-${line.id}`}>
                      {t('requestChange.lineUnitPrice', { line: line.description })}
                    </label>
                    <input
                      id={`${id}-price-${line.id}`}
                      inputMode="decimal"
                      required
                      value={typed?.unitPrice ?? ''}
                      onChange={setLine(line.id, 'unitPrice')}
                      {...describedBy(`${id}-line-error-${line.id}`, reasons)}
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-date-${line.id}`}>
                      {t('requestChange.lineWishedDate', { line: line.description })}
                    </label>
                    <input
                      id={`${id}-date-${line.id}`}
                      type="date"
                      value={typed?.wishedDate ?? ''}
                      onChange={setLine(line.id, 'wishedDate')}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
          {t('requestChange.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('requestChange.cancel')}
        </button>
      </div>
      {stale ? (
        <div role="alert" className="problem" data-testid="stale-version">
          <p>{t('requestChange.stale')}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={onReload}>
              {t('requestChange.reload')}
            </button>
          </div>
        </div>
      ) : (
        action.problem &&
        (action.problem.status === 422 ? (
          <RefusalAlert problem={action.problem} />
        ) : (
          <ProblemAlert problem={action.problem} otherErrors={other} />
        ))
      )}
    </form>
  );
}
