import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/query';

interface State<T> {
  key: string;
  items: T[];
  cursor?: string | undefined;
  error: unknown;
}

/** A keyset-paginated list: the first page whenever `key` changes (or on reload()), further
 * pages on loadMore(). Loading of the first page is derived from the key, not set in an effect. */
export function usePaged<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, key: string) {
  const [n, setN] = useState(0);
  const full = `${key}#${n}`;
  const [st, setSt] = useState<State<T>>({ key: '', items: [], error: null });
  const [more, setMore] = useState(false);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });

  useEffect(() => {
    const ctl = new AbortController();
    fetchRef.current(undefined, ctl.signal).then(
      (page) => !ctl.signal.aborted && setSt({ key: full, items: page.items, cursor: page.next_cursor, error: null }),
      (error: unknown) => !ctl.signal.aborted && setSt({ key: full, items: [], error }),
    );
    return () => ctl.abort();
  }, [full]);

  const loadMore = useCallback(() => {
    if (more || !st.cursor || st.key !== full) return;
    setMore(true);
    fetchRef.current(st.cursor, new AbortController().signal).then(
      (page) => {
        setSt((s) => (s.key === full ? { ...s, items: [...s.items, ...page.items], cursor: page.next_cursor } : s));
        setMore(false);
      },
      (error: unknown) => {
        setSt((s) => ({ ...s, error }));
        setMore(false);
      },
    );
  }, [more, st, full]);

  const first = st.key !== full;
  return {
    items: first && st.key.split('#')[0] !== key ? [] : st.items,
    cursor: first ? undefined : st.cursor,
    loading: first || more,
    error: first ? null : st.error,
    loadMore,
    reload: () => setN((x) => x + 1),
  };
}
