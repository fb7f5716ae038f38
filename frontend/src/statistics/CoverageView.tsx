import { useTranslation } from 'react-i18next';
import type { Coverage } from '../api/types';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { LoadState } from '../ui/LoadState';
import type { Loaded } from '../ui/useLoad';
import { periodErrors } from './PeriodFields';

type Cell = Coverage['programmes'][number]['practices'][number]['activities'];

function CellValue({ cell }: { cell: Cell }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (cell.suppressed) return <span className="suppressed">{t('statistics.suppressed')}</span>;
  return <>{f.number(cell.value)}</>;
}

/** A practice as words, its code kept beside them. */
function PracticeName({ code, title }: { code: string; title?: string }) {
  const { label } = useLabels();
  return (
    <>
      {code} · {label('practice', code, title)}
    </>
  );
}

/** Which good practices each programme's recorded activities evidence over the chosen
 * months, and its gaps. `load` is the page's load (nothing while the period is unusable). */
export function CoverageView({ period, load: l }: { period: string; load: Loaded<Coverage | undefined> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { label } = useLabels();
  const data = l.error ? undefined : l.data;
  return (
    <section aria-labelledby="coverage-title" className="card">
      <h2 id="coverage-title">{period ? t('coverage.heading', { period }) : t('coverage.title')}</h2>
      <p className="muted">{t('coverage.intro')}</p>
      {!period || periodErrors(l.error) ? (
        <p className="muted">{t('statistics.fixPeriod')}</p>
      ) : (
        <LoadState loading={l.loading} error={l.error} onRetry={l.reload} />
      )}
      {data && data.programmes.length === 0 && <p>{t('coverage.none')}</p>}
      {data && data.programmes.length > 0 && <p className="muted">{t('coverage.shareNote')}</p>}
      {data?.programmes.map((p) => (
        <div key={p.programme} className="coverage">
          <h3 dir="auto">{p.name}</h3>
          <p>{t('coverage.casesInProgramme', { cases: f.number(p.cases, 0) })}</p>
          <h4 id={`coverage-gaps-${p.programme}`}>{t('coverage.gaps')}</h4>
          {p.gaps.length ? (
            <ul aria-labelledby={`coverage-gaps-${p.programme}`}>
              {p.gaps.map((code) => (
                <li key={code}>
                  <PracticeName code={code} title={p.practices.find((x) => x.practice === code)?.title} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('coverage.noGaps')}</p>
          )}
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t('coverage.tableCaption', { name: p.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('practices.code')}</th>
                  <th scope="col">{t('practices.title')}</th>
                  <th scope="col">{t('coverage.activities')}</th>
                  <th scope="col">{t('coverage.cases')}</th>
                  <th scope="col">{t('coverage.share')}</th>
                </tr>
              </thead>
              <tbody>
                {p.practices.map((x) => {
                  const evidenced = x.evidenced_by.length > 0;
                  return (
                    <tr key={x.practice} className={x.gap || !evidenced ? 'dim' : undefined} data-practice={x.practice}>
                      <th scope="row">{x.practice}</th>
                      <td>
                        {label('practice', x.practice, x.title)}
                        {x.status !== 'confirmed' && <span className="muted"> ({t(`practices.status.${x.status}`)})</span>}
                      </td>
                      {evidenced ? (
                        <>
                          <td>
                            <CellValue cell={x.activities} />
                          </td>
                          <td>
                            <CellValue cell={x.cases_touched} />
                          </td>
                          <td>
                            <CellValue cell={x.share_of_cases_percent} />
                          </td>
                        </>
                      ) : (
                        <td colSpan={3} className="muted">
                          {t('coverage.notEvidenced')}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
