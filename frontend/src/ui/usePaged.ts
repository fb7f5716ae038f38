import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/query';

/** A keyset-paginated list: the first page when `key` changes, more pages on loadMore(). */
export function usePaged<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const ctl = useRef<AbortController | null>(null);

  const load = useCallback((from: string | undefined, append: boolean) => {
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    setLoading(true);
    fetchRef.current(from, c.signal).then(
      (page) => {
        if (c.signal.aborted) return;
        setItems((old) => (append ? [...old, ...page.items] : page.items));
        setCursor(page.next_cursor);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (c.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    load(undefined, false);
    return () => ctl.current?.abort();
  }, [key, n, load]);

  return {
    items,
    cursor,
    loading,
    error,
    loadMore: () => !loading && cursor && load(cursor, true),
    reload: () => setN((x) => x + 1),
  };
}
