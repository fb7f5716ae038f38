import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes, useLocation } from 'react-router';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { AdminRequestsSection } from './AdminRequestsSection';
import { OrganisationSection } from './OrganisationSection';
import { TokenSection } from './TokenSection';
import { UsersSection } from './UsersSection';

/** The subjects of administration, each at its own address under /admin. */
export const ADMIN_TABS = ['users', 'organisation', 'tokens', 'requests'] as const;
type AdminTab = (typeof ADMIN_TABS)[number];

/** Administration split by subject: users and their roles; facilities and programmes; API
 * tokens; changes waiting for a second administrator. Each tab is a page of its own with its
 * own heading, so nobody scrolls through everything to find one thing. */
export function AdminPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = ADMIN_TABS.find((x) => pathname.split('/').includes(x));
  useDocumentTitle(current ? `${t(`admin.tab.${current}`)} — ${t('nav.administration')}` : t('nav.administration'));
  // A change sent for approval shows up in the queue; an approval changes users and tokens.
  const [requested, setRequested] = useState(0);
  const [decided, setDecided] = useState(0);
  const pages: Record<AdminTab, React.ReactNode> = {
    users: <UsersSection version={decided} onRequested={() => setRequested((n) => n + 1)} />,
    organisation: <OrganisationSection />,
    tokens: <TokenSection version={decided} onRequested={() => setRequested((n) => n + 1)} />,
    requests: <AdminRequestsSection version={requested} onDecided={() => setDecided((n) => n + 1)} />,
  };
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.administration')}</h1>
      <nav className="tabs" aria-label={t('admin.sections')}>
        <ul>
          {ADMIN_TABS.map((x) => (
            <li key={x}>
              <NavLink to={`/admin/${x}`}>{t(`admin.tab.${x}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/admin/users" replace />} />
        {ADMIN_TABS.map((x) => (
          <Route key={x} path={x} element={pages[x]} />
        ))}
        <Route path="*" element={<Navigate to="/admin/users" replace />} />
      </Routes>
    </div>
  );
}
