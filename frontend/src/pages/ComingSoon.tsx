import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../shell/useDocumentTitle';

/** Stands in for a section that is planned but not built yet. */
export function ComingSoon({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  const title = t(titleKey);
  useDocumentTitle(title);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{title}</h1>
      <p>{t('comingSoon.body')}</p>
    </div>
  );
}
