import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { AdminRequestsSection } from './AdminRequestsSection';
import { OrganisationSection } from './OrganisationSection';
import { TokenSection } from './TokenSection';
import { UsersSection } from './UsersSection';

export function AdminPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.administration'));
  // A change sent for approval shows up in the queue; an approval changes users and tokens.
  const [requested, setRequested] = useState(0);
  const [decided, setDecided] = useState(0);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.administration')}</h1>
      <AdminRequestsSection version={requested} onDecided={() => setDecided((n) => n + 1)} />
      <UsersSection version={decided} onRequested={() => setRequested((n) => n + 1)} />
      <OrganisationSection />
      <TokenSection version={decided} onRequested={() => setRequested((n) => n + 1)} />
    </div>
  );
}
