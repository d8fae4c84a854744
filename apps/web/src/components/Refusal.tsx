import { useTranslation } from 'react-i18next';
import type { Problem } from '../problems.js';

const refusalCodes = ['budget_exceeded', 'approval_chain_incomplete'];

/** A request the API would not submit: why (budget, approval chain), with each budget line's shortfall. */
export function RefusalAlert({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const known = refusalCodes.includes(problem.code);
  return (
    <div role="alert" className="problem" data-testid="refusal">
      <p>
        <strong>{known ? t(`requests.refusals.${problem.code}`) : problem.message}</strong>
      </p>
      {known && <p>{problem.message}</p>}
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.field}-${error.reason}`}>{error.reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
