import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Each view names itself in the window title (WCAG 2.4.2), in the current language. */
export function useDocumentTitle(page: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.pageTitle', { page });
  }, [page, t]);
}
