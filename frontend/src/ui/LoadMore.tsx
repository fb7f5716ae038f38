import { useTranslation } from 'react-i18next';

export function LoadMore({ cursor, loading, onMore }: { cursor?: string | undefined; loading: boolean; onMore(): void }) {
  const { t } = useTranslation();
  if (!cursor) return null;
  return (
    <button type="button" className="button" onClick={onMore} aria-disabled={loading || undefined}>
      {loading ? t('app.loading') : t('list.loadMore')}
    </button>
  );
}
