import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

function focusHeading(): void {
  document.querySelector<HTMLElement>('main h1')?.focus();
}

/** After a client-side navigation, moves focus to the new page's heading so keyboard and
 * screen-reader users start at the new content, as they would after a full page load.
 * On first mount (just signed in) it does so only if focus was lost with the old view. */
export function useFocusOnNavigate(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (document.activeElement === document.body || document.activeElement === null) focusHeading();
      return;
    }
    focusHeading();
  }, [pathname]);
}
