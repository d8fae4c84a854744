import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem, Problem } from '../problems.js';

/**
 * A refused call: the API's detail and the field errors that no input shows next to itself, then
 * whatever the page adds to explain them (the catalog import's table of rows, for one).
 */
export function ProblemAlert({
  problem,
  otherErrors,
  children,
  testId,
}: {
  problem: Problem;
  otherErrors?: FieldProblem[];
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const errors = otherErrors ?? problem.errors;
  const unique = [...new Map(errors.map((e) => [`${e.field}\u0000${e.reason}`, e])).entries()];
  return (
    <div role="alert" className="problem" data-testid={testId}>
      <p>{problem.message}</p>
      {unique.length > 0 && (
        <ul>
          {unique.map(([key, error]) => (
            <li key={key}>
              {t('problem.field', { field: error.field.replace(/^body\./, ''), reason: error.reason })}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/** The API's reasons for refusing one input, placed under it; the input points here with aria-describedby. */
export function FieldError({ id, reasons }: { id: string; reasons: string[] | undefined }) {
  if (!reasons?.length) return null;
  return (
    <p id={id} className="field-error">
      {reasons.join(' ; ')}
    </p>
  );
}

/** The props that tie an input to its FieldError. */
export function describedBy(id: string, reasons: string[] | undefined) {
  return reasons?.length ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}

/** While a section loads, or why it could not. */
export function LoadStatus({ error }: { error: string | null }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <p role="alert" className="error">
        {t('errors.loadFailed', { detail: error })}
      </p>
    );
  }
  return <p className="muted">{t('loading')}</p>;
}
