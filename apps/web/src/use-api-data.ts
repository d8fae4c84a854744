import { type Dispatch, type SetStateAction, useEffect, useState } from 'react';
import { getJson } from './api.js';

/**
 * Reads `path` once the page shows (and again if it changes), abandoning the request when the page
 * goes; `data` is null while loading, `error` the reason it failed. `setData` keeps the page in step
 * with what a state-changing call answered, without reading everything again.
 */
export function useApiData<T>(path: string): {
  data: T | null;
  error: string | null;
  setData: Dispatch<SetStateAction<T | null>>;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    getJson<T>(path, controller.signal)
      .then(setData)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [path]);
  return { data, error, setData };
}
