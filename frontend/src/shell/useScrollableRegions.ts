import { useEffect, type RefObject } from 'react';

const SELECTOR = '.table-scroll, .table';

/** Makes every wide table that scrolls inside its own box reachable by keyboard (a tab stop,
 * so arrow keys scroll it), and takes the tab stop away again when it fits. Tables come and
 * go with the data, so the main region is watched for changes and the window for resizes. */
export function useScrollableRegions(root: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    let frame = 0;
    const check = () => {
      frame = 0;
      el.querySelectorAll<HTMLElement>(SELECTOR).forEach((box) => {
        const scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible';
        if (scrolls && !box.hasAttribute('tabindex')) {
          box.tabIndex = 0;
          box.dataset.scrollFocus = 'added';
        } else if (!scrolls && box.dataset.scrollFocus === 'added') {
          box.removeAttribute('tabindex');
          delete box.dataset.scrollFocus;
        }
      });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(check);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(el, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [root]);
}
