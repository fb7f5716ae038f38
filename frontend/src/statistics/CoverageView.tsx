import { useTranslation } from 'react-i18next';
import { getCoverage } from '../api/oversight';
import type { Coverage } from '../api/types';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';

type Cell = Coverage['programmes'][number]['practices'][number]['activities'];

function CellValue({ cell }: { cell: Cell }) {
  const { t } = useTranslation();
  if (cell.suppressed) return <span className="suppressed">{t('statistics.suppressed')}</span>;
  return <>{cell.value ?? '—'}</>;
}

/** Which good practices each programme's recorded activities evidence, and its gaps. */
export function CoverageView({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const l = useLoad((s) => getCoverage({ from, to }, s), [from, to]);
  return (
    <section aria-labelledby="coverage-title" className="card">
      <h2 id="coverage-title">{t('coverage.title')}</h2>
      <p className="muted">{t('coverage.intro')}</p>
      <LoadState loading={l.loading} error={l.error} onRetry={l.reload} />
      {l.data && l.data.programmes.length === 0 && <p>{t('coverage.none')}</p>}
      {l.data?.programmes.map((p) => (
        <div key={p.programme} className="coverage">
          <h3>{p.name}</h3>
          {p.suppressed ? (
            <p className="suppressed">{t('coverage.programmeSuppressed', { threshold: String(l.data?.threshold ?? '') })}</p>
          ) : (
            <>
              <p>
                {t('coverage.gaps')}: {p.gaps.length ? p.gaps.join(', ') : t('coverage.noGaps')}
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
                      <td>{x.title}</td>
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
            </>
          )}
        </div>
      ))}
    </section>
  );
}
