import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { listTasks } from '../api/tasks';
import type { TaskSummary } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { can } from '../auth/permissions';

interface Api {
  summary: TaskSummary | null;
  /** Ask again now (after a decision or a record that changes what is due). */
  refresh(): void;
}

const Ctx = createContext<Api>({ summary: null, refresh: () => {} });

/** How often moving between pages asks the server again for the counts. */
const STALE_MS = 30_000;

/** The counts the navigation shows (waiting approvals, overdue tasks), for people with tasks.
 * Asked for when the signed-in app opens, when the person moves to another page and the
 * counts are older than half a minute, and whenever a page says something changed. */
export function TaskSummaryProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const wanted = can(user, 'tasks:read');
  const { pathname } = useLocation();
  const [summary, setSummary] = useState<TaskSummary | null>(null);
  const [asked, setAsked] = useState(0);
  const last = useRef({ at: 0, asked: -1 });
  useEffect(() => {
    if (!wanted) return;
    const now = Date.now();
    if (last.current.asked === asked && now - last.current.at < STALE_MS) return;
    const ctl = new AbortController();
    listTasks({ limit: 1 }, ctl.signal).then(
      (page) => {
        // Counted as asked only once answered: moving to another page aborts a request in
        // flight, and the next page must then ask again rather than wait half a minute.
        last.current = { at: now, asked };
        setSummary(page.summary);
      },
      () => {
        // The counts are a help, not the work: the pages themselves say when the server fails.
      },
    );
    return () => ctl.abort();
  }, [wanted, pathname, asked]);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return <Ctx.Provider value={{ summary: wanted ? summary : null, refresh }}>{children}</Ctx.Provider>;
}

export function useTaskSummary(): Api {
  return useContext(Ctx);
}
