import { useTranslation } from 'react-i18next';
import { timeline } from '../../api/cases';
import { useFormat } from '../../i18n/format';
import { humanise, useLabels } from '../../i18n/labels';
import { Chips } from '../../ui/Chips';
import { LoadMore } from '../../ui/LoadMore';
import { LoadState } from '../../ui/LoadState';
import { usePaged } from '../../ui/usePaged';
import { useCase } from './CaseContext';
import { TimelineLine } from './TimelineLine';

export function TimelineTab() {
  const { t } = useTranslation();
  const { c } = useCase();
  const f = useFormat();
  const { label } = useLabels();
  const list = usePaged((cursor, s) => timeline(c.id, cursor, s), `${c.id}:${c.version}`);
  return (
    <section aria-labelledby="tab-timeline" className="tab">
      <h2 id="tab-timeline">{t('workspace.tab.timeline')}</h2>
      {list.items.length === 0 && !list.loading && !list.error && <p>{t('workspace.empty')}</p>}
      <ol className="timeline" data-testid="timeline">
        {list.items.map((e) => (
          <li key={e.id} className="timeline__item">
            <p className="timeline__meta">
              <time dateTime={e.occurred_on}>{f.date(e.occurred_on)}</time> ·{' '}
              {t(`event.${e.kind.replace(/\./g, '_')}`, { defaultValue: humanise(e.kind) })}
              {e.actor && (
                <>
                  {' · '}
                  <bdi>{e.actor_name ?? e.actor}</bdi>
                </>
              )}
            </p>
            <TimelineLine e={e} />
            <Chips items={e.practices} label={t('workspace.practicesEvidenced')} word={(code) => label('practice', code)} />
          </li>
        ))}
      </ol>
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
