import { useState } from 'react';
import { type Problem, problemOf } from './problems.js';

/**
 * A state-changing call made from a page: one at a time, its problem or its notice shown after it.
 * `running` is the key of the call in progress (a row's id, or 'submit' for a form).
 */
export function useAction() {
  const [running, setRunning] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Runs `work`; the text it resolves with, if any, becomes the notice. */
  async function run(key: string, work: () => Promise<unknown>): Promise<void> {
    if (running) return;
    setRunning(key);
    setProblem(null);
    setNotice(null);
    try {
      const message = await work();
      if (typeof message === 'string') setNotice(message);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setRunning(null);
    }
  }

  return { running, problem, notice, setProblem, setNotice, run };
}
