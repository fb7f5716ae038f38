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
      {data?.programmes.map((p) => (
        <div key={p.programme} className="coverage">
          <h3 dir="auto">{p.name}</h3>
          <p>{t('coverage.casesInProgramme', { cases: f.number(p.cases, 0) })}</p>
          <p>
            {t('punctuation.labelled', { label: t('coverage.gaps'), value: p.gaps.length ? p.gaps.join(', ') : t('coverage.noGaps') })}
          </p>
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
              {p.practices.map((x) => (
                <tr key={x.practice} className={x.gap ? 'dim' : undefined}>
                  <th scope="row">{x.practice}</th>
                  <td>{label('practice', x.practice, x.title)}</td>
                  <td>
                    <CellValue cell={x.activities} />
                  </td>
                  <td>
                    <CellValue cell={x.cases_touched} />
                  </td>
                  <td>
                    <CellValue cell={x.share_of_cases_percent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
