import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApprovalPreview, approvalPreviewPath, type CostCentre, myCostCentresPath } from '../api.js';
import { budgetLineStanding, previewVerdict } from '../approval-preview.js';
import { formatCalendarDate } from '../dates.js';
import { formatDecimal, formatMoney } from '../format.js';
import { useApiData } from '../use-api-data.js';
import { LoadStatus } from './Problem.js';

/**
 * Before a draft is submitted: the approval chain it would meet (each step's approvers, any or all,
 * blocking or for information, and why), and its budget check per budget line. A refused budget line
 * or a chain that cannot be planned blocks the submit button, saying why.
 */
export function ApprovalPreviewPanel({
  requisitionId,
  submitting,
  onSubmit,
}: {
  requisitionId: string;
  submitting: boolean;
  onSubmit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: preview, error } = useApiData<ApprovalPreview>(approvalPreviewPath(requisitionId));
  const costCentres = useApiData<{ costCentres: CostCentre[] }>(myCostCentresPath);
  const money = (a: { amount: string; currency: string } | null) =>
    a ? formatMoney(a.amount, a.currency, language) : '—';
  const budgetLineName = (line: { costCentreId: string; budgetCategory: string }) => {
    const centre = costCentres.data?.costCentres.find((c) => c.costCentreId === line.costCentreId);
    return `${centre ? centre.code : line.costCentreId} / ${line.budgetCategory}`;
  };

  return (
    <section aria-labelledby={`${id}-title`} className="panel" data-testid="approval-preview">
      <h2 id={`${id}-title`}>{t('approvalPreview.title')}</h2>
      {!preview ? (
        <LoadStatus error={error} />
      ) : (
        <PreviewContent
          preview={preview}
          money={money}
          budgetLineName={budgetLineName}
          submitting={submitting}
          onSubmit={onSubmit}
        />
      )}
    </section>
  );
}

function PreviewContent({
  preview,
  money,
  budgetLineName,
  submitting,
  onSubmit,
}: {
  preview: ApprovalPreview;
  money: (a: { amount: string; currency: string } | null) => string;
  budgetLineName: (line: { costCentreId: string; budgetCategory: string }) => string;
  submitting: boolean;
  onSubmit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const verdict = previewVerdict(preview);
  const { steps } = preview.approvalChain;
  return (
    <>
      <p className="muted">{t('approvalPreview.intro')}</p>
      <h3 id={`${id}-chain`}>{t('approvalPreview.chainTitle')}</h3>
      <p>{t('approvalPreview.amount', { amount: money(preview.approvalChain.amount) })}</p>
      {preview.counting.rateEffectiveOn && (
        <p className="muted" data-testid="preview-conversion">
          {t('approvalPreview.converted', {
            currency: preview.counting.entityCurrency,
            rate: formatDecimal(preview.counting.rate, language),
            day: formatCalendarDate(preview.counting.rateEffectiveOn, language),
          })}
        </p>
      )}
      {steps.length === 0 ? (
        <p className="muted">{t('approvalPreview.noSteps')}</p>
      ) : (
        <ol className="rows" aria-labelledby={`${id}-chain`}>
          {steps.map((step) => (
            <li key={step.index} data-testid="preview-step">
              <div>
                <strong>{t('approvalPreview.step', { number: step.index + 1, label: step.label })}</strong>{' '}
                <span className={`badge step-kind-${step.kind}`} data-testid="preview-step-kind">
                  {t(`approvalPreview.kinds.${step.kind}`)}
                </span>{' '}
                <span className="badge" data-testid="preview-step-mode">
                  {t(`approvalPreview.modes.${step.mode}`)}
                </span>
                <div className="meta">
                  <span data-testid="preview-step-approvers">
                    {t('approvalPreview.approvers', {
                      names:
                        step.approvers.map((a) => a.displayName ?? a.userId).join(', ') ||
                        t('approvalPreview.nobody'),
                    })}
                  </span>
                </div>
                <p className="muted">{step.explanation}</p>
              </div>
            </li>
          ))}
        </ol>
      )}

      <h3 id={`${id}-budget`}>{t('approvalPreview.budgetTitle')}</h3>
      {preview.budgetCheck.lines.length === 0 ? (
        <p className="muted">{t('approvalPreview.noBudgetLines')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-labelledby={`${id}-budget`}>
            <thead>
              <tr>
                <th scope="col">{t('approvalPreview.budgetLine')}</th>
                <th scope="col">{t('approvalPreview.period')}</th>
                <th scope="col">{t('approvalPreview.available')}</th>
                <th scope="col">{t('approvalPreview.asked')}</th>
                <th scope="col">{t('approvalPreview.standing')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.budgetCheck.lines.map((line) => {
                const standing = budgetLineStanding(line);
                return (
                  <tr
                    key={`${line.costCentreId}-${line.budgetCategory}-${line.periodKey}`}
                    data-testid="budget-check-line"
                  >
                    <th scope="row" className="mono">
                      {budgetLineName(line)}
                    </th>
                    <td>{line.periodKey}</td>
                    <td data-testid="budget-available">{money(line.available)}</td>
                    <td data-testid="budget-asked">{money(line.amount)}</td>
                    <td>
                      <span className={`badge budget-${standing}`} data-testid="budget-standing">
                        {t(`approvalPreview.standings.${standing}`)}
                      </span>
                      {line.shortBy && (
                        <span className="flag">
                          {' '}
                          {t('approvalPreview.shortBy', { amount: money(line.shortBy) })}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {(verdict.warnings.length > 0 || preview.budgetCheck.outcome === 'warn') && (
        <div data-testid="preview-warnings">
          <h3>{t('approvalPreview.warningsTitle')}</h3>
          <ul>
            {preview.budgetCheck.outcome === 'warn' && (
              <li className="flag">{t('approvalPreview.overBudget')}</li>
            )}
            {verdict.warnings.map((warning) => (
              <li key={warning} className="flag">
                {warning}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!verdict.submittable && (
        <div role="alert" className="problem" data-testid="preview-blocked">
          <p>
            <strong>{t('approvalPreview.blocked')}</strong>
          </p>
          <ul>
            {verdict.refusedLines.map((line) => (
              <li key={`${line.costCentreId}-${line.budgetCategory}-${line.periodKey}`}>
                {t('approvalPreview.refusedLine', {
                  budgetLine: budgetLineName(line),
                  period: line.periodKey,
                  shortBy: money(line.shortBy),
                })}
              </li>
            ))}
            {verdict.chainErrors.map((reason) => (
              <li key={reason}>{t('approvalPreview.chainBlocked', { reason })}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={submitting || !verdict.submittable}
          onClick={onSubmit}
        >
          {t('requests.submit')}
        </button>
      </div>
    </>
  );
}
