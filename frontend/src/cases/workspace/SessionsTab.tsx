import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { listSessions } from '../../api/records';
import { useFormat } from '../../i18n/format';
import { LoadMore } from '../../ui/LoadMore';
import { LoadState } from '../../ui/LoadState';
import { usePaged } from '../../ui/usePaged';
import { useCase } from './CaseContext';
import { Saved } from './Saved';
import { SessionForm } from './SessionForm';
import { useInterventionTypes } from './useCatalogue';

/** The columns of a session's first line; its notes span them all on the next. */
const SESSION_COLUMNS = 6;

export function SessionsTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const types = useInterventionTypes();
  const [saved, setSaved] = useState<string | null>(null);
  const list = usePaged((cursor, s) => listSessions(c.id, cursor, s), `${c.id}:${c.version}`);
  const { label } = useLabels();
  const typeName = (code: string) => label('interventionType', code, types.find((x) => x.code === code)?.name);
  const f = useFormat();
  return (
    <section aria-labelledby="tab-sessions" className="tab">
      <h2 id="tab-sessions">{t('workspace.tab.sessions')}</h2>
      <Saved message={saved} />
      {list.items.length > 0 ? (
        <div className="table-scroll table-scroll--sessions">
          <table className="table" data-testid="sessions">
            <caption className="visually-hidden">{t('workspace.tab.sessions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.date')}</th>
                <th scope="col">{t('sessions.type')}</th>
                <th scope="col">{t('sessions.minutes')}</th>
                <th scope="col">{t('sessions.format')}</th>
                <th scope="col">{t('sessions.attendance')}</th>
                <th scope="col">{t('sessions.engagement')}</th>
              </tr>
            </thead>
            {/* A session's notes take a line of their own under its facts, the width of the
             * table: as a seventh column they were squeezed to a few words a line on a phone
             * or a tablet, or pushed off-screen (trial 17, S2). One tbody per session keeps the
             * two lines together. */}
            {list.items.map((s) => {
              const mine = s.participants.find((p) => p.case_id === c.id) ?? s.participants[0];
              return (
                <tbody key={s.id} className="session-rows">
                  <tr>
                    <td>
                      <time dateTime={s.held_on}>{f.date(s.held_on)}</time>
                    </td>
                    <td>{typeName(s.intervention_type)}</td>
                    <td>{f.number(s.minutes, 0)}</td>
                    <td>{t(`format.${s.format}`)}</td>
                    <td>{mine ? t(`attendance.${mine.attendance}`) : '—'}</td>
                    <td>{mine?.engagement ?? '—'}</td>
                  </tr>
                  {s.notes && (
                    <tr className="session-rows__notes">
                      <td colSpan={SESSION_COLUMNS}>
                        <div className="session-rows__text">
                          <span className="muted">{t('sessions.notesLabel')}</span>{' '}
                          <span dir="auto" className="prose">
                            {s.notes}
                          </span>
                        </div>
                      </td>
                    </tr>
                  )}
                </tbody>
              );
            })}
          </table>
        </div>
      ) : (
        !list.loading && !list.error && <p>{t('workspace.empty')}</p>
      )}
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
      {c.phase !== 'closed' && (
        <SessionForm
          caseId={c.id}
          onSubmit={() => setSaved(null)}
          onSaved={() => {
            setSaved(t('sessions.saved'));
            reload();
          }}
        />
      )}
    </section>
  );
}
