import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../shell/useDocumentTitle';

export function Unavailable({ onRetry }: { onRetry(): void }) {
  const { t } = useTranslation();
  useDocumentTitle(t('unavailable.title'));
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('unavailable.title')}</h1>
      <p role="alert">{t('unavailable.body')}</p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        {t('unavailable.retry')}
      </button>
    </div>
  );
}
