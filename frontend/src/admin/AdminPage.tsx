import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { OrganisationSection } from './OrganisationSection';
import { TokenSection } from './TokenSection';
import { UsersSection } from './UsersSection';

export function AdminPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.administration'));
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.administration')}</h1>
      <UsersSection />
      <OrganisationSection />
      <TokenSection />
    </div>
  );
}
