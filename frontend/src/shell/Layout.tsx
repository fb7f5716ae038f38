import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionExpiry } from '../auth/SessionExpiry';
import { Header } from './Header';
import { useScrollableRegions } from './useScrollableRegions';

/** The page frame shared by every view: skip link, banner, optional navigation, main. */
export function Layout({ signedIn, nav, children }: { signedIn: boolean; nav?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const main = useRef<HTMLElement>(null);
  useScrollableRegions(main);
  return (
    <div className="layout">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // Focus by hand: a bare hash change would go through the router and the URL.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <Header signedIn={signedIn} />
      <div className={nav ? 'layout__body layout__body--nav' : 'layout__body'}>
        {nav}
        <main id="main" className="main" tabIndex={-1} ref={main}>
          {signedIn && <SessionExpiry />}
          {children}
        </main>
      </div>
    </div>
  );
}
