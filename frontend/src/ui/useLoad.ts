import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads something when the deps change (aborting the previous load) and on reload().
 * `loading` is derived (the last answer is for other deps), so no state is set during the
 * effect itself; the previous data stays shown until the new answer arrives. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [n, setN] = useState(0);
  const key = JSON.stringify([...deps, n]);
  const [done, setDone] = useState<{ key: string; data: T | undefined; error: unknown }>({ key: '', data: undefined, error: null });
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setDone({ key, data, error: null }),
      (error: unknown) => !ctl.signal.aborted && setDone((d) => ({ key, data: d.data, error })),
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  const loading = done.key !== key;
  return { data: done.data, error: loading ? null : done.error, loading, reload };
}
