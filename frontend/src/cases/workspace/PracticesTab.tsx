import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { useFormat } from '../../i18n/format';
import { casePractices } from '../../api/records';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';

/** Which of the memorandum's practices this case's activities evidence; none-yet ones dimmed. */
export function PracticesTab() {
  const { t } = useTranslation();
  const { label } = useLabels();
  const f = useFormat();
  const { c } = useCase();
  const l = useLoad((s) => casePractices(c.id, s), [c.id, c.version]);
  return (
    <section aria-labelledby="tab-practices" className="tab">
      <h2 id="tab-practices">{t('workspace.tab.practices')}</h2>
      <p>{t('practices.intro')}</p>
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {l.data && (
        <table className="table" data-testid="practices">
          <caption className="visually-hidden">{t('workspace.tab.practices')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('practices.code')}</th>
              <th scope="col">{t('practices.title')}</th>
              <th scope="col">{t('practices.count')}</th>
              <th scope="col">{t('practices.last')}</th>
            </tr>
          </thead>
          <tbody>
            {l.data.items.map((p) => (
              <tr key={p.code} className={p.count === 0 ? 'dim' : undefined}>
                <th scope="row">{p.code}</th>
                <td>
                  {label('practice', p.code, p.title)}
                  {p.status !== 'confirmed' && <span className="muted"> ({t(`practices.status.${p.status}`)})</span>}
                </td>
                <td>{f.number(p.count, 0)}</td>
                <td>{f.date(p.last_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
