import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** What to show while a section loads or after it failed to. */
export function LoadState({ loading, error, onRetry }: { loading: boolean; error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error) {
    const status = error instanceof ApiError ? error.status : -1;
    const key = status === 404 ? 'load.notFound' : status === 403 ? 'load.forbidden' : status === 0 ? 'load.network' : 'load.failed';
    return (
      <div role="alert" className="form-error">
        <p>{t(key)}</p>
        {onRetry && status !== 404 && (
          <button type="button" className="button" onClick={onRetry}>
            {t('load.retry')}
          </button>
        )}
      </div>
    );
  }
  if (loading)
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  return null;
}
