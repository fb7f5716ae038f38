import { useEffect, useRef, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

/** What a browser does between two listeners of one event: it runs the microtasks queued so
 * far, so a state update made by a listener below React's root is rendered before React's own
 * onChange sees the event. jsdom dispatches every listener in one go, so this wrapper's listener
 * (between the form and React's root) flushes React's pending work the way the browser would. */
export function BrowserEventOrder({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    const flush = () => flushSync(() => {});
    el?.addEventListener('input', flush);
    return () => el?.removeEventListener('input', flush);
  }, []);
  return <div ref={ref}>{children}</div>;
}
